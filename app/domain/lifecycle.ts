/**
 * The one state machine of the marketplace. Every change to a need, a claim or a loan asks it
 * first; a move it does not list is refused with a message that says why, in the user's words.
 *
 *   need:  open ──withdraw──▶ withdrawn          open ──expire──▶ expired
 *          open | expired ──fulfil (a claim is disbursed)──▶ fulfilled
 *          open ──decline (an application the product's institution has not claimed: 不予受理)──▶ declined
 *          (expiry stops new claims; claims already in progress may still be granted and disbursed)
 *   claim: claimed ──grant──▶ granted ──disburse──▶ disbursed
 *          claimed ──reject──▶ rejected
 *          claimed ──withdraw (the officer, before deciding)──▶ cancelled
 *          claimed | granted ──cancel──▶ cancelled   (enterprise declines, need withdrawn/expired/funded elsewhere)
 *   loan:  normal | overdue | npl ──report──▶ normal | overdue | npl | settled;  settled is final
 */
import { CLAIM_STATUS_LABELS, type ClaimStatus, type LoanStatus, type NeedStatus } from "./marketplace";

export type NeedEvent = "withdraw" | "expire" | "fulfil" | "edit" | "claim" | "decline";
export type ClaimEvent = "grant" | "reject" | "withdraw" | "cancel" | "disburse";

export type Transition<S> = { ok: true; to: S } | { ok: false; message: string };

const NEED_CLOSED_MESSAGE: Record<Exclude<NeedStatus, "open">, string> = {
  fulfilled: "该需求已放款，不能再变更",
  withdrawn: "该需求已撤回",
  expired: "该需求已过期",
  declined: "金融机构已对该申请不予受理",
};

/** A need's next status; `untouched` says whether any institution has claimed it yet. */
export function needTransition(from: NeedStatus, event: NeedEvent, untouched = true): Transition<NeedStatus> {
  if (from === "expired" && event === "fulfil") return { ok: true, to: "fulfilled" };
  if (from !== "open") return { ok: false, message: NEED_CLOSED_MESSAGE[from] };
  switch (event) {
    case "withdraw":
      return { ok: true, to: "withdrawn" };
    case "expire":
      return { ok: true, to: "expired" };
    case "fulfil":
      return { ok: true, to: "fulfilled" };
    case "claim":
      return { ok: true, to: "open" };
    case "decline":
      return untouched ? { ok: true, to: "declined" } : { ok: false, message: "本机构已受理该申请，请在业务页面作出授信决定" };
    case "edit":
      return untouched ? { ok: true, to: "open" } : { ok: false, message: "已有金融机构受理该需求，不能再修改；如需变更请撤回后重新发布" };
  }
}

const CLAIM_MOVES: Record<ClaimStatus, Partial<Record<ClaimEvent, ClaimStatus>>> = {
  claimed: { grant: "granted", reject: "rejected", withdraw: "cancelled", cancel: "cancelled" },
  granted: { disburse: "disbursed", cancel: "cancelled" },
  rejected: {},
  disbursed: {},
  cancelled: {},
};

const CLAIM_EVENT_WORDS: Record<ClaimEvent, string> = {
  grant: "授信",
  reject: "拒绝",
  withdraw: "取消受理",
  cancel: "取消",
  disburse: "放款",
};

export function claimTransition(from: ClaimStatus, event: ClaimEvent): Transition<ClaimStatus> {
  const to = CLAIM_MOVES[from][event];
  if (to) return { ok: true, to };
  return { ok: false, message: `该业务当前为“${CLAIM_STATUS_LABELS[from]}”，不能${CLAIM_EVENT_WORDS[event]}` };
}

export function loanTransition(from: LoanStatus, to: LoanStatus): Transition<LoanStatus> {
  if (from === "settled") return { ok: false, message: "该笔贷款已结清，状态不能再变更" };
  return { ok: true, to };
}

/** Every status pair, for tests and documentation. */
export const CLAIM_EVENTS: ClaimEvent[] = ["grant", "reject", "withdraw", "cancel", "disburse"];
export const NEED_EVENTS: NeedEvent[] = ["withdraw", "expire", "fulfil", "edit", "claim", "decline"];
