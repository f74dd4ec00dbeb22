/**
 * Interception at decision points, the pure part: the decisions it guards, their outcomes and words,
 * which knock-outs an override covers, and the refusal message
 * (docs/decisions/021-interception-at-decision-points.md).
 */
import type { CreditEventKind } from "./credit";
import { KNOCK_OUT_CODE_LABELS, type KnockOutCode } from "./scoring";

/** A knock-out as the scorecard stated it at the time (code and zh-CN reason). */
export type RecordedKnockOut = { code: KnockOutCode; reason: string };

export const DECISION_ACTIONS = ["claim", "grant", "disburse"] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];
export const DECISION_ACTION_LABELS: Record<DecisionAction, string> = { claim: "受理", grant: "授信", disburse: "放款" };

/** Refused (拦截), or let through by an override (豁免). */
export const INTERCEPTION_OUTCOMES = ["refused", "overridden"] as const;
export type InterceptionOutcome = (typeof INTERCEPTION_OUTCOMES)[number];

/** Public records that count as adverse for the warning on a claim and for 失信提醒. */
export const ADVERSE_EVENT_KINDS = [
  "penalty",
  "dishonest_entry",
  "enforcement_open",
  "commitment_breach",
] as const satisfies readonly CreditEventKind[];
export type AdverseEventKind = (typeof ADVERSE_EVENT_KINDS)[number];

/** The knock-outs standing now that no override of the institution for the need names. */
export function uncoveredKnockOuts<K extends { code: KnockOutCode }>(
  standing: readonly K[],
  overrides: readonly { knockOuts: readonly RecordedKnockOut[] }[],
): K[] {
  const covered = new Set(overrides.flatMap((o) => o.knockOuts.map((k) => k.code)));
  return standing.filter((k) => !covered.has(k.code));
}

export const knockOutNames = (knockOuts: readonly { code: KnockOutCode }[]) =>
  knockOuts.map((k) => KNOCK_OUT_CODE_LABELS[k.code]).join("、");

/** Why a decision is refused: every knock-out with its reason, and what would let it through. */
export function interceptionMessage(action: DecisionAction, knockOuts: readonly RecordedKnockOut[]): string {
  return `该企业存在否决项，不能${DECISION_ACTION_LABELS[action]}：${knockOuts.map((k) => k.reason).join("；")}。如确需办理，须由本机构管理员记录豁免理由。`;
}
