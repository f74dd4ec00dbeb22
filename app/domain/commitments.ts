/**
 * 信用承诺 (docs/decisions/033-credit-repair-and-commitments.md): the texts an enterprise ticks when it
 * posts a need or applies for credit repair, versioned — a signed commitment keeps the version it
 * was, and a text is never edited in place: a change is a new version. A 违诺 (breach) is recorded by
 * the officer who finds the material false, as a public record of kind commitment_breach.
 */

export const COMMITMENT_KINDS = ["need", "repair"] as const;
export type CommitmentKind = (typeof COMMITMENT_KINDS)[number];
export const COMMITMENT_KIND_LABELS: Record<CommitmentKind, string> = { need: "融资需求信用承诺", repair: "信用修复承诺书" };

export type CommitmentText = { kind: CommitmentKind; version: string; title: string; text: string };

/** Every version ever signed, newest last per kind; the newest is the one offered. */
export const COMMITMENT_TEXTS: readonly CommitmentText[] = [
  {
    kind: "need",
    version: "need-2026.1",
    title: "融资需求信用承诺",
    text:
      "本企业承诺：所发布的融资需求及提交的企业信息、经营数据和证明材料真实、准确、完整，资金用于企业合法生产经营，" +
      "不用于证券、期货、房地产等投资及其他违规用途；如有虚假，愿意接受金融机构终止业务、记录违诺并纳入信用记录等处理。",
  },
  {
    kind: "repair",
    version: "repair-2026.1",
    title: "信用修复承诺书",
    text:
      "本企业承诺：已按照行政处理决定履行相关义务，失信行为已纠正到位；所提交的整改说明和证明材料真实、有效；" +
      "修复后自觉守法诚信经营，不再发生同类失信行为。如有虚假承诺或违反承诺，愿意接受撤销修复、记录违诺、" +
      "三年内不得再次申请信用修复等处理，并承担相应法律责任。",
  },
];

export function currentCommitment(kind: CommitmentKind): CommitmentText {
  return COMMITMENT_TEXTS.filter((t) => t.kind === kind).at(-1)!;
}

export function commitmentByVersion(version: string): CommitmentText | null {
  return COMMITMENT_TEXTS.find((t) => t.version === version) ?? null;
}

/** How long a breach weighs in the score: the 3 years the repair commitment names. */
export const BREACH_MONTHS = 36;
