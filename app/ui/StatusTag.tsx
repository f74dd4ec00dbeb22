import { REGISTRATION_DISPUTE_STATUS_LABELS, type RegistrationDisputeStatus } from "~/domain/accounts";
import {
  CLAIM_STATUS_LABELS,
  LOAN_STATUS_LABELS,
  NEED_STATUS_LABELS,
  type ClaimStatus,
  type LoanStatus,
  type NeedStatus,
} from "~/domain/marketplace";
import { MATURITY_STATE_LABELS, type MaturityState } from "~/domain/maturity";
import { POLICY_STATUS_LABELS, type PolicyStatus } from "~/domain/policies";
import { RENEWAL_STATUS_LABELS, type RenewalStatus } from "~/domain/renewals";
import { DISPUTED_MARK, OBJECTION_STATUS_LABELS, type ObjectionStatus } from "~/domain/objections";
import { CREDIT_GRADE_LABELS, type CreditGrade } from "~/domain/scoring";
import { AUTHORIZATION_STATUS_LABELS, type AuthorizationStatus } from "~/domain/authorizations";
/** A status shown as a word in a coloured tag; the colour never carries the meaning alone. */
export type Tone = "ok" | "warn" | "danger" | "info" | "neutral";

export function StatusTag({ tone, children }: { tone: Tone; children: string }) {
  return <span className={`tag tag--${tone}`}>{children}</span>;
}

const NEED_TONES: Record<NeedStatus, Tone> = {
  open: "info",
  fulfilled: "ok",
  withdrawn: "neutral",
  expired: "neutral",
  declined: "danger",
};
const CLAIM_TONES: Record<ClaimStatus, Tone> = {
  claimed: "info",
  granted: "ok",
  rejected: "danger",
  disbursed: "ok",
  cancelled: "neutral",
};
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

const MATURITY_TONES: Record<MaturityState, Tone> = { settled: "neutral", past_due: "danger", due_soon: "warn", later: "ok" };

export function MaturityTag({ state }: { state: MaturityState }) {
  return <StatusTag tone={MATURITY_TONES[state]}>{MATURITY_STATE_LABELS[state]}</StatusTag>;
}

const RENEWAL_TONES: Record<RenewalStatus, Tone> = {
  requested: "info",
  approved: "ok",
  declined: "danger",
  withdrawn: "neutral",
  lapsed: "neutral",
};

export function RenewalStatusTag({ status }: { status: RenewalStatus }) {
  return <StatusTag tone={RENEWAL_TONES[status]}>{RENEWAL_STATUS_LABELS[status]}</StatusTag>;
}

/** Beside a loan in a list: it may be renewed now, or a renewal request awaits the bank. */
export function RenewalHint({ renewal }: { renewal: "renewable" | "requested" | null }) {
  if (renewal === "requested") return <StatusTag tone="info">续贷审批中</StatusTag>;
  return renewal === "renewable" ? <StatusTag tone="ok">可申请续贷</StatusTag> : null;
}

const AUTHORIZATION_TONES: Record<AuthorizationStatus, Tone> = { active: "ok", expired: "neutral", revoked: "danger" };
const OBJECTION_TONES: Record<ObjectionStatus, Tone> = { open: "info", upheld: "ok", rejected: "neutral" };

export function AuthorizationStatusTag({ status }: { status: AuthorizationStatus }) {
  return <StatusTag tone={AUTHORIZATION_TONES[status]}>{AUTHORIZATION_STATUS_LABELS[status]}</StatusTag>;
}

export function ObjectionStatusTag({ status }: { status: ObjectionStatus }) {
  return <StatusTag tone={OBJECTION_TONES[status]}>{OBJECTION_STATUS_LABELS[status]}</StatusTag>;
}

const REGISTRATION_DISPUTE_TONES: Record<RegistrationDisputeStatus, Tone> = { open: "warn", upheld: "ok", dismissed: "neutral" };

export function RegistrationDisputeStatusTag({ status }: { status: RegistrationDisputeStatus }) {
  return <StatusTag tone={REGISTRATION_DISPUTE_TONES[status]}>{REGISTRATION_DISPUTE_STATUS_LABELS[status]}</StatusTag>;
}

const POLICY_TONES: Record<PolicyStatus, Tone> = { draft: "info", published: "ok", withdrawn: "neutral" };

export function PolicyStatusTag({ status }: { status: PolicyStatus }) {
  return <StatusTag tone={POLICY_TONES[status]}>{POLICY_STATUS_LABELS[status]}</StatusTag>;
}

/** On a data item while an objection to it is open. */
export function DisputedTag() {
  return <StatusTag tone="warn">{DISPUTED_MARK}</StatusTag>;
}

const GRADE_TONES: Record<CreditGrade, Tone> = { A: "ok", B: "info", C: "warn", D: "danger" };

/** A credit grade with its word (A 优 … D 差); a knocked-out enterprise says so. */
export function GradeTag({ grade, knockedOut = false }: { grade: CreditGrade; knockedOut?: boolean }) {
  return <StatusTag tone={GRADE_TONES[grade]}>{`${grade} ${CREDIT_GRADE_LABELS[grade]}${knockedOut ? "（否决）" : ""}`}</StatusTag>;
}
