/** Deterministic Chinese names for demo people and companies. */
import type { Rng } from "~/lib/random";

const SURNAMES = [
  ..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严戴莫孔汤",
];
const GIVEN = [
  ..."伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力斌宇浩凯鹏飞琳雪梅欣怡晨阳子涵思远佳瑶嘉俊志伟建国海燕晓东立新",
];

export function personName(rng: Rng): string {
  const given = rng.chance(0.7) ? rng.pick(GIVEN) + rng.pick(GIVEN) : rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given;
}

const BRAND_SYLLABLES = [..."恒华盛泰鑫宏伟达瑞丰源通联创新宇博嘉信德隆兴远顺安康益昌汇鼎峰凯旭晟弘佳润泽澜锦辰晶科立诚铭升亿特"];

/** Words that say what a company in each industry section does. */
const INDUSTRY_WORDS: Record<string, readonly string[]> = {
  A: ["生态农业", "农业科技", "水产养殖", "苗木"],
  B: ["矿业", "石材"],
  C: [
    "精密机械",
    "电子科技",
    "新材料",
    "智能装备",
    "纺织",
    "汽车零部件",
    "光电科技",
    "医疗器械",
    "包装材料",
    "模具",
    "化纤",
    "电气",
    "金属制品",
    "塑胶制品",
  ],
  D: ["新能源", "热力", "燃气设备"],
  E: ["建设工程", "建筑装饰", "市政工程", "安装工程"],
  F: ["贸易", "商贸", "供应链管理", "进出口", "五金交电"],
  G: ["物流", "运输", "仓储", "货运代理"],
  H: ["餐饮管理", "酒店管理", "食品"],
  I: ["信息技术", "软件", "网络科技", "数据科技", "智能科技"],
  J: ["投资咨询", "保险代理"],
  K: ["物业管理", "房地产经纪"],
  L: ["企业管理咨询", "会展服务", "人力资源", "广告"],
  M: ["检测技术", "工程设计", "生物科技", "技术服务"],
  N: ["环保科技", "园林绿化", "水务工程"],
  O: ["家政服务", "汽车维修", "洗涤服务"],
  P: ["教育科技", "职业培训"],
  Q: ["医疗管理", "康复护理", "养老服务"],
  R: ["文化传媒", "体育发展", "影视制作"],
  S: ["社会服务"],
  T: ["国际交流服务"],
};

/** Place words used in company names by district; the industrial park and Huqiu trade as 苏州. */
const DISTRICT_PREFIX: Record<string, readonly string[]> = {
  "320508": ["苏州", "姑苏"],
  "320505": ["苏州", "苏州高新"],
  "320506": ["苏州", "吴中"],
  "320507": ["苏州", "相城"],
  "320509": ["吴江", "苏州"],
  "320571": ["苏州", "苏州工业园区"],
  "320581": ["常熟"],
  "320582": ["张家港"],
  "320583": ["昆山"],
  "320585": ["太仓"],
};

export function companyName(rng: Rng, districtCode: string, industrySection: string): string {
  const place = rng.pick(DISTRICT_PREFIX[districtCode] ?? ["苏州"]);
  const brand = rng.pick(BRAND_SYLLABLES) + rng.pick(BRAND_SYLLABLES);
  const trade = rng.pick(INDUSTRY_WORDS[industrySection] ?? ["实业"]);
  return `${place}${brand}${trade}有限公司`;
}

export function mobileNumber(rng: Rng): string {
  const prefix = rng.pick(["138", "139", "136", "137", "150", "151", "152", "158", "159", "186", "187", "188", "189", "177", "180", "181"]);
  return prefix + String(rng.int(0, 99_999_999)).padStart(8, "0");
}
