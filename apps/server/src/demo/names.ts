/**
 * Word lists for the demo data. Every company name is made up from these parts; none is meant to
 * be a real enterprise.
 */

/** Common surnames, the most frequent repeated so they come up more often. */
export const surnames = [
  ..."王王王李李李张张张刘刘陈陈杨杨赵赵黄周吴徐孙孙胡朱朱高林何郭郭马马罗梁宋宋郑郑谢韩唐冯于董程曹袁邓许许傅沈曾彭吕苏卢蒋蔡贾丁魏魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文牛申路司岳楚党",
];

/** Given-name characters, by the names they are usual in. */
export const givenNameChars = {
  male: [
    ..."建国军伟强磊勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林海峰东亮成志新永文庆利兵春振广德彬晓瑞祥豪毅卫民胜书轩远",
  ],
  female: [..."芳娜敏静丽艳娟霞秀玲英燕萍梅琳雪倩颖慧婷佳欣丹洁蕾晶璐红兰桂香玉梓涵雨桐思月"],
};

/** 字号: first and second characters of the trade name. */
export const tradeNameFirst = [
  ..."瑞恒华金宏鑫德永天正豫众博盛同嘉立远新中汇隆昌泰安康顺兴宇辰锦银腾海科创智世万百东亿福润晨光明卓威鼎凯鸿",
];
export const tradeNameSecond = [
  ..."达通丰源润和诚信佳凯明晟祥泰盛昌兴发鑫宇辉航远力成业邦驰腾鼎联创科威豪瑞德安康荣华",
];

/** Words between trade name and legal form, by GB/T 4754 division (section letter + division). */
export const industryWords: Readonly<Record<string, readonly string[]>> = {
  C13: ["食品", "粮油", "面业", "饲料", "肉制品", "农副产品加工"],
  C14: ["食品", "食品科技", "调味品", "乳业", "烘焙食品"],
  C15: ["酒业", "饮品", "茶业"],
  C17: ["纺织", "纺织科技", "棉纺"],
  C18: ["服饰", "制衣", "服装"],
  C21: ["家具", "家居"],
  C22: ["纸业", "纸制品包装"],
  C23: ["印务", "彩印包装"],
  C26: ["化工", "精细化工", "涂料", "化学科技"],
  C27: ["药业", "制药", "生物医药", "中药饮片"],
  C29: ["塑业", "橡塑制品", "塑料制品"],
  C30: ["超硬材料", "新型建材", "耐火材料", "陶瓷", "金刚石制品", "玻璃制品"],
  C32: ["铝业", "铜业", "有色金属", "再生金属"],
  C33: ["金属制品", "钢结构", "五金制品", "铸造"],
  C34: ["机械", "机械设备", "起重设备", "阀门", "轴承", "液压科技"],
  C35: ["重工", "机械制造", "烟草机械", "医疗器械", "环保设备", "模具", "农业机械"],
  C36: ["汽车零部件", "汽车配件", "专用汽车", "车桥"],
  C38: ["电气", "电力设备", "电缆", "电器", "开关", "电力科技", "新能源科技", "储能科技", "照明"],
  C39: ["电子", "电子科技", "光电", "通信设备", "半导体", "智能装备"],
  C40: ["仪器仪表", "仪表", "计量设备"],
  C41: ["发制品", "工艺发制品", "假发"],
  C42: ["再生资源", "资源再生利用", "废旧物资回收利用"],
  D44: ["热力", "热电"],
  E48: ["建设工程", "路桥工程", "市政工程"],
  E50: ["装饰工程", "建筑装饰"],
  F51: ["商贸", "贸易", "物资", "供应链管理", "进出口贸易"],
  F52: ["商业", "超市", "百货", "汽车销售服务"],
  G54: ["物流", "运输", "货运"],
  G59: ["仓储", "仓储物流"],
  H62: ["餐饮管理"],
  I64: ["网络科技", "互联网科技"],
  I65: ["软件", "信息技术", "数据科技", "智能科技", "软件科技"],
  L72: ["企业管理", "人力资源服务", "商务服务"],
  M73: ["新材料研究院", "技术研究院"],
  M74: ["检测技术", "工程设计", "检验检测", "规划设计"],
  M75: ["科技服务", "技术服务", "科技孵化器"],
};

/** Divisions whose enterprises are often recognised as high-tech. */
export const techDivisions = new Set([
  "C26",
  "C27",
  "C30",
  "C34",
  "C35",
  "C38",
  "C39",
  "C40",
  "I64",
  "I65",
  "M73",
  "M74",
  "M75",
]);

/** 委局/单位 of each zone, with the short pinyin used in their user names. */
export const departmentNames: readonly { name: string; code: string }[] = [
  { name: "自然资源和规划局", code: "zrzy" },
  { name: "住房和城乡建设局", code: "zjj" },
  { name: "生态环境分局", code: "sthj" },
  { name: "供电公司", code: "gdgs" },
  { name: "税务局", code: "shuiwu" },
  { name: "人力资源和社会保障局", code: "rsj" },
  { name: "发展和改革局", code: "fgj" },
  { name: "工业和信息化局", code: "gxj" },
  { name: "商务局", code: "shangwu" },
  { name: "市场监督管理局", code: "scjg" },
  { name: "财政局", code: "czj" },
  { name: "应急管理局", code: "yjj" },
  { name: "金融工作局", code: "jrj" },
  { name: "科技局", code: "kjj" },
];

/** Mobile number prefixes of the three Chinese carriers. */
export const mobilePrefixes = [
  "130",
  "131",
  "132",
  "133",
  "135",
  "136",
  "137",
  "138",
  "139",
  "150",
  "151",
  "152",
  "153",
  "155",
  "156",
  "157",
  "158",
  "159",
  "166",
  "176",
  "177",
  "180",
  "181",
  "182",
  "183",
  "185",
  "186",
  "187",
  "188",
  "189",
  "199",
];
