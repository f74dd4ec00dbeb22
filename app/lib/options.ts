/** Select options built from the reference lists, shared by every form that asks for them. */
import { ENTERPRISE_SIZE_LABELS, ENTERPRISE_SIZES, INSTITUTION_KIND_LABELS, INSTITUTION_KINDS } from "~/domain/accounts";
import { DISTRICTS, INDUSTRY_SECTIONS } from "./reference";

export const DISTRICT_OPTIONS = DISTRICTS.map((d) => ({
  value: d.code,
  label: d.alias ? `${d.name}（${d.alias}）` : d.name,
}));
export const INDUSTRY_OPTIONS = INDUSTRY_SECTIONS.map((s) => ({ value: s.code, label: `${s.code} ${s.name}` }));
export const SIZE_OPTIONS = ENTERPRISE_SIZES.map((s) => ({ value: s, label: ENTERPRISE_SIZE_LABELS[s] }));
export const INSTITUTION_KIND_OPTIONS = INSTITUTION_KINDS.map((k) => ({ value: k, label: INSTITUTION_KIND_LABELS[k] }));
