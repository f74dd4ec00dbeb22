/**
 * 无还本续贷 (renewal without repayment of principal): from a loan maturing within
 * RENEWAL_WINDOW_DAYS the enterprise asks its bank to renew (amount ≤ the loan, a term); the bank
 * approves — a new loan linked to the old one, disbursed the day the old one is settled, so there is
 * no gap — or declines with a reason. A request still open when the loan matures lapses.
 *
 *   requested ──approve──▶ approved      requested ──decline──▶ declined
 *   requested ──withdraw (the enterprise)──▶ withdrawn
 *   requested ──lapse (the loan matured undecided)──▶ lapsed
 *
 * A renewal is a loan: it counts in 放款 and apart as 其中续贷; it is never a 首贷户 (the enterprise's
 * original loan comes first) and its wait is not a 放款时长 (it was never a need's answer).
 */
import { addDays } from "~/lib/time";
import { daysBetween, maturityDateOf } from "./maturity";
import type { LoanStatus } from "./marketplace";
import type { Transition } from "./lifecycle";

/** How long before maturity a renewal may be asked for (四贷联动: at least a month ahead). */
export const RENEWAL_WINDOW_DAYS = 30;

export const RENEWAL_STATUSES = ["requested", "approved", "declined", "withdrawn", "lapsed"] as const;
export type RenewalStatus = (typeof RENEWAL_STATUSES)[number];
export const RENEWAL_STATUS_LABELS: Record<RenewalStatus, string> = {
  requested: "待银行审批",
  approved: "已续贷",
  declined: "银行未同意",
  withdrawn: "已撤回",
  lapsed: "到期未审批",
};

export type RenewalEvent = "approve" | "decline" | "withdraw" | "lapse";
const RENEWAL_EVENT_WORDS: Record<RenewalEvent, string> = { approve: "同意续贷", decline: "不同意续贷", withdraw: "撤回", lapse: "失效" };
const RENEWAL_MOVES: Record<RenewalEvent, RenewalStatus> = {
  approve: "approved",
  decline: "declined",
  withdraw: "withdrawn",
  lapse: "lapsed",
};

export function renewalTransition(from: RenewalStatus, event: RenewalEvent): Transition<RenewalStatus> {
  if (from === "requested") return { ok: true, to: RENEWAL_MOVES[event] };
  return { ok: false, message: `该续贷申请当前为“${RENEWAL_STATUS_LABELS[from]}”，不能${RENEWAL_EVENT_WORDS[event]}` };
}

export type RenewableLoan = {
  disbursedOn: string;
  termMonths: number;
  status: LoanStatus;
  amountFen: number;
  renewedByLoanId: number | null;
};

/** Why a loan cannot be renewed today, or null when it can: settled, renewed, not in good standing, outside the window. */
export function renewalRefusal(loan: RenewableLoan, today: string): string | null {
  if (loan.renewedByLoanId !== null) return "该笔贷款已办理续贷";
  if (loan.status === "settled") return "该笔贷款已结清";
  if (loan.status !== "normal") return "无还本续贷仅适用于还款正常的贷款，逾期或不良贷款请与银行联系";
  const maturesOn = maturityDateOf(loan.disbursedOn, loan.termMonths);
  const days = daysBetween(today, maturesOn);
  if (days < 0) return `该笔贷款已于 ${maturesOn} 到期，续贷须在到期日前办理`;
  if (days > RENEWAL_WINDOW_DAYS) {
    return `到期前 ${RENEWAL_WINDOW_DAYS} 天内可申请续贷（该笔贷款 ${maturesOn} 到期，可于 ${addDays(maturesOn, -RENEWAL_WINDOW_DAYS)} 起申请）`;
  }
  return null;
}
