/**
 * Calibration of the scorecard from loan outcomes (issue 5): weight of evidence on the model's own
 * bins, information value, an L2 logistic regression on the WoE-encoded features (Newton/IRLS, no
 * randomness), its coefficients turned into a new model version's points, and AUC and KS on a hold-out
 * chosen by a hash of the enterprise id. Which loans count as bad is the caller's decision.
 * Method and its safeguards: docs/decisions/006-scorecard.md.
 */
import { sha256Hex } from "../canonical-json";
import type { FeatureValues } from "./features";
import { binIndex, scalingConstants, scoreValues, type FeatureSpec, type ScoreModel } from "./model";

/** One outcome (a loan); `id` is the enterprise's, so its loans all fall on the same side of the hold-out. */
export type Sample = { id: string; values: FeatureValues; bad: boolean };

/** Same id, same side, whatever the order or size of the data. */
export function isHoldout(id: string, share: number): boolean {
  return Number.parseInt(sha256Hex(`holdout:${id}`).slice(0, 8), 16) / 0x1_0000_0000 < share;
}

/** Probability that a good outscores a bad (Mann–Whitney U, ties count half); null without both. */
export function auc(scores: readonly number[], bad: readonly boolean[]): number | null {
  const goods = bad.filter((b) => !b).length;
  const bads = bad.length - goods;
  if (goods === 0 || bads === 0) return null;
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let goodRankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end += 1;
    const midRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) if (!bad[order[k]!]) goodRankSum += midRank;
    start = end + 1;
  }
  return (goodRankSum - (goods * (goods + 1)) / 2) / (goods * bads);
}

/** Kolmogorov–Smirnov: the largest gap between the score distributions of bads and goods. */
export function ks(scores: readonly number[], bad: readonly boolean[]): number | null {
  const goods = bad.filter((b) => !b).length;
  const bads = bad.length - goods;
  if (goods === 0 || bads === 0) return null;
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let cumGood = 0;
  let cumBad = 0;
  let best = 0;
  order.forEach((i, k) => {
    if (bad[i]) cumBad += 1;
    else cumGood += 1;
    // Only between distinct scores: a threshold cannot split tied scores.
    if (k + 1 === order.length || scores[order[k + 1]!] !== scores[i]) best = Math.max(best, Math.abs(cumBad / bads - cumGood / goods));
  });
  return best;
}

/** Solves A·x = b by Gaussian elimination with partial pivoting (A small and positive definite here). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = col + 1; r < n; r++) {
      const f = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let c = r + 1; c < n; c++) s -= m[r]![c]! * x[c]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export type LogisticFit = { intercept: number; weights: number[]; iterations: number };

/**
 * P(bad) = σ(intercept + Σ weight·x), maximising the log-likelihood minus l2/2·Σ weight² (the
 * intercept is not penalised) by Newton steps, halved while they do not improve the objective.
 */
export function fitLogistic(
  x: readonly (readonly number[])[],
  bad: readonly boolean[],
  options: { l2?: number; maxIterations?: number } = {},
): LogisticFit {
  const l2 = options.l2 ?? 1;
  const maxIterations = options.maxIterations ?? 100;
  const p = (x[0]?.length ?? 0) + 1;
  const rows = x.map((r) => [1, ...r]);
  const objective = (beta: number[]) => {
    let ll = 0;
    rows.forEach((r, i) => {
      const z = r.reduce((s, v, j) => s + v * beta[j]!, 0);
      // log σ(z) and log(1−σ(z)) written to stay finite for large |z|.
      ll += bad[i] ? -Math.log1p(Math.exp(-z)) : -Math.log1p(Math.exp(z));
    });
    return ll - (l2 / 2) * beta.slice(1).reduce((s, b) => s + b * b, 0);
  };
  let beta = new Array<number>(p).fill(0);
  let current = objective(beta);
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations += 1;
    const gradient = beta.map((b, j) => (j === 0 ? 0 : -l2 * b));
    const hessian = beta.map((_, j) => beta.map((__, k) => (j === k && j > 0 ? l2 : 0)));
    rows.forEach((r, i) => {
      const mu = sigmoid(r.reduce((s, v, j) => s + v * beta[j]!, 0));
      const w = mu * (1 - mu);
      for (let j = 0; j < p; j++) {
        gradient[j]! += r[j]! * ((bad[i] ? 1 : 0) - mu);
        for (let k = 0; k < p; k++) hessian[j]![k]! += w * r[j]! * r[k]!;
      }
    });
    const step = solve(hessian, gradient);
    let scale = 1;
    let next = beta.map((b, j) => b + step[j]!);
    let value = objective(next);
    while (value < current && scale > 1e-6) {
      scale /= 2;
      next = beta.map((b, j) => b + scale * step[j]!);
      value = objective(next);
    }
    const moved = Math.max(...next.map((b, j) => Math.abs(b - beta[j]!)));
    if (value >= current) {
      beta = next;
      current = value;
    }
    if (moved < 1e-9 || value < current) break;
  }
  return { intercept: beta[0]!, weights: beta.slice(1), iterations };
}

export type WoeAttribute = { label: string; goods: number; bads: number; woe: number };
export type WoeFeature = { key: FeatureSpec["key"]; label: string; attributes: WoeAttribute[]; iv: number };

/** Attribute of a value: a bin index, or bins.length for missing. */
const attributeOf = (spec: FeatureSpec, value: FeatureValues[keyof FeatureValues]) => binIndex(spec, value) ?? spec.bins.length;

/**
 * WoE = ln(share of goods / share of bads) per attribute (the bins, then missing); IV = Σ (good share −
 * bad share) · WoE. Every attribute gets half a case split at the population's good:bad ratio, so an
 * empty one has WoE 0 rather than ±∞, and a feature nobody has data for shows no information.
 */
export function woeTable(model: ScoreModel, samples: readonly Sample[]): WoeFeature[] {
  const totalGoods = samples.filter((s) => !s.bad).length;
  const totalBads = samples.length - totalGoods;
  const goodPrior = (0.5 * totalGoods) / samples.length;
  const badPrior = (0.5 * totalBads) / samples.length;
  return model.features.map((spec) => {
    const labels = [...spec.bins.map((b) => b.label), spec.neutral.label];
    const goods = labels.map(() => 0);
    const bads = labels.map(() => 0);
    for (const s of samples) (s.bad ? bads : goods)[attributeOf(spec, s.values[spec.key])]! += 1;
    let iv = 0;
    const attributes = labels.map((label, j) => {
      const g = (goods[j]! + goodPrior) / (totalGoods + goodPrior * labels.length);
      const b = (bads[j]! + badPrior) / (totalBads + badPrior * labels.length);
      const woe = Math.log(g / b);
      iv += (g - b) * woe;
      return { label, goods: goods[j]!, bads: bads[j]!, woe };
    });
    return { key: spec.key, label: spec.label, attributes, iv };
  });
}

/**
 * The WoE made monotone in the feature's direction (weighted pool-adjacent-violators), with the
 * neutral attribute held at 0: missing data scores as the population, and the order the expert
 * table promises (more late months never more points, missing between clean and late) survives.
 */
function monotoneWoe(spec: FeatureSpec, feature: WoeFeature): number[] {
  const neutralAttribute = spec.neverMissing ? spec.neutral.rank : spec.bins.length;
  const chain = spec.bins.map((_, j) => j);
  if (!spec.neverMissing) chain.splice(spec.neutral.rank, 0, spec.bins.length);
  const sign = spec.direction === "up" ? 1 : -1;
  type Block = { members: number[]; sum: number; weight: number; pinned: boolean };
  const value = (b: Block) => (b.pinned ? 0 : b.sum / b.weight);
  const blocks: Block[] = [];
  for (const j of chain) {
    const a = feature.attributes[j]!;
    const weight = a.goods + a.bads + 1;
    let block: Block = { members: [j], sum: sign * a.woe * weight, weight, pinned: j === neutralAttribute };
    while (blocks.length > 0 && value(blocks.at(-1)!) > value(block)) {
      const prev = blocks.pop()!;
      block = {
        members: [...prev.members, ...block.members],
        sum: prev.sum + block.sum,
        weight: prev.weight + block.weight,
        pinned: prev.pinned || block.pinned,
      };
    }
    blocks.push(block);
  }
  const woe = new Array<number>(feature.attributes.length).fill(0);
  for (const b of blocks) for (const j of b.members) woe[j] = sign * value(b);
  return woe;
}

export type CalibrationReport = {
  version: string;
  baseVersion: string;
  trainSize: number;
  holdoutSize: number;
  holdoutBads: number;
  trainBadRate: number;
  features: { key: FeatureSpec["key"]; label: string; iv: number; weight: number; dropped: boolean }[];
  holdout: { calibrated: { auc: number | null; ks: number | null }; base: { auc: number | null; ks: number | null } };
};

/**
 * Fits a new model version on the bins of `base`. Points = −factor·weight·WoE per attribute and base
 * points = offset − factor·intercept (the brief's −(β·WoE + α/n)·factor + offset/n, with the shares
 * of the base summed into one number). A feature whose fitted weight has the wrong sign (more
 * evidence of good → more risk) is dropped, its points 0, and the rest refitted.
 */
export function calibrate(
  base: ScoreModel,
  samples: readonly Sample[],
  options: { version: string; name: string; holdoutShare?: number; l2?: number },
): { model: ScoreModel; report: CalibrationReport } {
  const share = options.holdoutShare ?? 0.3;
  const train = samples.filter((s) => !isHoldout(s.id, share));
  const holdout = samples.filter((s) => isHoldout(s.id, share));
  const trainBads = train.filter((s) => s.bad).length;
  if (trainBads === 0 || trainBads === train.length) throw new Error("calibration needs both good and bad outcomes in the training set");

  const table = woeTable(base, train);
  const woe = base.features.map((spec, i) => monotoneWoe(spec, table[i]!));
  const encoded = train.map((s) => base.features.map((spec, i) => woe[i]![attributeOf(spec, s.values[spec.key])]!));
  const bad = train.map((s) => s.bad);

  const kept = base.features.map(() => true);
  let fit: LogisticFit;
  for (;;) {
    const columns = kept.flatMap((k, i) => (k ? [i] : []));
    fit = fitLogistic(
      encoded.map((row) => columns.map((i) => row[i]!)),
      bad,
      { l2: options.l2 },
    );
    const wrong = columns.filter((_, c) => fit.weights[c]! > 0);
    if (wrong.length === 0) break;
    for (const i of wrong) kept[i] = false;
  }
  const weights = base.features.map(() => 0);
  kept.flatMap((k, i) => (k ? [i] : [])).forEach((i, c) => (weights[i] = fit.weights[c]!));

  const { factor, offset } = scalingConstants(base.scaling);
  // + 0 turns the −0 of rounding small negatives into 0.
  const points = (i: number, j: number) => Math.round(-factor * weights[i]! * woe[i]![j]!) + 0;
  const model: ScoreModel = {
    ...base,
    version: options.version,
    name: options.name,
    basePoints: Math.round(offset - factor * fit.intercept),
    features: base.features.map((spec, i) => ({
      ...spec,
      bins: spec.bins.map((b, j) => ({ ...b, points: points(i, j) })),
      neutral: { ...spec.neutral, points: points(i, spec.neverMissing ? spec.neutral.rank : spec.bins.length) },
    })),
  };

  const holdoutBad = holdout.map((s) => s.bad);
  const measure = (m: ScoreModel) => {
    const scores = holdout.map((s) => scoreValues(s.values, m));
    return { auc: auc(scores, holdoutBad), ks: ks(scores, holdoutBad) };
  };
  return {
    model,
    report: {
      version: options.version,
      baseVersion: base.version,
      trainSize: train.length,
      holdoutSize: holdout.length,
      holdoutBads: holdoutBad.filter(Boolean).length,
      trainBadRate: trainBads / train.length,
      features: base.features.map((spec, i) => ({
        key: spec.key,
        label: spec.label,
        iv: table[i]!.iv,
        weight: weights[i]!,
        dropped: !kept[i],
      })),
      holdout: { calibrated: measure(model), base: measure(base) },
    },
  };
}
