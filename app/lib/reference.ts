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
