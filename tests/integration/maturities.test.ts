/**
 * Loans around their maturity, on the hand-made city (every loan 12 months): the officers' queue,
 * the enterprise's loans, the 30-day reminders, the past-maturity flag. Dates worked out on paper:
 *   甲银行 (B1): E1 2025-12-28 → 2026-12-28; E2 2026-01-28 → 2027-01-28; E1 2026-03-09 → 2027-03-09;
 *                E4 2026-03-30 → 2027-03-30.   乙银行 (B2): E2 2026-03-15 → 2027-03-15.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { maturityDateOf } from "~/domain/maturity";
import { loansOfEnterprise, maturingLoans, remindMaturities } from "~/services/maturities.server";
import type { AppDatabase } from "~db/connection";
import { seedDemoCity } from "~db/seed";
import { ingest } from "../support/credit";
import { createTestDatabase } from "../support/db";
import { at } from "../support/facts";
import { buildHandMadeCity } from "../support/hand-made-city";

let db: AppDatabase;
let city: ReturnType<typeof buildHandMadeCity>;
const usccOf = (enterpriseId: number) =>
  (db.$client.prepare("SELECT uscc FROM enterprises WHERE id = ?").get(enterpriseId) as { uscc: string }).uscc;
const loanOf = (enterpriseId: number, disbursedOn: string) =>
  (db.$client.prepare("SELECT id FROM loans WHERE enterprise_id = ? AND disbursed_on = ?").get(enterpriseId, disbursedOn) as { id: number })
    .id;
const reminders = () =>
  db.$client
    .prepare("SELECT enterprise_id AS e, institution_id AS i, title, link FROM notifications WHERE kind = 'loan.maturity_soon' ORDER BY id")
    .all();

beforeAll(() => {
  db = createTestDatabase().db;
  city = buildHandMadeCity(db);
});

describe("the officers' maturity queue", () => {
  it("lists the institution's loans maturing within 30 or 60 days, soonest first", () => {
    const now = at("2026-12-02 09:00");
    expect(maturingLoans(db, city.B1, 30, now).map((l) => [l.enterpriseId, l.maturesOn, l.daysLeft, l.state])).toEqual([
      [city.E1, "2026-12-28", 26, "due_soon"],
    ]);
    expect(maturingLoans(db, city.B1, 60, now).map((l) => [l.enterpriseId, l.maturesOn, l.daysLeft, l.state])).toEqual([
      [city.E1, "2026-12-28", 26, "due_soon"],
      [city.E2, "2027-01-28", 57, "later"],
    ]);
    // 乙银行 sees only its own loan, which matures in March.
    expect(maturingLoans(db, city.B2, 60, now)).toEqual([]);
  });

  it("flags a loan past maturity and not settled, first; a settled one leaves the queue", () => {
    const now = at("2027-01-05 09:00");
    expect(maturingLoans(db, city.B1, 30, now).map((l) => [l.enterpriseId, l.daysLeft, l.state])).toEqual([
      [city.E1, -8, "past_due"],
      [city.E2, 23, "due_soon"],
    ]);
    db.$client.prepare("UPDATE loans SET status = 'settled' WHERE id = ?").run(loanOf(city.E1, "2025-12-28"));
    expect(maturingLoans(db, city.B1, 30, now).map((l) => l.enterpriseId)).toEqual([city.E2]);
    db.$client.prepare("UPDATE loans SET status = 'normal' WHERE id = ?").run(loanOf(city.E1, "2025-12-28"));
  });

  it("shows the enterprise's current score and the adverse records that arrived after disbursement", () => {
    const event = (occurredOn: string, reference: string) => ({
      uscc: usccOf(city.E2),
      kind: "penalty",
      occurredOn,
      reference,
      authority: "国家税务总局苏州市税务局",
      description: "未按期申报",
      severity: "general",
    });
    // One before the loan (2026-01-28), two after it.
    ingest(
      db,
      "event",
      [event("2026-01-10", "苏税罚〔2026〕1号"), event("2026-05-06", "苏税罚〔2026〕7号"), event("2026-09-01", "苏税罚〔2026〕9号")],
      at("2026-09-02 09:00"),
    );
    const [e2] = maturingLoans(db, city.B1, 60, at("2026-12-02 09:00")).filter((l) => l.enterpriseId === city.E2);
    expect(e2!.adverseSince).toBe(2);
    const current = db.$client.prepare("SELECT score, grade FROM credit_scores WHERE enterprise_id = ? AND is_current = 1").get(city.E2) as
      { score: number; grade: string } | undefined;
    expect([e2!.score, e2!.grade]).toEqual([current?.score ?? null, current?.grade ?? null]);
  });
});

describe("the enterprise's loans", () => {
  it("lists its loans with their maturity, newest first", () => {
    expect(loansOfEnterprise(db, city.E1, at("2026-12-02 09:00")).map((l) => [l.disbursedOn, l.maturesOn, l.state])).toEqual([
      ["2026-03-09", "2027-03-09", "later"],
      ["2025-12-28", "2026-12-28", "due_soon"],
    ]);
  });
});

describe("maturity reminders", () => {
  it("tell the enterprise and the bank once, 30 days before maturity", () => {
    expect(remindMaturities(db, at("2026-11-27 09:00"))).toBe(0); // 31 days before E1's
    expect(remindMaturities(db, at("2026-11-28 09:00"))).toBe(1);
    expect(reminders()).toEqual([
      { e: city.E1, i: null, title: "贷款将于 2026-12-28 到期", link: `/sme/loans/${loanOf(city.E1, "2025-12-28")}` },
      { e: null, i: city.B1, title: "测试企业1有限公司的贷款将于 2026-12-28 到期", link: `/bank/loans/${loanOf(city.E1, "2025-12-28")}` },
    ]);
    expect(remindMaturities(db, at("2026-12-02 09:00"))).toBe(0);
    // A month later E2's loan comes due; E1's, past maturity, is not reminded again.
    expect(remindMaturities(db, at("2026-12-30 09:00"))).toBe(1);
    expect(reminders()).toHaveLength(4);
  });
});

describe("maturity dates in SQL and in code agree", () => {
  it("selects exactly the demo city's loans whose maturity (maturityDateOf) falls in the window", async () => {
    const demo = createTestDatabase().db;
    await seedDemoCity(demo, { seed: 3, enterprises: 150, months: 24, asOf: "2026-11-15" });
    const now = at("2026-11-15 09:00");
    const all = demo.$client.prepare("SELECT id, institution_id AS i, disbursed_on AS d, term_months AS t, status FROM loans").all() as {
      id: number;
      i: number;
      d: string;
      t: number;
      status: string;
    }[];
    expect(all.some((l) => l.d.endsWith("-31") || l.d.endsWith("-30") || l.d.endsWith("-29"))).toBe(true);
    for (const institution of new Set(all.map((l) => l.i))) {
      const expected = all
        .filter((l) => l.i === institution && l.status !== "settled" && maturityDateOf(l.d, l.t) <= "2027-01-14")
        .map((l) => l.id)
        .sort((a, b) => a - b);
      const got = maturingLoans(demo, institution, 60, now)
        .map((l) => l.id)
        .sort((a, b) => a - b);
      expect(got).toEqual(expected);
    }
  });
});
