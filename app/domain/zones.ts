/**
 * 专区 (themed zones) of the 金融超市: each gathers the products carrying one of its tags. A product
 * may belong to several zones, and so a loan counts in every zone its product belongs to (the zones'
 * figures do not add up to the city's); membership follows the product's tags as they are now.
 */
export const ZONES = [
  { key: "first-loan", name: "首贷专区", tags: ["首贷"], blurb: "面向从未在银行贷过款的企业，门槛低、流程快" },
  { key: "tech", name: "科技·专精特新专区", tags: ["科技", "专精特新"], blurb: "面向科技型、专精特新中小企业，看重知识产权与成长性" },
  { key: "green", name: "绿色金融专区", tags: ["绿色"], blurb: "支持节能环保、清洁能源与绿色转型项目" },
  { key: "agri", name: "三农专区", tags: ["三农"], blurb: "服务农业经营主体与涉农小微企业" },
  { key: "small", name: "小微专区", tags: ["小微"], blurb: "小额、灵活、随借随还的小微企业信用贷款" },
] as const;
export type Zone = (typeof ZONES)[number];
export type ZoneKey = Zone["key"];

export function zoneByKey(key: string): Zone | undefined {
  return ZONES.find((z) => z.key === key);
}

/** The zones a product with these tags belongs to. */
export function zonesOfTags(tags: readonly string[]): Zone[] {
  return ZONES.filter((z) => z.tags.some((t) => tags.includes(t)));
}

/** The zone breakdown's definition, as the report's notes give it. */
export const ZONE_DEFINITION =
  "按专区：专区按信贷产品的标签划分（首贷专区：首贷；科技·专精特新专区：科技或专精特新；绿色金融专区：绿色；三农专区：三农；小微专区：小微）。一笔贷款计入其所属产品所在的每一个专区，因此各专区合计可能大于全市放款；未关联产品的贷款不计入任何专区。";
