/**
 * Interception at decision points, the pure part: the decisions it guards, their outcomes and words,
 * which knock-outs an override covers, and the refusal message
 * (docs/decisions/021-interception-at-decision-points.md).
 */
import type { CreditEventKind } from "./credit";
import { KNOCK_OUT_CODE_LABELS, type KnockOutCode } from "./scoring";

/**
 * A knock-out as the scorecard stated it at the time: code, zh-CN reason and the records behind it
 * (listings' and cases' references, the tax grade's year). Rows recorded before decision 039 have no
 * `references`.
 */
export type RecordedKnockOut = { code: KnockOutCode; reason: string; references?: readonly string[] };

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

const coverKey = (code: KnockOutCode, reference: string) => `${code}|${reference}`;

/**
 * The knock-outs standing now that the overrides of the institution for the need do not cover: an
 * override covers the records it named (decision 039), not the code, so a second enforcement case or
 * a new listing after it stands uncovered. A knock-out is covered only when every record behind it is;
 * one naming no record at all is never covered. An override without references covers nothing here
 * (the service gives those recorded before references were kept theirs).
 */
export function uncoveredKnockOuts<K extends { code: KnockOutCode; references: readonly string[] }>(
  standing: readonly K[],
  overrides: readonly { knockOuts: readonly RecordedKnockOut[] }[],
): K[] {
  const covered = new Set(overrides.flatMap((o) => o.knockOuts.flatMap((k) => (k.references ?? []).map((r) => coverKey(k.code, r)))));
  return standing.filter((k) => k.references.length === 0 || !k.references.every((r) => covered.has(coverKey(k.code, r))));
}

/** The records behind the standing knock-outs that no override covers, for the refusal message. */
export function uncoveredRecords(
  standing: readonly { code: KnockOutCode; references: readonly string[] }[],
  overrides: readonly { knockOuts: readonly RecordedKnockOut[] }[],
): string[] {
  const covered = new Set(overrides.flatMap((o) => o.knockOuts.flatMap((k) => (k.references ?? []).map((r) => coverKey(k.code, r)))));
  return standing.flatMap((k) => k.references.filter((r) => !covered.has(coverKey(k.code, r))));
}

/** Whether an override covers any of these standing records (the overrides a decision was let through by). */
export function coversAny(
  override: { knockOuts: readonly RecordedKnockOut[] },
  standing: readonly { code: KnockOutCode; references: readonly string[] }[],
): boolean {
  return override.knockOuts.some((k) =>
    standing.some((s) => s.code === k.code && (k.references ?? []).some((r) => s.references.includes(r))),
  );
}

export const knockOutNames = (knockOuts: readonly { code: KnockOutCode }[]) =>
  knockOuts.map((k) => KNOCK_OUT_CODE_LABELS[k.code]).join("、");

/**
 * Why a decision is refused: every knock-out with its reason, and what would let it through. When the
 * institution overrode some records already, `notCovered` names those its override does not cover.
 */
export function interceptionMessage(
  action: DecisionAction,
  knockOuts: readonly RecordedKnockOut[],
  notCovered: readonly string[] = [],
): string {
  const fresh = notCovered.length > 0 ? `本机构此前记录的豁免不涵盖：${notCovered.join("、")}。` : "";
  return `该企业存在否决项，不能${DECISION_ACTION_LABELS[action]}：${knockOuts.map((k) => k.reason).join("；")}。${fresh}如确需办理，须由本机构管理员记录豁免理由。`;
}
