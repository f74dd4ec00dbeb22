/**
 * Interception at decision points, the pure part: the words, which knock-outs an override covers,
 * and the refusal message (docs/decisions/021-interception-at-decision-points.md).
 */
import type { CreditEventKind, DecisionAction, KnockOutCode, RecordedKnockOut } from "~db/schema";

export const KNOCK_OUT_LABELS: Record<KnockOutCode, string> = {
  dishonest: "严重失信主体名单",
  enforcement: "法院强制执行",
  tax_grade_d: "纳税信用 D 级",
};

export const DECISION_LABELS: Record<DecisionAction, string> = { claim: "受理", grant: "授信", disburse: "放款" };

/** Public records that count as adverse for the warning on a claim and for 失信提醒. */
export const ADVERSE_EVENT_KINDS = ["penalty", "dishonest_entry", "enforcement_open"] as const satisfies readonly CreditEventKind[];
export type AdverseEventKind = (typeof ADVERSE_EVENT_KINDS)[number];

/** The knock-outs standing now that no override of the institution for the need names. */
export function uncoveredKnockOuts<K extends { code: KnockOutCode }>(standing: readonly K[], overrides: readonly { knockOuts: readonly RecordedKnockOut[] }[]): K[] {
  const covered = new Set(overrides.flatMap((o) => o.knockOuts.map((k) => k.code)));
  return standing.filter((k) => !covered.has(k.code));
}

export const knockOutNames = (knockOuts: readonly { code: KnockOutCode }[]) => knockOuts.map((k) => KNOCK_OUT_LABELS[k.code]).join("、");

/** Why a decision is refused: every knock-out with its reason, and what would let it through. */
export function interceptionMessage(action: DecisionAction, knockOuts: readonly RecordedKnockOut[]): string {
  return `该企业存在否决项，不能${DECISION_LABELS[action]}：${knockOuts.map((k) => k.reason).join("；")}。如确需办理，须由本机构管理员记录豁免理由。`;
}
