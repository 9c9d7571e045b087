/** One demo zone: its place in the tree, its people and the industries its enterprises are in. */
export interface ZoneSpec {
  /** Short code used in user names ("admin_jk", "dept_zrzy_jk"). */
  code: string;
  name: string;
  shortName: string;
  /** GB/T 2260 county code; positions 3–8 of the zone's credit codes. */
  divisionCode: string;
  /** Address prefix after the province. */
  addressPrefix: string;
  roads: readonly string[];
  parks: readonly string[];
  enterpriseCount: number;
  leaderCount: number;
  cadreCount: number;
  /** Weight of each division (section letter + 2 digits) among the zone's enterprises. */
  industryWeights: Readonly<Record<string, number>>;
}

export const province = { name: "河南省", divisionCode: "410000" };
export const city = { name: "许昌市", divisionCode: "411000" };

export const zoneSpecs: readonly ZoneSpec[] = [
  {
    code: "jk",
    name: "许昌经济技术开发区",
    shortName: "经开区",
    divisionCode: "411002",
    addressPrefix: "许昌市经济技术开发区",
    roads: ["魏武大道", "瑞祥路", "芙蓉大道", "昌盛路", "经三路", "经五路", "纬二路", "纬四路", "兴业大道", "长兴路"],
    parks: ["电力装备产业园", "发制品产业园", "食品产业园"],
    enterpriseCount: 440,
    leaderCount: 16,
    cadreCount: 165,
    industryWeights: {
      C38: 16,
      C34: 9,
      C35: 9,
      C41: 9,
      C36: 7,
      C33: 7,
      C13: 5,
      C14: 5,
      C29: 4,
      C30: 3,
      C32: 3,
      C42: 3,
      C17: 2,
      C18: 2,
      C21: 2,
      C22: 2,
      C26: 2,
      C23: 1,
      C40: 1,
      D44: 1,
      E48: 1,
      F51: 7,
      F52: 2,
      G54: 3,
      G59: 2,
      H62: 1,
      I65: 2,
      L72: 2,
      M74: 2,
    },
  },
  {
    code: "gx",
    name: "许昌高新技术产业开发区",
    shortName: "高新区",
    divisionCode: "411003",
    addressPrefix: "许昌市高新技术产业开发区",
    roads: ["新兴路", "尚集大道", "明礼街", "智慧大道", "科技路", "创新路", "永昌大道", "经十路", "纬十二路"],
    parks: ["超硬材料产业园", "电子信息产业园"],
    enterpriseCount: 360,
    leaderCount: 13,
    cadreCount: 135,
    industryWeights: {
      C39: 12,
      C30: 10,
      C38: 10,
      C27: 7,
      C26: 6,
      C35: 6,
      C34: 5,
      C40: 4,
      C29: 3,
      C36: 3,
      C14: 2,
      C41: 2,
      C15: 1,
      E50: 1,
      F51: 6,
      G54: 2,
      I64: 2,
      I65: 9,
      L72: 2,
      M73: 4,
      M74: 4,
      M75: 4,
    },
  },
];
