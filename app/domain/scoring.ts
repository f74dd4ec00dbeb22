/**
 * Credit scoring's words: the grade a score falls in, the kinds of scorecard version, and the
 * knock-outs that exclude an enterprise whatever its score. The scorecard itself is app/lib/scorecard.
 */

/** 信用等级, A best. */
export const CREDIT_GRADES = ["A", "B", "C", "D"] as const;
export type CreditGrade = (typeof CREDIT_GRADES)[number];
export const CREDIT_GRADE_LABELS: Record<CreditGrade, string> = { A: "优", B: "良", C: "中", D: "差" };

/** The expert table, or a version calibrated on the platform's loan outcomes. */
export const SCORE_MODEL_KINDS = ["expert", "calibrated"] as const;
export type ScoreModelKind = (typeof SCORE_MODEL_KINDS)[number];

/** 否决项: serious-dishonesty list, open court enforcement, tax grade D. */
export const KNOCK_OUT_CODES = ["dishonest", "enforcement", "tax_grade_d"] as const;
export type KnockOutCode = (typeof KNOCK_OUT_CODES)[number];
export const KNOCK_OUT_CODE_LABELS: Record<KnockOutCode, string> = {
  dishonest: "严重失信主体名单",
  enforcement: "法院强制执行",
  tax_grade_d: "纳税信用 D 级",
};
