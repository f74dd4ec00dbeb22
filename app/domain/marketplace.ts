/**
 * The financing marketplace's words: how a loan is secured, and the states of a financing need
 * (融资需求), of an institution's claim on it (接单/受理 → 授信 → 放款) and of a loan (贷后状态).
 * The moves between the states are in ./lifecycle.ts.
 */

/** 担保方式; `credit` is the 信用贷款 the statistics single out. */
export const GUARANTEE_MODES = ["credit", "guarantee", "mortgage", "pledge"] as const;
export type GuaranteeMode = (typeof GUARANTEE_MODES)[number];
export const GUARANTEE_MODE_LABELS: Record<GuaranteeMode, string> = {
  credit: "信用",
  guarantee: "保证",
  mortgage: "抵押",
  pledge: "质押",
};

/** Orders of the 金融超市: newest listed first, lowest rate, largest amount, longest term. */
export const MARKET_SORTS = ["newest", "rate", "amount", "term"] as const;
export type MarketSort = (typeof MARKET_SORTS)[number];
export const MARKET_SORT_LABELS: Record<MarketSort, string> = {
  newest: "最新上架",
  rate: "利率从低到高",
  amount: "额度从高到低",
  term: "期限从长到短",
};

/** `declined`: an application (申请) the product's institution answered 不予受理, with a reason the firm is told. */
export const NEED_STATUSES = ["open", "fulfilled", "withdrawn", "expired", "declined"] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];
export const NEED_STATUS_LABELS: Record<NeedStatus, string> = {
  open: "征集中",
  fulfilled: "已放款",
  withdrawn: "已撤回",
  expired: "已过期",
  declined: "不予受理",
};

export const CLAIM_STATUSES = ["claimed", "granted", "rejected", "disbursed", "cancelled"] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const CLAIM_STATUS_LABELS: Record<ClaimStatus, string> = {
  claimed: "已受理",
  granted: "已授信",
  rejected: "未通过",
  disbursed: "已放款",
  cancelled: "已取消",
};
/** Claims still in progress (在办): an officer must act on them before they end. */
export const OPEN_CLAIM_STATUSES = ["claimed", "granted"] as const satisfies readonly ClaimStatus[];

export const LOAN_STATUSES = ["normal", "overdue", "npl", "settled"] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];
export const LOAN_STATUS_LABELS: Record<LoanStatus, string> = {
  normal: "正常",
  overdue: "逾期",
  npl: "不良",
  settled: "已结清",
};

/** 放款渠道: into the firm's bank account, or its 数字人民币 (e-CNY) wallet, which the report counts apart. */
export const DISBURSEMENT_CHANNELS = ["bank_account", "ecny"] as const;
export type DisbursementChannel = (typeof DISBURSEMENT_CHANNELS)[number];
export const DISBURSEMENT_CHANNEL_LABELS: Record<DisbursementChannel, string> = {
  bank_account: "银行账户",
  ecny: "数字人民币钱包",
};

/** The tags a product (and a policy) may carry; the 专区 are built on them. */
export const PRODUCT_TAGS = ["首贷", "续贷", "科技", "绿色", "三农", "小微", "外贸", "专精特新", "纳税信用", "随借随还"] as const;

/** What a financing need's money is for. */
export const LOAN_PURPOSES = ["流动资金周转", "原材料采购", "设备购置", "技术改造", "研发投入", "订单生产", "厂房租赁", "其他"] as const;

/** Why an officer refused a claim (未通过), as the enterprise is told. */
export const REJECT_REASON_CODES = [
  "insufficient_cash_flow",
  "credit_record",
  "not_eligible",
  "incomplete_materials",
  "high_leverage",
  "industry_policy",
  "enterprise_declined",
  "other",
] as const;
export type RejectReason = (typeof REJECT_REASON_CODES)[number];
export const REJECT_REASONS: Record<RejectReason, string> = {
  insufficient_cash_flow: "经营现金流不足以覆盖还款",
  credit_record: "信用记录不符合要求",
  not_eligible: "不符合产品准入条件",
  incomplete_materials: "资料不完整或无法核实",
  high_leverage: "负债率过高",
  industry_policy: "行业政策限制",
  enterprise_declined: "企业主动放弃",
  other: "其他原因",
};

/**
 * The least a disbursement may be: the granted product's minimum amount, or the granted amount if
 * the product's minimum was raised after the grant (the grant itself was within the product then).
 */
export function disbursementFloorFen(grantedAmountFen: number, productMinFen: number | null): number {
  return Math.min(grantedAmountFen, productMinFen ?? grantedAmountFen);
}

/** A disbursement below this share of the grant needs the officer's explicit confirmation. */
export const CONFIRM_BELOW_GRANT_SHARE = 0.5;
