/** District and industry reference lists, copied unchanged from shared/reference. */
import districtsFile from "~/reference/suzhou-districts.json";
import industriesFile from "~/reference/industry-sections.json";

export type District = { code: string; name: string; alias?: string };
export type IndustrySection = { code: string; name: string };

export const CITY = districtsFile.city;
export const DISTRICTS: readonly District[] = districtsFile.districts;
export const INDUSTRY_SECTIONS: readonly IndustrySection[] = industriesFile.sections;

export const DISTRICT_CODES = DISTRICTS.map((d) => d.code);
export const INDUSTRY_CODES = INDUSTRY_SECTIONS.map((s) => s.code);

const districtByCode = new Map(DISTRICTS.map((d) => [d.code, d]));
const industryByCode = new Map(INDUSTRY_SECTIONS.map((s) => [s.code, s]));

export function districtName(code: string): string {
  return districtByCode.get(code)?.name ?? code;
}

export function industryName(code: string): string {
  return industryByCode.get(code)?.name ?? code;
}

/** 企业规模: the portal serves SMEs, so 大型 is not offered. */
export const ENTERPRISE_SIZES = ["micro", "small", "medium"] as const;
export type EnterpriseSize = (typeof ENTERPRISE_SIZES)[number];
export const ENTERPRISE_SIZE_LABELS: Record<EnterpriseSize, string> = {
  micro: "微型",
  small: "小型",
  medium: "中型",
};

export const INSTITUTION_KINDS = [
  "state_bank",
  "joint_stock_bank",
  "city_bank",
  "rural_bank",
  "village_bank",
  "microloan",
  "guarantee",
] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];
export const INSTITUTION_KIND_LABELS: Record<InstitutionKind, string> = {
  state_bank: "国有大型银行",
  joint_stock_bank: "股份制银行",
  city_bank: "城市商业银行",
  rural_bank: "农村商业银行",
  village_bank: "村镇银行",
  microloan: "小额贷款公司",
  guarantee: "融资担保公司",
};
