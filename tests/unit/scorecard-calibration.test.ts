import { describe, expect, it } from "vitest";
import { createRng } from "~/lib/random";
import { auc, calibrate, fitLogistic, isHoldout, ks, woeTable, type Sample } from "~/lib/scorecard/calibration";
import { FEATURE_KEYS, type FeatureValues } from "~/lib/scorecard/features";
import { EXPERT_MODEL, modelProblems, scoreValues } from "~/lib/scorecard/model";

const neutralValues = (): FeatureValues => Object.fromEntries(FEATURE_KEYS.map((k) => [k, null])) as FeatureValues;

describe("AUC and KS", () => {
  it("AUC is 1 for a perfect separator, 0 for a reversed one, ½ for all-tied scores", () => {
    const bad = [true, true, true, false, false, false];
    expect(auc([1, 2, 3, 4, 5, 6], bad)).toBe(1);
    expect(auc([6, 5, 4, 3, 2, 1], bad)).toBe(0);
    expect(auc([7, 7, 7, 7, 7, 7], bad)).toBe(0.5);
    expect(auc([1, 2], [false, false])).toBeNull();
  });

  it("counts ties as half in a hand-worked example, and KS is the widest gap of the two distributions", () => {
    // goods 3,4,5,6 vs bads 1,2,3,4: good-above-bad pairs 2.5 + 3.5 + 4 + 4 = 14 of 16
    const scores = [3, 4, 5, 6, 1, 2, 3, 4];
    const bad = [false, false, false, false, true, true, true, true];
    expect(auc(scores, bad)).toBe(14 / 16);
    // cumulative bad − good shares after 1, 2, 3, 4, 5, 6: .25 .5 .5 .5 .25 0
    expect(ks(scores, bad)).toBe(0.5);
    expect(ks([1, 2, 3, 4], [true, true, false, false])).toBe(1);
    // Tied scores cannot be split by a threshold: one score for all gives no gap.
    expect(ks([5, 5, 5, 5], [true, true, false, false])).toBe(0);
  });

  it("AUC of scores unrelated to outcomes is about ½ on a big seeded sample", () => {
    const rng = createRng("auc-random");
    const scores = Array.from({ length: 20_000 }, () => rng.int(300, 900));
    const bad = scores.map(() => rng.chance(0.1));
    expect(auc(scores, bad)).toBeCloseTo(0.5, 1);
    expect(Math.abs(auc(scores, bad)! - 0.5)).toBeLessThan(0.02);
    expect(ks(scores, bad)).toBeLessThan(0.05);
  });
});

describe("logistic regression", () => {
  it("recovers the signs of planted effects and ignores a noise feature", () => {
    const rng = createRng("planted");
    const x = Array.from({ length: 3000 }, () => [rng.normal(0, 1), rng.normal(0, 1), rng.normal(0, 1)]);
    const bad = x.map(([a, b]) => rng.chance(1 / (1 + Math.exp(-(-1 + 1.5 * a! - 1 * b!)))));
    const fit = fitLogistic(x, bad, { l2: 1 });
    expect(fit.weights[0]).toBeGreaterThan(1.2);
    expect(fit.weights[0]).toBeLessThan(1.8);
    expect(fit.weights[1]).toBeLessThan(-0.7);
    expect(Math.abs(fit.weights[2]!)).toBeLessThan(0.15);
    expect(fit.intercept).toBeLessThan(-0.7);
    expect(fitLogistic(x, bad, { l2: 1 })).toEqual(fit); // deterministic
  });
});

describe("hold-out split", () => {
  it("puts an id on the same side every time and holds out about the asked share", () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `E${i}`);
    const held = ids.filter((id) => isHoldout(id, 0.3));
    expect(held.length / ids.length).toBeGreaterThan(0.28);
    expect(held.length / ids.length).toBeLessThan(0.32);
    expect(ids.filter((id) => isHoldout(id, 0.3))).toEqual(held);
  });
});

/** Synthetic outcomes: late electricity payments and penalties raise the bad odds, honours do nothing. */
function population(n: number): Sample[] {
  const rng = createRng("calibration-population");
  return Array.from({ length: n }, (_, i) => {
    const values = neutralValues();
    values.electricityLate = rng.weighted([0, 1, 3, 6, null], [50, 15, 10, 5, 20]);
    values.penaltyLoad = rng.weighted([0, 1, 3, 6], [70, 15, 10, 5]);
    values.honours = rng.weighted([0, 1, 2], [80, 15, 5]);
    const late = values.electricityLate ?? 0.5;
    const logit = -3.5 + 0.5 * late + 0.35 * values.penaltyLoad;
    return { id: `E${i}`, values, bad: rng.chance(1 / (1 + Math.exp(-logit))) };
  });
}

describe("weight of evidence and calibration", () => {
  it("WoE compares the shares of goods and bads in a bin, smoothed by half a case at the population odds", () => {
    const sample = (i: number, honours: number, bad: boolean): Sample => ({ id: `S${i}`, values: { ...neutralValues(), honours }, bad });
    // none: 6 goods, 1 bad; once: 2 goods, 1 bad (8 goods, 2 bads in all; 4 attributes incl. missing)
    const samples = [0, 1, 2, 3, 4, 5]
      .map((i) => sample(i, 0, false))
      .concat(sample(6, 0, true), sample(7, 1, false), sample(8, 1, false), sample(9, 1, true));
    const honours = woeTable(EXPERT_MODEL, samples).find((f) => f.key === "honours")!;
    // goods (6 + .4)/(8 + 4·.4) = 2/3, bads (1 + .1)/(2 + 4·.1) = 11/24
    expect(honours.attributes[0]).toMatchObject({ goods: 6, bads: 1 });
    expect(honours.attributes[0]!.woe).toBeCloseTo(Math.log(2 / 3 / (11 / 24)), 12);
    expect(honours.attributes[2]!.woe).toBeCloseTo(0, 12); // nobody with two honours: no evidence either way
    // A feature nobody has data for carries no information.
    expect(woeTable(EXPERT_MODEL, samples).find((f) => f.key === "gasLate")!.iv).toBeCloseTo(0, 12);
  });

  it("fits a new monotone version that ranks the hold-out better than chance, reported beside the expert table", () => {
    const samples = population(6000);
    const { model, report } = calibrate(EXPERT_MODEL, samples, { version: "calibrated-2027.1", name: "校准评分卡 2027.1" });
    expect(model.version).toBe("calibrated-2027.1");
    expect(modelProblems(model)).toEqual([]);
    const late = model.features.find((f) => f.key === "electricityLate")!;
    expect(late.bins[0]!.points).toBeGreaterThan(late.bins[3]!.points);
    expect(late.neutral.points).toBe(0);
    const penalties = model.features.find((f) => f.key === "penaltyLoad")!;
    expect(penalties.bins[0]!.points).toBe(0); // "none" stays the neutral bin
    expect(penalties.bins[4]!.points).toBeLessThan(0);
    // A firm with every factor neutral scores the base points.
    expect(scoreValues({ ...neutralValues(), penaltyLoad: 0, honours: 0 }, model)).toBe(model.basePoints);

    const iv = Object.fromEntries(report.features.map((f) => [f.key, f.iv]));
    expect(iv.electricityLate).toBeGreaterThan(0.1);
    expect(iv.honours).toBeLessThan(0.02);
    expect(report.trainSize + report.holdoutSize).toBe(6000);
    expect(report.holdout.calibrated.auc).toBeGreaterThan(0.65);
    expect(report.holdout.base.auc).toBeGreaterThan(0.6);
    expect(report.holdout.calibrated.ks).toBeGreaterThan(0.2);
    expect(report.baseVersion).toBe("expert-2026.2");

    // Same data and version, same model.
    expect(calibrate(EXPERT_MODEL, samples, { version: "calibrated-2027.1", name: "校准评分卡 2027.1" })).toEqual({ model, report });
  });

  it("refuses to fit without both good and bad outcomes", () => {
    const samples = population(200).map((s) => ({ ...s, bad: false }));
    expect(() => calibrate(EXPERT_MODEL, samples, { version: "x", name: "x" })).toThrow("both good and bad");
  });
});
