import { CLAIM_STATUS_LABELS, LOAN_STATUS_LABELS, NEED_STATUS_LABELS } from "~/lib/lifecycle";
import type { ClaimStatus, LoanStatus, NeedStatus } from "~db/schema";
/** A status shown as a word in a coloured tag; the colour never carries the meaning alone. */
export type Tone = "ok" | "warn" | "danger" | "info" | "neutral";

export function StatusTag({ tone, children }: { tone: Tone; children: string }) {
  return <span className={`tag tag--${tone}`}>{children}</span>;
}

const NEED_TONES: Record<NeedStatus, Tone> = { open: "info", fulfilled: "ok", withdrawn: "neutral", expired: "neutral" };
const CLAIM_TONES: Record<ClaimStatus, Tone> = { claimed: "info", granted: "ok", rejected: "danger", disbursed: "ok", cancelled: "neutral" };
const LOAN_TONES: Record<LoanStatus, Tone> = { normal: "ok", overdue: "warn", npl: "danger", settled: "neutral" };

export function NeedStatusTag({ status }: { status: NeedStatus }) {
  return <StatusTag tone={NEED_TONES[status]}>{NEED_STATUS_LABELS[status]}</StatusTag>;
}

export function ClaimStatusTag({ status }: { status: ClaimStatus }) {
  return <StatusTag tone={CLAIM_TONES[status]}>{CLAIM_STATUS_LABELS[status]}</StatusTag>;
}

export function LoanStatusTag({ status }: { status: LoanStatus }) {
  return <StatusTag tone={LOAN_TONES[status]}>{LOAN_STATUS_LABELS[status]}</StatusTag>;
}
