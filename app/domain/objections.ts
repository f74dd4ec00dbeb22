/**
 * Objections (异议): what an enterprise can dispute, the deadline rule and the words for their states
 * (docs/decisions/005-objections.md).
 */

/** The kinds of credit data an enterprise can dispute item by item. */
export const CREDIT_ITEM_TYPES = ["monthly", "tax_grade", "event"] as const;
export type CreditItemType = (typeof CREDIT_ITEM_TYPES)[number];

export const OBJECTION_STATUSES = ["open", "upheld", "rejected"] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];
export const OBJECTION_STATUS_LABELS: Record<ObjectionStatus, string> = {
  open: "处理中",
  upheld: "已采纳并更正",
  rejected: "未采纳",
};

/** The bureau answers an objection within 10 working days of its filing. */
export const OBJECTION_DUE_WORKING_DAYS = 10;

/** The mark a disputed data item carries wherever it is shown. */
export const DISPUTED_MARK = "异议处理中";
