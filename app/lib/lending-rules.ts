/**
 * Rate limits a product must respect. The one-year Loan Prime Rate as last published here, and the
 * judicial protection ceiling of four times it (最高人民法院关于审理民间借贷案件适用法律若干问题的规定,
 * 2020 revision, art. 25). Update LPR_ONE_YEAR_BP when the National Interbank Funding Center publishes
 * a new LPR (on the 20th of each month).
 */
import { formatRateBp } from "./money";

export const LPR_ONE_YEAR_BP = 300;
export const LPR_AS_OF = "2025-05-20";
export const RATE_CEILING_BP = 4 * LPR_ONE_YEAR_BP;

/** "LPR+85BP" / "LPR−20BP" / "LPR" — how banks quote loan rates. */
export function lprRelative(rateBp: number): string {
  const spread = rateBp - LPR_ONE_YEAR_BP;
  if (spread === 0) return "LPR";
  return `LPR${spread > 0 ? "+" : "−"}${Math.abs(spread)}BP`;
}

export const RATE_CEILING_TEXT = `年化利率不得超过一年期 LPR（${formatRateBp(LPR_ONE_YEAR_BP)}）的4倍，即 ${formatRateBp(RATE_CEILING_BP)}`;

export const PRODUCT_TAGS = ["首贷", "续贷", "科技", "绿色", "三农", "小微", "外贸", "专精特新", "纳税信用", "随借随还"] as const;

export const REJECT_REASONS = {
  insufficient_cash_flow: "经营现金流不足以覆盖还款",
  credit_record: "信用记录不符合要求",
  not_eligible: "不符合产品准入条件",
  incomplete_materials: "资料不完整或无法核实",
  high_leverage: "负债率过高",
  industry_policy: "行业政策限制",
  enterprise_declined: "企业主动放弃",
  other: "其他原因",
} as const;
export type RejectReason = keyof typeof REJECT_REASONS;

export const LOAN_PURPOSES = ["流动资金周转", "原材料采购", "设备购置", "技术改造", "研发投入", "订单生产", "厂房租赁", "其他"] as const;
