/**
 * 风险补偿资金池: money a city or district puts behind credit loans. Banks opt products in and the
 * bureau approves; a loan disbursed under a covered product, to a firm the sponsor covers, while the
 * pool has room, is enrolled (入池) at disbursement. When it goes bad the bank files a 代偿申请 and the
 * bureau pays the fund's share of the loss; later recoveries come back in the same share.
 *
 * The balance is the sum of an append-only ledger (capital in, payouts out, recoveries in); room is
 * what the leverage limit leaves: covered outstanding (在保余额) ≤ leverage × balance. Amounts are fen,
 * the share is basis points; a share is rounded down to the fen, so the fund never pays a fraction it
 * does not owe and never takes back more than it paid.
 *
 *   pool product: requested ──approve──▶ approved      requested ──refuse──▶ refused
 *                 requested | approved ──withdraw (the bank)──▶ withdrawn   (loans enrolled stay enrolled)
 *   代偿申请:      filed ──approve (pays)──▶ approved      filed ──refuse (with reason)──▶ refused
 */
import type { Transition } from "./lifecycle";

export const POOL_SPONSOR_CITY = "city";

export const POOL_PRODUCT_STATUSES = ["requested", "approved", "refused", "withdrawn"] as const;
export type PoolProductStatus = (typeof POOL_PRODUCT_STATUSES)[number];
export const POOL_PRODUCT_STATUS_LABELS: Record<PoolProductStatus, string> = {
  requested: "待审核",
  approved: "已纳入",
  refused: "未通过",
  withdrawn: "已退出",
};

export const COMPENSATION_STATUSES = ["filed", "approved", "refused"] as const;
export type CompensationStatus = (typeof COMPENSATION_STATUSES)[number];
export const COMPENSATION_STATUS_LABELS: Record<CompensationStatus, string> = {
  filed: "待审核",
  approved: "已代偿",
  refused: "未通过",
};

/** The ledger's movements: capital in (出资/追加), a payout out (代偿), a recovery back in (回收). */
export const POOL_LEDGER_KINDS = ["capital", "payout", "recovery"] as const;
export type PoolLedgerKind = (typeof POOL_LEDGER_KINDS)[number];
export const POOL_LEDGER_KIND_LABELS: Record<PoolLedgerKind, string> = {
  capital: "出资",
  payout: "代偿支出",
  recovery: "回收返还",
};

/** Why an enrolled loan left the pool's cover. */
export const POOL_RELEASE_REASONS = ["settled", "renewed", "compensated"] as const;
export type PoolReleaseReason = (typeof POOL_RELEASE_REASONS)[number];
export const POOL_RELEASE_REASON_LABELS: Record<PoolReleaseReason, string> = {
  settled: "贷款结清",
  renewed: "已续贷",
  compensated: "已代偿",
};

export type PoolProductEvent = "approve" | "refuse" | "withdraw";
const POOL_PRODUCT_MOVES: Record<PoolProductStatus, Partial<Record<PoolProductEvent, PoolProductStatus>>> = {
  requested: { approve: "approved", refuse: "refused", withdraw: "withdrawn" },
  approved: { withdraw: "withdrawn" },
  refused: {},
  withdrawn: {},
};
const POOL_PRODUCT_EVENT_WORDS: Record<PoolProductEvent, string> = { approve: "纳入", refuse: "不予纳入", withdraw: "退出" };

export function poolProductTransition(from: PoolProductStatus, event: PoolProductEvent): Transition<PoolProductStatus> {
  const to = POOL_PRODUCT_MOVES[from][event];
  if (to) return { ok: true, to };
  return { ok: false, message: `该产品在资金池中为“${POOL_PRODUCT_STATUS_LABELS[from]}”，不能${POOL_PRODUCT_EVENT_WORDS[event]}` };
}

export type CompensationEvent = "approve" | "refuse";
export function compensationTransition(from: CompensationStatus, event: CompensationEvent): Transition<CompensationStatus> {
  if (from === "filed") return { ok: true, to: event === "approve" ? "approved" : "refused" };
  return { ok: false, message: `该代偿申请已审核（${COMPENSATION_STATUS_LABELS[from]}），不能再审核` };
}

/**
 * The fund's share of an amount, rounded down to the fen. Split at 10,000 fen so the product stays an
 * exact integer for any safe amount (amount × bp alone passes 2^53 from about ¥9 亿 upward).
 */
export function fundShareOf(amountFen: number, shareBp: number): number {
  const whole = Math.floor(amountFen / 10_000);
  return whole * shareBp + Math.floor(((amountFen - whole * 10_000) * shareBp) / 10_000);
}

/** How much more covered outstanding the pool may take: leverage × balance − covered outstanding (never negative). */
export function poolRoomFen(balanceFen: number, leverageLimit: number, coveredOutstandingFen: number): number {
  return Math.max(0, balanceFen * leverageLimit - coveredOutstandingFen);
}

/** Covered outstanding ÷ balance; null when the balance is 0. */
export function leverageOf(coveredOutstandingFen: number, balanceFen: number): number | null {
  return balanceFen > 0 ? coveredOutstandingFen / balanceFen : null;
}

/** "3.25 / 10 倍": the leverage now against its limit. */
export function leverageText(leverage: number | null, limit: number): string {
  return `${leverage === null ? "—" : leverage.toFixed(2)} / ${limit} 倍`;
}

export type PayoutTerms = {
  lossFen: number;
  shareBp: number;
  capPerLoanFen: number;
  /** Already paid on this loan by this pool. */
  paidOnLoanFen: number;
  capPerYearFen: number;
  /** Already paid by this pool in the calendar year of the payout. */
  paidThisYearFen: number;
  balanceFen: number;
};
export type PayoutLimit = "share" | "loan_cap" | "year_cap" | "balance";
export const PAYOUT_LIMIT_LABELS: Record<PayoutLimit, string> = {
  share: "按分担比例",
  loan_cap: "受单笔代偿上限限制",
  year_cap: "受年度代偿上限限制",
  balance: "受资金池余额限制",
};

/** The payout on a 代偿 claim: the fund's share of the loss, within the caps and the balance. */
export function payoutOf(terms: PayoutTerms): { payoutFen: number; limitedBy: PayoutLimit } {
  const limits: [PayoutLimit, number][] = [
    ["share", fundShareOf(terms.lossFen, terms.shareBp)],
    ["loan_cap", terms.capPerLoanFen - terms.paidOnLoanFen],
    ["year_cap", terms.capPerYearFen - terms.paidThisYearFen],
    ["balance", terms.balanceFen],
  ];
  let [limitedBy, payoutFen] = limits[0]!;
  for (const [limit, fen] of limits.slice(1)) {
    if (fen < payoutFen) [limitedBy, payoutFen] = [limit, fen];
  }
  return { payoutFen: Math.max(0, payoutFen), limitedBy };
}

/** What goes back to the pool from a recovery: the fund's share of it, never more than it paid and has not had back. */
export function recoveryReturnOf(recoveredFen: number, shareBp: number, paidFen: number, returnedFen: number): number {
  return Math.max(0, Math.min(fundShareOf(recoveredFen, shareBp), paidFen - returnedFen));
}
