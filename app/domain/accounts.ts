/**
 * Accounts' words: the five roles, the enterprises and institutions that join the portal (入驻),
 * how a registration compared with the market regulator's record, and the dispute of a registration
 * made under another firm's code (冒名注册申诉).
 */
import type { RegistryStatus } from "./credit";

export const ROLES = ["enterprise", "bank_officer", "bank_admin", "bureau", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  enterprise: "企业用户",
  bank_officer: "客户经理",
  bank_admin: "机构管理员",
  bureau: "金融管理部门",
  admin: "系统管理员",
};

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

/**
 * 登记信息核验: how a registration compares with 存续企业登记注册. At registration it is `matched`, or
 * `not_held` when the platform had no record; a registry file that arrives later may turn it into
 * `mismatch` (the registered name or legal representative is not the firm's), `deregistered` (注销)
 * or `revoked` (吊销), or back to `matched` when a correction brings them in line again.
 */
export const REGISTRY_CHECKS = ["matched", "not_held", "mismatch", "deregistered", "revoked"] as const;
export type RegistryCheck = (typeof REGISTRY_CHECKS)[number];
export const REGISTRY_CHECK_LABELS: Record<RegistryCheck, string> = {
  matched: "与登记信息一致",
  not_held: "平台暂无登记信息",
  mismatch: "与登记信息不一致",
  deregistered: "企业已注销",
  revoked: "营业执照已吊销",
};
/** The checks that say a registration no longer stands as it was made: the admin is told and lists them. */
export const REGISTRY_CHECKS_NEEDING_REVIEW = ["mismatch", "deregistered", "revoked"] as const satisfies readonly RegistryCheck[];

/** A firm's status in 存续企业登记注册, as the market regulator's file words it. */
export const REGISTRY_STATUS_LABELS: Record<RegistryStatus, string> = { active: "存续", deregistered: "注销", revoked: "吊销" };

/** Company names compared as registered: full-width and half-width brackets alike, spaces ignored. */
export function comparableCompanyName(name: string): string {
  return name.replace(/（/g, "(").replace(/）/g, ")").replace(/\s+/g, "");
}

/** What 存续企业登记注册 holds of a firm. */
export type RegistryRecord = { name: string; legalRepName: string; status: RegistryStatus };
/** Which of a registration's facts differ from the registered ones. */
export type RegistryDifference = "name" | "legalRepName";

/**
 * A registration (the name and legal representative the firm gave) against the registry's current
 * record of its code, or null when the platform holds none. A firm no longer in existence is that,
 * whatever its name; otherwise the name (brackets and spaces normalised) and the legal representative
 * (trimmed) must be the registered ones.
 */
export function compareWithRegistry(
  registration: { name: string; legalRepName: string },
  record: RegistryRecord | null,
): { check: RegistryCheck; differences: RegistryDifference[] } {
  if (!record) return { check: "not_held", differences: [] };
  if (record.status !== "active") return { check: record.status, differences: [] };
  const differences: RegistryDifference[] = [];
  if (comparableCompanyName(record.name) !== comparableCompanyName(registration.name)) differences.push("name");
  if (record.legalRepName.trim() !== registration.legalRepName.trim()) differences.push("legalRepName");
  return { check: differences.length > 0 ? "mismatch" : "matched", differences };
}

export const REGISTRY_DIFFERENCE_LABELS: Record<RegistryDifference, string> = { name: "企业名称", legalRepName: "法定代表人" };

/**
 * The refusal of a code already registered; the register page offers the 冒名注册 dispute beside it
 * (here, not in the service, because the page's component compares with it in the browser too).
 */
export const USCC_TAKEN = "该统一社会信用代码已注册，请直接登录；如非本企业注册，可提出冒名注册申诉";

/** A 冒名注册 dispute: the admin upholds it (the registration is disabled) or dismisses it. */
export const REGISTRATION_DISPUTE_STATUSES = ["open", "upheld", "dismissed"] as const;
export type RegistrationDisputeStatus = (typeof REGISTRATION_DISPUTE_STATUSES)[number];
export const REGISTRATION_DISPUTE_STATUS_LABELS: Record<RegistrationDisputeStatus, string> = {
  open: "待处理",
  upheld: "申诉成立",
  dismissed: "已驳回",
};
