/** A tag the deployment starts with (domain.md §2). Admins may rename, archive or add tags later. */
export interface DefaultTag {
  name: string;
  category: string;
  sortOrder: number;
}

/**
 * The enterprise tags zones use in their registers and reports, grouped by what they say about
 * the enterprise: statistics registers (规上/限上), science and technology recognitions, the
 * zone's own cultivation lists, and national rankings.
 */
export const defaultTags: readonly DefaultTag[] = [
  { name: "规上工业企业", category: "统计口径", sortOrder: 10 },
  { name: "限上商贸企业", category: "统计口径", sortOrder: 20 },
  { name: "规上服务业", category: "统计口径", sortOrder: 30 },
  { name: "高新技术企业", category: "科技创新", sortOrder: 110 },
  { name: "科技型中小企业", category: "科技创新", sortOrder: 120 },
  { name: "专精特新中小企业", category: "科技创新", sortOrder: 130 },
  { name: '专精特新"小巨人"（国家级）', category: "科技创新", sortOrder: 140 },
  { name: '专精特新"小巨人"（省级）', category: "科技创新", sortOrder: 150 },
  { name: "重点企业", category: "重点培育", sortOrder: 210 },
  { name: "高成长性企业", category: "重点培育", sortOrder: 220 },
  { name: "挂牌扶持", category: "重点培育", sortOrder: 230 },
  { name: "中国企业500强", category: "企业排名", sortOrder: 310 },
  { name: "世界500强", category: "企业排名", sortOrder: 320 },
];

/** The default tag names, for code (such as the demo generator) that refers to them. */
export const defaultTagNames = {
  aboveScaleIndustry: "规上工业企业",
  aboveLimitTrade: "限上商贸企业",
  aboveScaleServices: "规上服务业",
  highTech: "高新技术企业",
  techSme: "科技型中小企业",
  specialisedSme: "专精特新中小企业",
  littleGiantNational: '专精特新"小巨人"（国家级）',
  littleGiantProvincial: '专精特新"小巨人"（省级）',
  key: "重点企业",
  highGrowth: "高成长性企业",
  listedForSupport: "挂牌扶持",
  chinaTop500: "中国企业500强",
  globalTop500: "世界500强",
} as const;
