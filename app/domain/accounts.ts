/**
 * Accounts' words: the five roles, the enterprises and institutions that join the portal (入驻),
 * how a registration compared with the market regulator's record, and the dispute of a registration
 * made under another firm's code (冒名注册申诉).
 */

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

/** How registration compared with 存续企业登记注册: `matched`, or `not_held` when the platform had no record. */
export const REGISTRY_CHECKS = ["matched", "not_held"] as const;
export type RegistryCheck = (typeof REGISTRY_CHECKS)[number];

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
