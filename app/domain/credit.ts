/**
 * Credit data's words (DESIGN.md §4): the monthly sources, the yearly tax credit grade, public-record
 * events and penalty severities, the registration status the market regulator keeps, and the batches
 * every delivery arrives in — what they hold and which door they came through.
 */

export const CREDIT_SOURCES = ["electricity", "water", "gas", "tax", "social_insurance", "housing_fund"] as const;
export type CreditSource = (typeof CREDIT_SOURCES)[number];
export const CREDIT_SOURCE_LABELS: Record<CreditSource, string> = {
  electricity: "用电",
  water: "用水",
  gas: "用气",
  tax: "纳税",
  social_insurance: "社保",
  housing_fund: "公积金",
};

/** 纳税信用等级, published each April for the year before. */
export const TAX_GRADES = ["A", "B", "M", "C", "D"] as const;
export type TaxGrade = (typeof TAX_GRADES)[number];

export const CREDIT_EVENT_KINDS = [
  "penalty",
  "dishonest_entry",
  "dishonest_exit",
  "enforcement_open",
  "enforcement_closed",
  "credit_repair",
  "honour",
  "commitment_breach",
  "breach_revoked",
] as const;
export type CreditEventKind = (typeof CREDIT_EVENT_KINDS)[number];
export const CREDIT_EVENT_KIND_LABELS: Record<CreditEventKind, string> = {
  penalty: "行政处罚",
  dishonest_entry: "列入严重失信主体名单",
  dishonest_exit: "移出严重失信主体名单",
  enforcement_open: "被执行人（执行中）",
  enforcement_closed: "被执行人（已结案）",
  credit_repair: "信用修复完成",
  honour: "荣誉表彰",
  commitment_breach: "违反信用承诺",
  breach_revoked: "违诺记录撤销",
};

/** An administrative penalty's severity (一般/较重/严重). */
export const PENALTY_SEVERITIES = ["general", "serious", "grave"] as const;
export type PenaltySeverity = (typeof PENALTY_SEVERITIES)[number];
export const PENALTY_SEVERITY_LABELS: Record<PenaltySeverity, string> = { general: "一般", serious: "较重", grave: "严重" };

/** A firm's status in 存续企业登记注册. */
export const REGISTRY_STATUSES = ["active", "deregistered", "revoked"] as const;
export type RegistryStatus = (typeof REGISTRY_STATUSES)[number];

/** What a batch holds; `registry`: 存续企业登记注册 records (name, legal representative, status) from the market regulator. */
export const BATCH_KINDS = ["monthly", "tax_grade", "event", "registry"] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];
export const BATCH_KIND_LABELS: Record<BatchKind, string> = {
  monthly: "月度数据",
  tax_grade: "纳税信用等级",
  event: "公共信用事件",
  registry: "存续企业登记注册信息",
};

/** An uploaded file's import, as its upload page follows it. */
export const IMPORT_JOB_STATES = ["queued", "running", "done", "failed"] as const;
export type ImportJobState = (typeof IMPORT_JOB_STATES)[number];
/** The two passes of an import: every row checked, then the batch written. */
export const IMPORT_PHASES = ["validate", "apply"] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

/** How a batch reached the portal. */
export const BATCH_ORIGINS = ["sync", "upload", "push", "seed", "objection", "repair", "breach"] as const;
export type BatchOrigin = (typeof BATCH_ORIGINS)[number];
export const BATCH_ORIGIN_LABELS: Record<BatchOrigin, string> = {
  sync: "平台同步",
  upload: "文件上传",
  push: "接口推送",
  seed: "演示数据",
  objection: "异议更正",
  repair: "信用修复",
  breach: "违诺记录",
};

/** The authority named on the public records the platform itself writes: a repair it accepted, a breach the bureau recorded. */
export const PLATFORM_AUTHORITY = "苏州市信易贷平台（市金融管理部门）";

/** What a provider may be allowed to write: a monthly source, tax grades, public-record events or registration records. */
export const PROVIDER_PERMISSIONS = [...CREDIT_SOURCES, "tax_grade", "event", "registry"] as const;
export type ProviderPermission = (typeof PROVIDER_PERMISSIONS)[number];

export const PERMISSION_LABELS: Record<ProviderPermission, string> = {
  ...CREDIT_SOURCE_LABELS,
  tax_grade: BATCH_KIND_LABELS.tax_grade,
  event: BATCH_KIND_LABELS.event,
  registry: BATCH_KIND_LABELS.registry,
};

/** The permission a batch needs: its monthly source, or its kind. Null for monthly rows naming their own source. */
export function permissionFor(kind: BatchKind, source: string | null | undefined): string | null {
  return kind === "monthly" ? (source ?? null) : kind;
}
