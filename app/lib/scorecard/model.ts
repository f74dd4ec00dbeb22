/**
 * The credit scorecard (issue 5): a versioned table of points per feature bin on a standard scale,
 * the score with each factor's contribution, the grade, the reasons and what would raise the score,
 * and the public points table of /credit/method. Pure. Choices: docs/decisions/006-scorecard.md.
 */
import type { CreditGrade } from "~/domain/scoring";
import {
  FEATURE_KEYS,
  PAYMENT_FEATURES,
  type FeatureKey,
  type FeatureValues,
  type Features,
  type KnockOut,
  type PaymentFeature,
} from "./features";

/** A numeric bin is [min, max) with open ends left out; a grade bin matches one value. */
export type Bin = { label: string; points: number; min?: number; max?: number; value?: string };

export type FeatureSpec = {
  key: FeatureKey;
  label: string;
  /** How the value is computed, for the public method page. */
  description: string;
  /** Points never fall ("up") or never rise ("down") from one bin to the next. */
  direction: "up" | "down";
  bins: Bin[];
  /**
   * The neutral points, scored when the feature is missing; in the bin order they sit before
   * bins[rank], so the monotone order holds through them. Features that are never missing (public
   * records: none is a value) have bins[rank] itself as the neutral bin.
   */
  neutral: { rank: number; label: string; points: number };
  neverMissing?: true;
};

export type Scaling = { baseScore: number; baseOdds: number; pdo: number };
export type GradeBand = { grade: CreditGrade; label: string; minScore: number | null };

export type ScoreModel = {
  version: string;
  name: string;
  /** Score of an enterprise with every feature at its neutral points (0 in the expert table). */
  basePoints: number;
  scaling: Scaling;
  grades: GradeBand[];
  features: FeatureSpec[];
};

/** score = offset + factor · ln(good:bad odds). */
export function scalingConstants({ baseScore, baseOdds, pdo }: Scaling) {
  const factor = pdo / Math.LN2;
  return { factor, offset: baseScore - factor * Math.log(baseOdds) };
}

export const STANDARD_SCALING: Scaling = { baseScore: 600, baseOdds: 50, pdo: 20 };

export const GRADE_BANDS: GradeBand[] = [
  { grade: "A", label: "优", minScore: 700 },
  { grade: "B", label: "良", minScore: 640 },
  { grade: "C", label: "中", minScore: 580 },
  { grade: "D", label: "差", minScore: null },
];

export const KNOCK_OUT_RULES = [
  "列入严重失信主体名单，且该次列入其后既未移出名单、也未就该次列入完成信用修复",
  "存在未结案的法院强制执行（被执行人）",
  "最近一个年度的纳税信用等级为 D 级",
];

export const MISSING_RULE =
  "缺失月份按缺失处理，不视为逾期：各项按已报送月份计算，某期已报送月份不足一半时该项记为“数据不足”，得中性分。" +
  "出现逾期或欠费的月份即计入；无逾期记录须近 12 个月中至少 6 个月有报送，才能得到“无逾期”的分数。";

const PAYMENT_NOUNS: Record<PaymentFeature, [label: string, noun: string]> = {
  electricityLate: ["电费缴纳", "电费"],
  waterLate: ["水费缴纳", "水费"],
  gasLate: ["燃气费缴纳", "燃气费"],
  taxLate: ["纳税申报缴纳", "税款"],
  socialInsuranceLate: ["社保费缴纳", "社保费"],
};

/** Late-month bins: none, 1, 2–3, 4 or more; the neutral points sit between none and one. */
function lateSpec(
  key: PaymentFeature | "arrearsMonths",
  label: string,
  what: string,
  points: [number, number, number, number],
  note = "",
): FeatureSpec {
  return {
    key,
    label,
    description: `近 12 个月已报送月份中${what}的月数${note}；未报送的月份不计入`,
    direction: "down",
    bins: [
      { label: `近 12 个月无${what}`, max: 1, points: points[0] },
      { label: `${what} 1 个月`, min: 1, max: 2, points: points[1] },
      { label: `${what} 2–3 个月`, min: 2, max: 4, points: points[2] },
      { label: `${what} 4 个月及以上`, min: 4, points: points[3] },
    ],
    neutral: { rank: 1, label: `报送不足 6 个月且无${what}（数据不足）`, points: 0 },
  };
}

const ratioBins = (
  cuts: [number, number, number],
  labels: [string, string, string, string],
  points: [number, number, number, number],
): Bin[] => [
  { label: labels[0], max: cuts[0], points: points[0] },
  { label: labels[1], min: cuts[0], max: cuts[1], points: points[1] },
  { label: labels[2], min: cuts[1], max: cuts[2], points: points[2] },
  { label: labels[3], min: cuts[2], points: points[3] },
];

const NOT_ENOUGH = "数据不足";

/** The expert table: points set by hand on the standard scale, 0 = neutral, base 600 (odds 50:1). */
export const EXPERT_MODEL: ScoreModel = {
  // 2026.2 added the 信用承诺履约 factor (违诺); 2026.1 is kept in databases that stored it.
  version: "expert-2026.2",
  name: "专家评分卡 2026.2",
  basePoints: 600,
  scaling: STANDARD_SCALING,
  grades: GRADE_BANDS,
  features: [
    lateSpec("electricityLate", PAYMENT_NOUNS.electricityLate[0], "电费逾期", [15, -10, -25, -45]),
    lateSpec("waterLate", PAYMENT_NOUNS.waterLate[0], "水费逾期", [10, -8, -18, -30]),
    lateSpec("gasLate", PAYMENT_NOUNS.gasLate[0], "燃气费逾期", [8, -6, -14, -24]),
    lateSpec("taxLate", PAYMENT_NOUNS.taxLate[0], "逾期申报缴税", [20, -15, -35, -60]),
    lateSpec("socialInsuranceLate", PAYMENT_NOUNS.socialInsuranceLate[0], "社保费逾期", [15, -12, -28, -45]),
    lateSpec("arrearsMonths", "欠费欠税", "欠费欠税", [10, -10, -25, -40], "（水电气、税款、社保、公积金任一有欠费即计）"),
    {
      key: "electricityTrend",
      label: "用电量趋势",
      description: "近 6 个月月均用电量 ÷ 前 6 个月月均用电量；两段各须至少 3 个月有报送",
      direction: "up",
      bins: ratioBins(
        [0.5, 0.8, 1.2],
        ["下降一半以上或无用电", "下降 20%–50%", "基本稳定（±20% 以内）", "增长 20% 以上"],
        [-25, -10, 8, 12],
      ),
      neutral: { rank: 2, label: NOT_ENOUGH, points: 0 },
    },
    {
      key: "electricityVariation",
      label: "用电稳定性",
      description: "近 12 个月月用电量的变异系数（标准差 ÷ 均值），越小越稳定；须至少 6 个月有报送",
      direction: "down",
      bins: ratioBins(
        [0.25, 0.5, 1],
        ["平稳（变异系数 0.25 以下）", "较平稳（0.25–0.5）", "波动较大（0.5–1）", "波动很大（1 以上）或无用电"],
        [10, 4, -6, -15],
      ),
      neutral: { rank: 2, label: NOT_ENOUGH, points: 0 },
    },
    {
      key: "taxTrend",
      label: "纳税额趋势",
      description: "近 12 个月月均纳税额 ÷ 前 12 个月月均纳税额；两段各须至少 6 个月有报送",
      direction: "up",
      bins: ratioBins(
        [0.5, 0.8, 1.2],
        ["下降一半以上或无纳税", "下降 20%–50%", "基本稳定（±20% 以内）", "增长 20% 以上"],
        [-20, -8, 8, 15],
      ),
      neutral: { rank: 2, label: NOT_ENOUGH, points: 0 },
    },
    {
      key: "headcountTrend",
      label: "参保人数趋势",
      description: "近 6 个月月均社保参保人数 ÷ 前 6 个月月均参保人数；两段各须至少 3 个月有报送",
      direction: "up",
      bins: ratioBins([0.7, 0.9, 1.1], ["减少 30% 以上", "减少 10%–30%", "基本稳定（±10% 以内）", "增加 10% 以上"], [-20, -8, 5, 10]),
      neutral: { rank: 2, label: NOT_ENOUGH, points: 0 },
    },
    {
      key: "housingFundCoverage",
      label: "公积金缴存",
      description: "近 12 个月月均公积金缴存人数 ÷ 月均社保参保人数；两者各须至少 6 个月有报送。未缴存不扣分",
      direction: "up",
      bins: [
        { label: "覆盖不足一半参保职工", max: 0.5, points: 0 },
        { label: "覆盖 50%–80% 参保职工", min: 0.5, max: 0.8, points: 6 },
        { label: "覆盖 80% 以上参保职工", min: 0.8, points: 12 },
      ],
      neutral: { rank: 1, label: "无缴存数据", points: 0 },
    },
    {
      key: "taxGrade",
      label: "纳税信用等级",
      description: "最近一个已评定年度的纳税信用等级（两年内）；D 级为否决项",
      direction: "down",
      bins: [
        { label: "A 级", value: "A", points: 30 },
        { label: "B 级", value: "B", points: 12 },
        { label: "M 级（新设立企业）", value: "M", points: 0 },
        { label: "C 级", value: "C", points: -25 },
        { label: "D 级", value: "D", points: -60 },
      ],
      neutral: { rank: 3, label: "无评级", points: 0 },
    },
    {
      key: "yearsInOperation",
      label: "经营年限",
      description: "自成立日期起至评分日的整年数",
      direction: "up",
      bins: [
        { label: "不足 1 年", max: 1, points: -15 },
        { label: "1–2 年", min: 1, max: 3, points: -5 },
        { label: "3–4 年", min: 3, max: 5, points: 5 },
        { label: "5–9 年", min: 5, max: 10, points: 12 },
        { label: "10 年及以上", min: 10, points: 18 },
      ],
      neutral: { rank: 2, label: "成立日期未知", points: 0 },
    },
    {
      key: "penaltyLoad",
      label: "行政处罚",
      description: "近 24 个月行政处罚的加权数：一般 1、较重 3、严重 6，满 12 个月的减半；已完成信用修复的处罚不计",
      direction: "down",
      bins: [
        { label: "无行政处罚", max: 0.5, points: 0 },
        { label: "加权 0.5–1（如 1 次一般处罚）", min: 0.5, max: 1.5, points: -10 },
        { label: "加权 1.5–3（如 1 次较重处罚）", min: 1.5, max: 3.5, points: -25 },
        { label: "加权 3.5–6（如 1 次严重处罚）", min: 3.5, max: 6.5, points: -45 },
        { label: "加权 6.5 以上", min: 6.5, points: -70 },
      ],
      neutral: { rank: 0, label: "无行政处罚", points: 0 },
      neverMissing: true,
    },
    {
      key: "honours",
      label: "荣誉",
      description: "近 36 个月获得的信用荣誉（A 级纳税人、信用管理示范企业等）次数",
      direction: "up",
      bins: [
        { label: "无", max: 1, points: 0 },
        { label: "1 次", min: 1, max: 2, points: 10 },
        { label: "2 次及以上", min: 2, points: 18 },
      ],
      neutral: { rank: 0, label: "无", points: 0 },
      neverMissing: true,
    },
    {
      key: "commitmentBreaches",
      label: "信用承诺履约",
      description: "近 36 个月被记录的违反信用承诺（违诺）次数：如发布融资需求或申请信用修复时承诺的材料经核实虚假；经异议核实撤销的不计",
      direction: "down",
      bins: [
        { label: "无违诺", max: 1, points: 0 },
        { label: "违诺 1 次", min: 1, max: 2, points: -30 },
        { label: "违诺 2 次及以上", min: 2, points: -60 },
      ],
      neutral: { rank: 0, label: "无违诺", points: 0 },
      neverMissing: true,
    },
  ],
};

/** Index of the bin a value falls in; null when the value is missing. */
export function binIndex(spec: FeatureSpec, value: number | string | null): number | null {
  if (value === null) return null;
  const i = spec.bins.findIndex((b) =>
    typeof value === "string" ? b.value === value : (b.min === undefined || value >= b.min) && (b.max === undefined || value < b.max),
  );
  if (i < 0) throw new Error(`${spec.key}: value ${value} falls in no bin of the table`);
  return i;
}

export const pointsOf = (spec: FeatureSpec, value: number | string | null) => {
  const i = binIndex(spec, value);
  return i === null ? spec.neutral.points : spec.bins[i]!.points;
};

/** Every attribute's points in the model's monotone order, the neutral points at their rank. */
function orderedPoints(spec: FeatureSpec): number[] {
  const points = spec.bins.map((b) => b.points);
  if (!spec.neverMissing) points.splice(spec.neutral.rank, 0, spec.neutral.points);
  return points;
}

export function scoreBounds(model: ScoreModel) {
  let min = model.basePoints;
  let max = model.basePoints;
  for (const spec of model.features) {
    const points = orderedPoints(spec);
    min += Math.min(...points);
    max += Math.max(...points);
  }
  return { min, max };
}

export function gradeOf(model: ScoreModel, score: number): GradeBand {
  return model.grades.find((g) => g.minScore === null || score >= g.minScore)!;
}

/** What is wrong with a table (empty when it is sound): the properties the scores rely on. */
export function modelProblems(model: ScoreModel): string[] {
  const problems: string[] = [];
  const keys = model.features.map((f) => f.key);
  if ([...keys].sort().join() !== [...FEATURE_KEYS].sort().join()) problems.push("features must be exactly the known feature keys");
  if (!Number.isInteger(model.basePoints)) problems.push("base points must be an integer");
  for (const spec of model.features) {
    const numeric = spec.bins.every((b) => b.value === undefined);
    if (numeric) {
      spec.bins.forEach((b, i) => {
        const lowOk = i === 0 ? b.min === undefined : b.min === spec.bins[i - 1]!.max;
        if (!lowOk || (i === spec.bins.length - 1) !== (b.max === undefined)) problems.push(`${spec.key}: bins must tile the number line`);
      });
    }
    const points = orderedPoints(spec);
    if (!points.every(Number.isInteger)) problems.push(`${spec.key}: points must be integers`);
    const sign = spec.direction === "up" ? 1 : -1;
    if (points.some((p, i) => i > 0 && sign * (p - points[i - 1]!) < 0))
      problems.push(`${spec.key}: points not monotone (${spec.direction})`);
    if (spec.neverMissing && spec.bins[spec.neutral.rank]?.points !== spec.neutral.points)
      problems.push(`${spec.key}: neutral bin points differ`);
  }
  const mins = model.grades.map((g) => g.minScore);
  if (mins.at(-1) !== null || mins.slice(0, -1).some((m, i) => m === null || (i > 0 && m >= mins[i - 1]!)))
    problems.push("grade bands must descend and end open");
  return problems;
}

export type Contribution = { factor: FeatureKey; label: string; bin: string; points: number; neutralPoints: number };
export type Improvement = { factor: FeatureKey | KnockOut["code"]; points: number | null; text: string };
export type ScoreResult = {
  modelVersion: string;
  score: number;
  grade: CreditGrade;
  gradeLabel: string;
  /** Knocked out: grade D whatever the score, and never ranked. */
  knockedOut: boolean;
  knockOuts: KnockOut[];
  basePoints: number;
  /** Per factor of the table, in its order; what a score stores. */
  attributes: ScoredAttribute[];
  /** basePoints + Σ points = score, exactly. */
  contributions: Contribution[];
  reasonsUp: string[];
  reasonsDown: string[];
  improvements: Improvement[];
};

/** The score alone, from feature values (calibration scores samples with it). */
export function scoreValues(values: FeatureValues, model: ScoreModel): number {
  return model.features.reduce((sum, spec) => sum + pointsOf(spec, values[spec.key]), model.basePoints);
}

const REMEDIES: Record<KnockOut["code"], string> = {
  dishonest: "移出严重失信主体名单或完成信用修复后，方可参与评级和排名",
  enforcement: "执行案件全部结案后，方可参与评级和排名",
  tax_grade_d: "纳税信用等级为 D 级时不参与评级；按时申报缴税，下一年度评级提升后方可参与排名",
};

const TAX_GRADE_TARGET: Record<string, string> = { B: "A", M: "A", C: "B" };

/** What the enterprise itself can do, with the points the table gives for it; only gains > 0. */
function improvements(features: Features, model: ScoreModel): Improvement[] {
  const out: Improvement[] = [];
  const offer = (spec: FeatureSpec, target: number, text: (gain: number) => string) => {
    const gain = target - pointsOf(spec, features.values[spec.key]);
    if (gain > 0) out.push({ factor: spec.key, points: gain, text: text(gain) });
  };
  for (const spec of model.features) {
    const best = Math.max(...spec.bins.map((b) => b.points));
    const key = spec.key;
    if (key in PAYMENT_FEATURES) {
      const months = features.monthsToClean[key as PaymentFeature];
      if (months !== undefined)
        offer(spec, best, (gain) => `连续 ${months} 个月按时缴纳${PAYMENT_NOUNS[key as PaymentFeature][1]}可提高约 ${gain} 分`);
    } else if (key === "arrearsMonths") {
      const months = features.monthsToClean.arrearsMonths;
      if (months !== undefined) offer(spec, best, (gain) => `结清欠费欠税并连续 ${months} 个月无欠费可提高约 ${gain} 分`);
    } else if (key === "housingFundCoverage") {
      const top = spec.bins.at(-1)!;
      offer(spec, best, (gain) => `为 ${Math.round((top.min ?? 0) * 100)}% 以上参保职工缴存住房公积金可提高约 ${gain} 分`);
    } else if (key === "taxGrade") {
      const target = spec.bins.find((b) => b.value === TAX_GRADE_TARGET[String(features.values.taxGrade)]);
      if (target) offer(spec, target.points, (gain) => `按时申报缴税，下一年度纳税信用评为 ${target.value} 级可提高约 ${gain} 分`);
    } else if (key === "penaltyLoad") {
      offer(spec, spec.neutral.points, (gain) => `对符合条件的行政处罚申请信用修复，可提高约 ${gain} 分`);
    }
  }
  return out.sort((a, b) => b.points! - a.points!);
}

const REASONS = 3;

/**
 * A factor's result as a score stores it: the attribute (bin index; −1 = missing, scored neutral) and
 * its points. Labels and reasons come back from the version's table (explainScore), so a stored
 * score is a few bytes per factor rather than its whole wording.
 */
export type ScoredAttribute = [attribute: number, points: number];

/** Contributions and the top reasons up and down, from a version's table and the attributes scored. */
export function explainScore(
  model: ScoreModel,
  attributes: readonly ScoredAttribute[],
): Pick<ScoreResult, "contributions" | "reasonsUp" | "reasonsDown"> {
  const contributions = model.features.map((spec, k): Contribution => {
    const [attribute, points] = attributes[k]!;
    return {
      factor: spec.key,
      label: spec.label,
      bin: attribute < 0 ? spec.neutral.label : spec.bins[attribute]!.label,
      points,
      neutralPoints: spec.neutral.points,
    };
  });
  // Stable sort: equal effects keep the table's order, so the reasons are deterministic.
  const byEffect = [...contributions].sort((a, b) => Math.abs(b.points - b.neutralPoints) - Math.abs(a.points - a.neutralPoints));
  const reason = (c: Contribution) => {
    const delta = c.points - c.neutralPoints;
    return `${c.label}：${c.bin}，${delta > 0 ? "加" : "减"} ${Math.abs(delta)} 分`;
  };
  return {
    contributions,
    reasonsUp: byEffect
      .filter((c) => c.points > c.neutralPoints)
      .slice(0, REASONS)
      .map(reason),
    reasonsDown: byEffect
      .filter((c) => c.points < c.neutralPoints)
      .slice(0, REASONS)
      .map(reason),
  };
}

export function scoreEnterprise(features: Features, model: ScoreModel): ScoreResult {
  const attributes = model.features.map((spec): ScoredAttribute => {
    const i = binIndex(spec, features.values[spec.key]);
    return i === null ? [-1, spec.neutral.points] : [i, spec.bins[i]!.points];
  });
  const score = attributes.reduce((sum, [, points]) => sum + points, model.basePoints);
  const knockedOut = features.knockOuts.length > 0;
  const band = knockedOut ? model.grades.at(-1)! : gradeOf(model, score);
  return {
    modelVersion: model.version,
    score,
    grade: band.grade,
    gradeLabel: band.label,
    knockedOut,
    knockOuts: features.knockOuts,
    basePoints: model.basePoints,
    attributes,
    ...explainScore(model, attributes),
    improvements: knockedOut
      ? features.knockOuts.map((k) => ({ factor: k.code, points: null, text: REMEDIES[k.code] }))
      : improvements(features, model),
  };
}

/** The public points table of /credit/method, every label zh-CN. */
export function pointsTable(model: ScoreModel) {
  const { factor, offset } = scalingConstants(model.scaling);
  const { baseScore, baseOdds, pdo } = model.scaling;
  const bounds = scoreBounds(model);
  return {
    version: model.version,
    name: model.name,
    scaling: {
      ...model.scaling,
      factor: Math.round(factor * 100) / 100,
      offset: Math.round(offset * 100) / 100,
      text: `分值 = ${offset.toFixed(2)} + ${factor.toFixed(2)} × ln(好坏比)：好坏比 ${baseOdds}:1 时为 ${baseScore} 分，好坏比每翻一番加 ${pdo} 分`,
    },
    basePoints: model.basePoints,
    bounds,
    grades: model.grades.map((g, i) => {
      const upper = i > 0 ? model.grades[i - 1]!.minScore! - 1 : null;
      const range =
        g.minScore === null
          ? `${upper! + 1} 分以下，或触及否决项`
          : upper === null
            ? `${g.minScore} 分及以上`
            : `${g.minScore}–${upper} 分`;
      return { grade: g.grade, label: g.label, range };
    }),
    knockOutRules: KNOCK_OUT_RULES,
    missingRule: MISSING_RULE,
    features: model.features.map((spec) => {
      const rows = spec.bins.map((b) => ({ label: b.label, points: b.points }));
      if (!spec.neverMissing) rows.push({ label: spec.neutral.label, points: spec.neutral.points });
      return { key: spec.key, label: spec.label, description: spec.description, rows };
    }),
  };
}

/** Points as the tables show them: "+15", "0", "-8". */
export function formatPoints(points: number): string {
  return points > 0 ? `+${points}` : String(points);
}
