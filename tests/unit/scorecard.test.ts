import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CreditSource, PenaltySeverity } from "~/domain/credit";
import { computeFeatures, type CreditEventRecord, type FeatureInput, type MonthlyRecord } from "~/lib/scorecard/features";
import { EXPERT_MODEL, modelProblems, pointsOf, pointsTable, scoreBounds, scoreEnterprise, type ScoreModel } from "~/lib/scorecard/model";
import { addDays, addMonths, monthsBetween } from "~/lib/time";

const asOf = "2026-11-15";
const lastMonth = "2026-10";
const months24 = monthsBetween(addMonths(lastMonth, -23), lastMonth);

function row(source: CreditSource, month: string, values: Partial<MonthlyRecord> = {}): MonthlyRecord {
  return { source, month, quantity: null, paidOnTime: true, arrearsFen: 0, headcount: null, taxPaidFen: null, ...values };
}

/** 24 steady months: electricity, water, tax, social insurance (20 insured), housing fund (18). */
function goodFirm(): FeatureInput {
  const monthly = months24.flatMap((m) => [
    row("electricity", m, { quantity: 12_000 }),
    row("water", m, { quantity: 300 }),
    row("tax", m, { taxPaidFen: 8_000_000 }),
    row("social_insurance", m, { headcount: 20 }),
    row("housing_fund", m, { headcount: 18 }),
  ]);
  return { asOf, lastMonth, establishedOn: "2018-05-01", monthly, taxGrades: [{ year: 2025, grade: "A" }], events: [] };
}

const score = (input: FeatureInput, model: ScoreModel = EXPERT_MODEL) => scoreEnterprise(computeFeatures(input), model);
const pointsBy = (input: FeatureInput) => Object.fromEntries(score(input).contributions.map((c) => [c.factor, c.points]));

describe("scorecard worked examples (expert-2026.2)", () => {
  it("a steady firm that pays everything on time scores 755, grade A", () => {
    const result = score(goodFirm());
    // 600 + 15 电 + 10 水 + 0 气(无) + 20 税 + 15 社保 + 10 无欠费 + 8 用电稳定 + 10 平稳 + 8 纳税稳定
    //     + 5 参保稳定 + 12 公积金 90% + 30 A 级 + 12 经营 8 年 = 755
    expect(pointsBy(goodFirm())).toEqual({
      electricityLate: 15,
      waterLate: 10,
      gasLate: 0,
      taxLate: 20,
      socialInsuranceLate: 15,
      arrearsMonths: 10,
      electricityTrend: 8,
      electricityVariation: 10,
      taxTrend: 8,
      headcountTrend: 5,
      housingFundCoverage: 12,
      taxGrade: 30,
      yearsInOperation: 12,
      penaltyLoad: 0,
      honours: 0,
      commitmentBreaches: 0,
    });
    expect(result).toMatchObject({ modelVersion: "expert-2026.2", score: 755, grade: "A", gradeLabel: "优", knockedOut: false });
    expect(result.reasonsUp).toEqual([
      "纳税信用等级：A 级，加 30 分",
      "纳税申报缴纳：近 12 个月无逾期申报缴税，加 20 分",
      "电费缴纳：近 12 个月无电费逾期，加 15 分",
    ]);
    expect(result.reasonsDown).toEqual([]);
    // No gas data at all: not a gas customer, so no advice to pay gas; nothing else left to gain.
    expect(result.improvements).toEqual([]);
  });

  it("a late payer loses points for each late month and is told how to win them back", () => {
    const input = goodFirm();
    input.monthly = input.monthly.map((r) => {
      if (r.source === "electricity" && (r.month === "2026-03" || r.month === "2026-08")) return { ...r, paidOnTime: false };
      if (r.source === "social_insurance" && r.month === "2026-10") return { ...r, paidOnTime: false, arrearsFen: 1_500_000 };
      return r;
    });
    const result = score(input);
    // 755 − (15 + 25) electricity − (15 + 12) social insurance − (10 + 10) arrears = 668
    expect(result.score).toBe(668);
    expect(result.grade).toBe("B");
    expect(result.reasonsDown).toEqual([
      "电费缴纳：电费逾期 2–3 个月，减 25 分",
      "社保费缴纳：社保费逾期 1 个月，减 12 分",
      "欠费欠税：欠费欠税 1 个月，减 10 分",
    ]);
    expect(result.improvements.map((i) => i.text)).toEqual([
      "连续 10 个月按时缴纳电费可提高约 40 分",
      "连续 12 个月按时缴纳社保费可提高约 27 分",
      "结清欠费欠税并连续 12 个月无欠费可提高约 20 分",
    ]);
  });

  it("a firm on the serious-dishonesty list is grade D with the reason, whatever its points", () => {
    const input = goodFirm();
    input.events = [{ kind: "dishonest_entry", occurredOn: "2026-05-08", severity: null, reference: "失信-1", repairsReference: null }];
    const result = score(input);
    expect(result).toMatchObject({ score: 755, grade: "D", gradeLabel: "差", knockedOut: true });
    expect(result.knockOuts).toEqual([
      { code: "dishonest", reason: "列入严重失信主体名单（2026-05-08 列入），尚未移出或完成信用修复", references: ["失信-1"] },
    ]);
    expect(result.improvements).toEqual([
      { factor: "dishonest", points: null, text: "移出严重失信主体名单或完成信用修复后，方可参与评级和排名" },
    ]);
  });

  it("a firm with no data at all scores the neutral 600 (grade C) with every factor neutral", () => {
    const result = score({ asOf, lastMonth, establishedOn: null, monthly: [], taxGrades: [], events: [] });
    expect(result.score).toBe(600);
    expect(result.grade).toBe("C");
    expect(result.contributions.every((c) => c.points === c.neutralPoints)).toBe(true);
    expect(result.contributions.find((c) => c.factor === "electricityLate")?.bin).toBe("报送不足 6 个月且无电费逾期（数据不足）");
    expect(result.reasonsUp).toEqual([]);
    expect(result.reasonsDown).toEqual([]);
    expect(result.improvements.map((i) => i.text)).toEqual(["为 80% 以上参保职工缴存住房公积金可提高约 12 分"]);
  });

  it("a missing month is never late: five months of gaps leave a clean record clean", () => {
    const input = goodFirm();
    const gaps = new Set(["2026-01", "2026-03", "2026-05", "2026-07", "2026-09"]);
    input.monthly = input.monthly.filter((r) => !(r.source === "electricity" && gaps.has(r.month)));
    expect(pointsBy(input).electricityLate).toBe(15);
    // Seven gaps leave five reported months: too few to earn "no late month", so neutral, not late.
    input.monthly = input.monthly.filter((r) => !(r.source === "electricity" && (r.month === "2026-02" || r.month === "2026-04")));
    expect(pointsBy(input).electricityLate).toBe(0);
    expect(score(input).improvements[0]?.text).toBe("连续 6 个月按时缴纳电费可提高约 15 分");
  });

  it("weighs penalties by severity and age and lifts only the penalty a credit repair names", () => {
    const penalty = (occurredOn: string, severity: PenaltySeverity): CreditEventRecord => ({
      kind: "penalty",
      occurredOn,
      severity,
      reference: occurredOn,
      repairsReference: null,
    });
    const repair = (occurredOn: string, repairs: string): CreditEventRecord => ({
      kind: "credit_repair",
      occurredOn,
      severity: null,
      reference: `修复-${repairs}`,
      repairsReference: repairs,
    });
    const load = (events: CreditEventRecord[]) => computeFeatures({ ...goodFirm(), events }).values.penaltyLoad;
    expect(load([penalty("2026-06-01", "grave")])).toBe(6);
    expect(load([penalty("2025-06-01", "grave")])).toBe(3); // second year: half
    expect(load([penalty("2024-11-15", "grave")])).toBe(0); // exactly 24 months: gone
    expect(load([penalty("2026-06-01", "general"), penalty("2025-01-10", "serious")])).toBe(2.5);
    expect(load([penalty("2026-06-01", "grave"), repair("2026-09-01", "2026-06-01")])).toBe(0);
    expect(load([penalty("2026-12-01", "grave")])).toBe(0); // after the as-of date
    // Two penalties, one repaired: the other still counts, whichever is older.
    expect(load([penalty("2026-03-01", "serious"), penalty("2026-06-01", "general"), repair("2026-09-01", "2026-06-01")])).toBe(3);
    expect(load([penalty("2026-03-01", "serious"), penalty("2026-06-01", "general"), repair("2026-09-01", "2026-03-01")])).toBe(1);
    // A repair of some other record lifts nothing; a repair dated after the as-of day has not happened yet.
    expect(load([penalty("2026-06-01", "grave"), repair("2026-09-01", "某其他文书")])).toBe(6);
    expect(load([penalty("2026-06-01", "grave"), repair("2026-12-01", "2026-06-01")])).toBe(6);

    const input = { ...goodFirm(), events: [penalty("2026-06-01", "grave")] };
    const result = score(input);
    expect(result.score).toBe(755 - 45);
    expect(result.reasonsDown).toEqual(["行政处罚：加权 3.5–6（如 1 次严重处罚），减 45 分"]);
    expect(result.improvements.map((i) => i.text)).toContain("对符合条件的行政处罚申请信用修复，可提高约 45 分");
  });

  it("counts 违诺 of the last 36 months, less those revoked after an objection: 1 costs 30 points, 2 or more 60", () => {
    const event = (kind: "commitment_breach" | "breach_revoked", occurredOn: string, reference: string): CreditEventRecord => ({
      kind,
      occurredOn,
      severity: null,
      reference,
      repairsReference: null,
    });
    const withEvents = (...events: CreditEventRecord[]) => score({ ...goodFirm(), events });
    expect(withEvents(event("commitment_breach", "2026-05-01", "WN-1")).score).toBe(755 - 30);
    expect(withEvents(event("commitment_breach", "2026-05-01", "WN-1"), event("commitment_breach", "2024-01-02", "WN-2")).score).toBe(
      755 - 60,
    );
    // Exactly 36 months before the as-of date: gone; and a breach after it is not known yet.
    expect(withEvents(event("commitment_breach", "2023-11-15", "WN-1")).score).toBe(755);
    expect(withEvents(event("commitment_breach", "2026-11-16", "WN-1")).score).toBe(755);
    // Revoked: only the breach with the revocation's reference stops counting.
    expect(withEvents(event("commitment_breach", "2026-05-01", "WN-1"), event("breach_revoked", "2026-06-01", "WN-1")).score).toBe(755);
    const other = withEvents(event("commitment_breach", "2026-05-01", "WN-1"), event("breach_revoked", "2026-06-01", "WN-9"));
    expect(other.score).toBe(755 - 30);
    expect(other.reasonsDown).toEqual(["信用承诺履约：违诺 1 次，减 30 分"]);
  });

  it("knocks out open court enforcement and a tax grade D, and lets exits, repairs and closures end them", () => {
    const ev = (
      kind: CreditEventRecord["kind"],
      occurredOn: string,
      reference: string,
      target: string | null = null,
    ): CreditEventRecord => ({
      kind,
      occurredOn,
      severity: null,
      reference,
      repairsReference: kind === "credit_repair" ? target : null,
      listingReference: kind === "dishonest_exit" ? target : null,
    });
    const codes = (events: CreditEventRecord[], grade: "A" | "D" = "A", year = 2025) =>
      computeFeatures({ ...goodFirm(), events, taxGrades: [{ year, grade }] }).knockOuts.map((k) => k.code);

    // An exit under its own document number ends the listing it names, and only that one.
    expect(codes([ev("dishonest_entry", "2025-01-01", "L1"), ev("dishonest_exit", "2025-09-01", "苏税稽移出〔2025〕3号", "L1")])).toEqual(
      [],
    );
    expect(codes([ev("dishonest_entry", "2025-01-01", "L1"), ev("dishonest_exit", "2025-09-01", "L1-exit", "L9")])).toEqual(["dishonest"]);
    expect(codes([ev("dishonest_entry", "2025-01-01", "L1"), ev("dishonest_exit", "2025-09-01", "L1-exit")])).toEqual(["dishonest"]);
    // L0 repaired, then L1 listed and exited under its own number: L1 ends, L0 stays repaired, nothing is open.
    const both = [
      ev("dishonest_entry", "2024-01-01", "L0"),
      ev("credit_repair", "2024-09-01", "R0", "L0"),
      ev("dishonest_entry", "2025-01-01", "L1"),
      ev("dishonest_exit", "2025-09-01", "苏税稽移出〔2025〕7号", "L1"),
    ];
    expect(codes(both)).toEqual([]);
    // Without L0's repair, L1's exit does not end L0 (the oldest open listing) in its place.
    const unrepaired = computeFeatures({ ...goodFirm(), events: both.filter((e) => e.kind !== "credit_repair") }).knockOuts;
    expect(unrepaired).toEqual([
      { code: "dishonest", reason: "列入严重失信主体名单（2024-01-01 列入），尚未移出或完成信用修复", references: ["L0"] },
    ]);
    // A listing ends by its own repair, not by the repair of something else (a penalty's, or an earlier listing's).
    expect(codes([ev("dishonest_entry", "2025-01-01", "L1"), ev("credit_repair", "2025-09-01", "R1", "L1")])).toEqual([]);
    expect(codes([ev("dishonest_entry", "2025-01-01", "L1"), ev("credit_repair", "2025-09-01", "R1", "P-2024-7")])).toEqual(["dishonest"]);
    expect(
      codes([
        ev("dishonest_entry", "2024-01-01", "L0"),
        ev("credit_repair", "2025-01-01", "R1", "L0"),
        ev("dishonest_entry", "2025-09-01", "L1"),
      ]),
    ).toEqual(["dishonest"]);
    expect(codes([ev("dishonest_entry", "2026-12-01", "L1")])).toEqual([]); // after the as-of date
    // A penalty and a listing under one reference: a repair of the penalty does not lift the listing.
    const shared = [
      { ...ev("penalty", "2025-01-01", "苏税稽〔2025〕1号"), severity: "serious" as const },
      ev("dishonest_entry", "2025-01-01", "苏税稽〔2025〕1号"),
    ];
    const repairOf = (repairsKind: "penalty" | "dishonest_entry" | null) => ({
      ...ev("credit_repair", "2025-09-01", "R1", "苏税稽〔2025〕1号"),
      repairsKind,
    });
    const features = (events: CreditEventRecord[]) => computeFeatures({ ...goodFirm(), events });
    expect(features([...shared, repairOf("penalty")])).toMatchObject({ values: { penaltyLoad: 0 }, knockOuts: [{ code: "dishonest" }] });
    expect(features([...shared, repairOf("dishonest_entry")])).toMatchObject({ values: { penaltyLoad: 1.5 }, knockOuts: [] });
    // A repair recorded before the kind was kept lifts both, as it always did.
    expect(features([...shared, repairOf(null)])).toMatchObject({ values: { penaltyLoad: 0 }, knockOuts: [] });
    // A closure without the case's number closes the oldest open case; the second stays open.
    const two = [
      ev("enforcement_open", "2025-02-01", "(2025)苏0508执1号"),
      ev("enforcement_open", "2025-04-01", "(2025)苏0508执9号"),
      ev("enforcement_closed", "2025-08-01", "结-1"),
    ];
    expect(codes(two)).toEqual(["enforcement"]);
    expect(computeFeatures({ ...goodFirm(), events: two }).knockOuts[0]?.reason).toBe("存在未结案的法院强制执行（最早 2025-04-01 立案）");
    expect(codes([...two, ev("enforcement_closed", "2025-10-01", "(2025)苏0508执9号")])).toEqual([]);
    expect(codes([], "D")).toEqual(["tax_grade_d"]);
    expect(codes([], "D", 2023)).toEqual([]); // too old to count
    const d = score({
      ...goodFirm(),
      taxGrades: [
        { year: 2024, grade: "A" },
        { year: 2025, grade: "D" },
      ],
    });
    expect(d).toMatchObject({ grade: "D", knockedOut: true, knockOuts: [{ code: "tax_grade_d", reason: "2025 年度纳税信用等级为 D 级" }] });
  });
});

describe("the expert points table", () => {
  it("is sound: tiled bins, integer points, monotone through the neutral points", () => {
    expect(modelProblems(EXPERT_MODEL)).toEqual([]);
    const broken = structuredClone(EXPERT_MODEL);
    broken.features[0]!.bins[3]!.points = 20; // 4+ late months worth more than none
    expect(modelProblems(broken)).toEqual(["electricityLate: points not monotone (down)"]);
  });

  it("publishes scaling, bounds, grade bands, knock-outs and every bin in zh-CN", () => {
    const table = pointsTable(EXPERT_MODEL);
    expect(table.scaling).toMatchObject({ baseScore: 600, baseOdds: 50, pdo: 20, factor: 28.85, offset: 487.12 });
    expect(table.scaling.text).toBe("分值 = 487.12 + 28.85 × ln(好坏比)：好坏比 50:1 时为 600 分，好坏比每翻一番加 20 分");
    // 600 + best of each row: 15+10+8+20+15+10 +12+10+15+10 +12+30+18+0+18 +0 = 803;
    // 600 + worst: −45−30−24−60−45−40 −25−15−20−20 +0−60−15−70+0 −60 = 71
    expect(table.bounds).toEqual({ min: 71, max: 803 });
    expect(table.grades).toEqual([
      { grade: "A", label: "优", range: "700 分及以上" },
      { grade: "B", label: "良", range: "640–699 分" },
      { grade: "C", label: "中", range: "580–639 分" },
      { grade: "D", label: "差", range: "580 分以下，或触及否决项" },
    ]);
    expect(table.knockOutRules).toHaveLength(3);
    const electricity = table.features.find((f) => f.key === "electricityLate")!;
    expect(electricity.rows.at(-1)).toEqual({ label: "报送不足 6 个月且无电费逾期（数据不足）", points: 0 });
    const penalties = table.features.find((f) => f.key === "penaltyLoad")!;
    expect(penalties.rows.map((r) => r.points)).toEqual([0, -10, -25, -45, -70]); // never missing: no extra row
  });
});

// ---------------------------------------------------------------- properties

const SOURCES: CreditSource[] = ["electricity", "water", "gas", "tax", "social_insurance", "housing_fund"];
const dayOffset = fc.integer({ min: 0, max: 1414 }); // 2023-01-01 … 2026-11-15
const severity = fc.constantFrom<PenaltySeverity>("general", "serious", "grave");
const penaltyArb = fc.record({ day: dayOffset, severity }).map(({ day, severity: s }): CreditEventRecord => ({
  kind: "penalty",
  occurredOn: addDays("2023-01-01", day),
  severity: s,
  reference: `P-${day}-${s}`,
  repairsReference: null,
}));
const eventArb = fc.oneof(
  penaltyArb,
  fc
    .record({
      day: dayOffset,
      kind: fc.constantFrom(
        "honour",
        "credit_repair",
        "dishonest_entry",
        "dishonest_exit",
        "enforcement_open",
        "enforcement_closed" as const,
      ),
    })
    .map(({ day, kind }): CreditEventRecord => ({
      kind,
      occurredOn: addDays("2023-01-01", day),
      severity: null,
      reference: `E-${kind}-${day}`,
      repairsReference: kind === "credit_repair" ? `E-dishonest_entry-${day}` : null,
    })),
);

/** A row per source and month, or a gap; values either free or steady (one value per source). */
function inputArb(steady: boolean) {
  const cell = fc.record({
    present: fc.integer({ min: 0, max: 5 }).map((n) => n > 0),
    paidOnTime: fc.option(fc.boolean(), { nil: null, freq: 8 }),
    arrearsFen: fc.option(fc.constantFrom(0, 0, 0, 120_000), { nil: null, freq: 6 }),
    amount: fc.integer({ min: 0, max: 100_000 }),
  });
  const perSource = fc.record({
    cells: fc.array(cell, { minLength: 24, maxLength: 24 }),
    steadyAmount: fc.integer({ min: 0, max: 100_000 }),
  });
  return fc
    .record({
      sources: fc.array(perSource, { minLength: 6, maxLength: 6 }),
      grade: fc.option(fc.constantFrom("A", "B", "M", "C", "D" as const), { nil: null }),
      establishedOn: fc.option(
        dayOffset.map((d) => addDays("2010-01-01", d * 3)),
        { nil: null },
      ),
      events: fc.array(eventArb, { maxLength: 8 }),
    })
    .map(({ sources, grade, establishedOn, events }): FeatureInput => ({
      asOf,
      lastMonth,
      establishedOn,
      taxGrades: grade === null ? [] : [{ year: 2025, grade }],
      events,
      monthly: sources.flatMap(({ cells, steadyAmount }, s) =>
        cells.flatMap((c, i) => {
          if (!c.present) return [];
          const amount = steady ? steadyAmount : c.amount;
          const source = SOURCES[s]!;
          return [
            row(source, months24[i]!, {
              paidOnTime: c.paidOnTime,
              arrearsFen: c.arrearsFen,
              quantity: ["electricity", "water", "gas"].includes(source) ? amount : null,
              headcount: source === "social_insurance" || source === "housing_fund" ? amount % 500 : null,
              taxPaidFen: source === "tax" ? amount * 100 : null,
            }),
          ];
        }),
      ),
    }));
}

const LATE_FEATURES = ["electricityLate", "waterLate", "gasLate", "taxLate", "socialInsuranceLate", "arrearsMonths"];

describe("scorecard properties", () => {
  it("contributions add up to the score, which stays within the table's bounds", () => {
    const { min, max } = scoreBounds(EXPERT_MODEL);
    fc.assert(
      fc.property(inputArb(false), (input) => {
        const result = score(input);
        expect(result.basePoints + result.contributions.reduce((s, c) => s + c.points, 0)).toBe(result.score);
        expect(result.score).toBeGreaterThanOrEqual(min);
        expect(result.score).toBeLessThanOrEqual(max);
        if (result.knockedOut) expect(result.grade).toBe("D");
      }),
    );
  });

  it("is deterministic: same data and version give the same result, in any row order", () => {
    fc.assert(
      fc.property(inputArb(false), (input) => {
        const reordered = { ...input, monthly: [...input.monthly].reverse(), events: [...input.events].reverse() };
        expect(score(reordered)).toEqual(score(input));
      }),
    );
  });

  it("is monotone in paying on time: turning a late month into an on-time one never lowers the score", () => {
    fc.assert(
      fc.property(inputArb(false), fc.nat(), (input, pick) => {
        const late = input.monthly.flatMap((r, i) => (r.paidOnTime === false ? [i] : []));
        fc.pre(late.length > 0);
        const i = late[pick % late.length]!;
        const better = { ...input, monthly: input.monthly.map((r, j) => (j === i ? { ...r, paidOnTime: true } : r)) };
        expect(score(better).score).toBeGreaterThanOrEqual(score(input).score);
      }),
    );
  });

  it("a new penalty never raises the score", () => {
    fc.assert(
      fc.property(inputArb(false), penaltyArb, (input, penalty) => {
        expect(score({ ...input, events: [...input.events, penalty] }).score).toBeLessThanOrEqual(score(input).score);
      }),
    );
  });

  it("a gap never counts as late: removing a row never moves a payment or arrears factor to a worse bin", () => {
    fc.assert(
      fc.property(inputArb(false), fc.nat(), (input, pick) => {
        fc.pre(input.monthly.length > 0);
        const gap = { ...input, monthly: input.monthly.filter((_, j) => j !== pick % input.monthly.length) };
        const before = computeFeatures(input).values;
        const after = computeFeatures(gap).values;
        for (const spec of EXPERT_MODEL.features.filter((f) => LATE_FEATURES.includes(f.key))) {
          const b = before[spec.key] as number | null;
          const a = after[spec.key] as number | null;
          // Fewer or equal late months, or missing (neutral) once too few months are reported.
          expect(a === null || (b !== null && a <= b)).toBe(true);
          expect(pointsOf(spec, a)).toBeGreaterThanOrEqual(Math.min(pointsOf(spec, b), spec.neutral.points));
        }
      }),
    );
  });

  it("with steady figures a gap costs at most the fall to neutral of factors it leaves without enough data", () => {
    fc.assert(
      fc.property(inputArb(true), fc.nat(), (input, pick) => {
        fc.pre(input.monthly.length > 0);
        const gap = { ...input, monthly: input.monthly.filter((_, j) => j !== pick % input.monthly.length) };
        const before = computeFeatures(input).values;
        const after = computeFeatures(gap).values;
        let tolerance = 0;
        for (const spec of EXPERT_MODEL.features) {
          const b = pointsOf(spec, before[spec.key]);
          const a = pointsOf(spec, after[spec.key]);
          if (after[spec.key] === null && before[spec.key] !== null) tolerance += Math.max(0, b - spec.neutral.points);
          else expect(a).toBeGreaterThanOrEqual(b);
        }
        expect(score(gap).score).toBeGreaterThanOrEqual(score(input).score - tolerance);
      }),
    );
  });
});
