/** Scores stored with history, recomputed after a batch for the enterprises it touched only, and monthly for all. */
import { eq, inArray } from "drizzle-orm";
import { buildUscc } from "~/lib/uscc";
import { beforeAll, describe, expect, it } from "vitest";
import { EXPERT_MODEL } from "~/lib/scorecard/model";
import {
  activeModel,
  currentScore,
  listModels,
  rescoreAll,
  rescoreEnterprises,
  rescoreIfDue,
  scoreHistory,
} from "~/services/scoring.server";
import { seedDemoCity } from "~db/seed";
import { creditScores, enterprises } from "~db/schema";
import { cleanHistory, ingest } from "../support/credit";
import { createTestDatabase } from "../support/db";
import { at, registerEnterprises } from "../support/facts";

const { db } = createTestDatabase();
const SEEDED = at("2026-11-01 00:00");
const T1 = at("2026-11-16 10:00");
let ids: { id: number; uscc: string }[];

beforeAll(async () => {
  await seedDemoCity(db, { seed: 7, enterprises: 20, months: 3, asOf: "2026-11-01" });
  // Enterprises that joined after the demo city's data arrived: no credit data yet, scored once.
  const fresh = ["66660001", "66660002", "66660003", "66660004"].map((body) => buildUscc("91", "320508", body));
  registerEnterprises(db, fresh);
  ids = db
    .select({ id: enterprises.id, uscc: enterprises.uscc })
    .from(enterprises)
    .where(inArray(enterprises.uscc, fresh))
    .orderBy(enterprises.id)
    .all();
  rescoreEnterprises(
    db,
    ids.map((e) => e.id),
    SEEDED,
  );
});

describe("scoring storage", () => {
  it("the seed scores every enterprise with the expert version, contributions adding up to the score", () => {
    expect(activeModel(db, SEEDED).version).toBe("expert-2026.2");
    const seeded = db
      .select({ id: enterprises.id })
      .from(enterprises)
      .all()
      .filter((e) => !ids.some((f) => f.id === e.id));
    expect(seeded).toHaveLength(20);
    for (const { id } of seeded) {
      const s = currentScore(db, id)!;
      expect(s).toMatchObject({ modelVersion: "expert-2026.2", asOfMonth: "2026-10" });
      expect(s.contributions.reduce((sum, x) => sum + x.points, 600)).toBe(s.score);
      if (s.knockedOut) expect(s.grade).toBe("D");
    }
  });

  it("with no credit data only the years in operation count", () => {
    for (const { id } of ids) {
      const s = currentScore(db, id)!;
      expect(s).toMatchObject({ knockedOut: false, modelVersion: "expert-2026.2", asOfMonth: "2026-10" });
      const years = s.contributions.find((c) => c.factor === "yearsInOperation")!;
      expect(s.score).toBe(600 + years.points);
      expect(s.contributions.filter((c) => c.factor !== "yearsInOperation").every((c) => c.points === 0)).toBe(true);
    }
  });

  it("a batch re-scores only the enterprises it touched, keeps the old score as history, and contributions add up", () => {
    const [a, b, c] = ids;
    const before = db.select().from(creditScores).all().length;
    const seeded = currentScore(db, a!.id)!.score;
    const report = ingest(db, "monthly", cleanHistory(a!.uscc, "2026-10", 12), T1);
    expect(report.touchedEnterpriseIds).toEqual([a!.id]);
    const s = currentScore(db, a!.id)!;
    // No late month for electricity (+15), tax (+20), social insurance (+15), no arrears (+10), steady use (+10), steady trends (+8, +5).
    expect(s.score).toBe(seeded + 83);
    expect(s.contributions.reduce((sum, x) => sum + x.points, 600)).toBe(s.score);
    expect(s.reasons.up[0]).toContain("纳税申报缴纳");
    expect(scoreHistory(db, a!.id).map((h) => h.score)).toEqual([seeded, seeded + 83]);
    expect(db.select().from(creditScores).all().length).toBe(before + 1);
    expect(scoreHistory(db, b!.id)).toHaveLength(1);
    expect(currentScore(db, c!.id)!.computedAt).toBe(SEEDED);
  });

  it("two years of steady tax earn the tax-trend points (the long window is read)", () => {
    const d = ids[3]!;
    ingest(db, "monthly", cleanHistory(d.uscc, "2026-10", 24), T1);
    const s = currentScore(db, d.id)!;
    expect(s.contributions.find((c) => c.factor === "taxTrend")).toMatchObject({ points: 8, bin: "基本稳定（±20% 以内）" });
    expect(s.contributions.find((c) => c.factor === "taxLate")!.points).toBe(20);
  });

  it("late months lower the score and say how to raise it", () => {
    const b = ids[1]!;
    ingest(db, "monthly", cleanHistory(b.uscc, "2026-10", 12, new Set(["2026-09", "2026-10"])), T1);
    const s = currentScore(db, b.id)!;
    expect(s.score).toBeLessThan(currentScore(db, ids[0]!.id)!.score);
    expect(s.reasons.down.some((r) => r.includes("逾期"))).toBe(true);
    expect(s.reasons.improvements[0]!.text).toMatch(/连续 \d+ 个月按时缴纳/);
  });

  it("an open court enforcement knocks the enterprise out: grade D with the reason", () => {
    const a = ids[0]!;
    ingest(
      db,
      "event",
      [
        {
          uscc: a.uscc,
          kind: "enforcement_open",
          occurredOn: "2026-11-10",
          reference: "(2026)苏05执123号",
          authority: "苏州市中级人民法院",
          description: "强制执行",
        },
      ],
      T1,
    );
    const s = currentScore(db, a.id)!;
    expect(s.knockedOut).toBe(true);
    expect(s.grade).toBe("D");
    expect(s.reasons.knockOuts[0]!.reason).toContain("强制执行");
    expect(s.score).toBe(scoreHistory(db, a.id).at(-2)!.score); // still computed and shown
  });

  it("a re-sent batch changes nothing; re-scoring unchanged data writes no new rows", () => {
    const count = () => db.select().from(creditScores).all().length;
    const before = count();
    ingest(db, "monthly", cleanHistory(ids[1]!.uscc, "2026-10", 12, new Set(["2026-09", "2026-10"])), T1);
    expect(count()).toBe(before);
    // A birthday since the seed may move "years in operation": the first run may write, the second must not.
    rescoreAll(db, T1 + 1000);
    const afterFirst = count();
    expect(rescoreAll(db, T1 + 2000).written).toBe(0);
    expect(count()).toBe(afterFirst);
  });

  it("the monthly re-score runs once per month and moves the window", () => {
    // The seed's run counts for November.
    expect(rescoreIfDue(db, T1)).toBeNull();
    const december = at("2026-12-02 03:00");
    const everyone = db.select().from(enterprises).all().length;
    const report = rescoreIfDue(db, december)!;
    expect(report.scored).toBe(everyone);
    expect(rescoreIfDue(db, december + 60_000)).toBeNull();
    const current = db.select().from(creditScores).where(eq(creditScores.isCurrent, true)).all();
    expect(current).toHaveLength(everyone);
    expect(new Set(current.map((r) => r.asOfMonth))).toEqual(new Set(["2026-11"]));
  });
});

describe("a new expert version in an existing database", () => {
  it("is stored beside the active one as a candidate: scores change only when the bureau activates it", () => {
    const { db: old } = createTestDatabase();
    // A database from before expert-2026.2: the first version is active.
    const previous = {
      ...EXPERT_MODEL,
      version: "expert-2026.1",
      features: EXPERT_MODEL.features.filter((f) => f.key !== "commitmentBreaches"),
    };
    old.$client
      .prepare(
        "INSERT INTO score_models (version, kind, params, metrics, created_at, activated_at, activation_reason) VALUES (?, 'expert', ?, '{}', ?, ?, ?)",
      )
      .run(previous.version, JSON.stringify(previous), SEEDED, SEEDED, "初始专家评分卡（首次使用时启用）");
    expect(activeModel(old, T1).version).toBe("expert-2026.1");
    expect(listModels(old, T1).map((m) => [m.version, m.active])).toEqual([
      ["expert-2026.1", true],
      ["expert-2026.2", false],
    ]);
  });
});
