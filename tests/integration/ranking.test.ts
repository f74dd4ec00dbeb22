/**
 * The officer's ranked queue over generated products and needs: never a knocked-out enterprise,
 * never a need no product of the institution can serve, every servable need listed, in fit order.
 */
import fc from "fast-check";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { checkEligibility } from "~/lib/eligibility";
import { officerQueue, type QueueFilter } from "~/services/claims.server";
import { currentScore } from "~/services/scoring.server";
import { enterpriseProductMatches } from "~/services/matching.server";
import { seedDemoCity } from "~db/seed";
import { claims, enterprises, institutions, needs, products } from "~db/schema";
import { cleanHistory, ingest } from "../support/credit";
import { createTestDatabase } from "../support/db";
import { at } from "../support/facts";
import { applicantArb, needArb, productArb } from "../support/ranking-arbitraries";

const { db } = createTestDatabase();
const NOW = at("2026-11-20 10:00");
let bankIds: number[];
let knockedOut: Set<number>;

beforeAll(async () => {
  await seedDemoCity(db, { seed: 11, enterprises: 60, months: 3, asOf: "2026-11-01" });
  const all = db.select().from(enterprises).orderBy(enterprises.id).all();
  // Generated profiles, so district, industry and age vary against the generated products.
  fc.sample(applicantArb, { numRuns: all.length, seed: 3 }).forEach((a, i) => {
    db.update(enterprises).set({ districtCode: a.districtCode, industrySection: a.industrySection, establishedOn: a.establishedOn }).where(eq(enterprises.id, all[i]!.id)).run();
  });
  // Good records for a third (grades A/B), open court enforcement for every fifth.
  ingest(db, "monthly", all.filter((_, i) => i % 3 === 0).flatMap((e) => cleanHistory(e.uscc, "2026-10", 24)), NOW - 3600_000);
  const enforced = all.filter((_, i) => i % 5 === 1);
  ingest(
    db,
    "event",
    enforced.map((e, i) => ({ uscc: e.uscc, kind: "enforcement_open", occurredOn: "2026-10-10", reference: `(2026)苏05执${i}号`, authority: "苏州市中级人民法院", description: "强制执行" })),
    NOW - 3600_000,
  );
  // Every knocked-out enterprise: those with open enforcement here, and the demo city's own (dishonesty list, grade D).
  knockedOut = new Set(all.filter((e) => currentScore(db, e.id)!.knockedOut).map((e) => e.id));
  expect(enforced.every((e) => knockedOut.has(e.id))).toBe(true);
  bankIds = db.select({ id: institutions.id }).from(institutions).orderBy(institutions.id).limit(3).all().map((i) => i.id);
  fc.sample(productArb, { numRuns: 30, seed: 5 }).forEach((p, i) => {
    db.insert(products)
      .values({ ...p, institutionId: bankIds[i % bankIds.length]!, name: `生成产品${i}`, tags: [], listed: i % 7 !== 0, createdAt: NOW - 86_400_000, updatedAt: NOW - 86_400_000 })
      .run();
  });
  fc.sample(needArb, { numRuns: 400, seed: 9 }).forEach((n, i) => {
    db.insert(needs)
      .values({ ...n, enterpriseId: all[i % all.length]!.id, purpose: "流动资金周转", postedAt: NOW - (i % 9) * 86_400_000 - i * 1000, expiresOn: "2026-12-31", updatedAt: NOW })
      .run();
  });
});

function allRows(institutionId: number, filter: Omit<QueueFilter, "page">) {
  const first = officerQueue(db, institutionId, { ...filter, page: 1 }, NOW);
  const rows = [...first.rows];
  for (let page = 2; page <= first.page.pageCount; page++) rows.push(...officerQueue(db, institutionId, { ...filter, page }, NOW).rows);
  expect(rows.length).toBe(first.page.total);
  return rows;
}

describe("ranked queue", () => {
  it("the data gives both knocked-out and good-grade enterprises", () => {
    expect([...knockedOut].every((id) => currentScore(db, id)!.knockedOut)).toBe(true);
    expect(db.select().from(enterprises).all().some((e) => ["A", "B"].includes(currentScore(db, e.id)!.grade))).toBe(true);
  });

  it("never lists a knocked-out enterprise or a need no product of the institution serves, and lists every one that is served", () => {
    for (const institutionId of bankIds) {
      const rows = allRows(institutionId, { sort: "fit" });
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.length).toBeLessThanOrEqual(400 + 100);
      const listed = db.select().from(products).where(eq(products.institutionId, institutionId)).all().filter((p) => p.listed);
      const shown = new Set(rows.map((r) => r.needId));
      for (const r of rows) {
        expect(knockedOut.has(r.enterprise.id)).toBe(false);
        expect(r.fits.length).toBeGreaterThan(0);
        for (const f of r.fits) expect(f.checks.every((c) => c.ok)).toBe(true);
      }
      // Completeness: every open need aimed at all institutions that some listed product serves is shown.
      const claimedHere = new Set(db.select({ needId: claims.needId }).from(claims).where(eq(claims.institutionId, institutionId)).all().map((c) => c.needId));
      const open = db.select().from(needs).innerJoin(enterprises, eq(needs.enterpriseId, enterprises.id)).where(eq(needs.status, "open")).all();
      for (const { needs: n, enterprises: e } of open) {
        if (n.targetProductId !== null || knockedOut.has(e.id) || claimedHere.has(n.id) || n.expiresOn < "2026-11-20") continue;
        const grade = currentScore(db, e.id)?.grade ?? null;
        const served = listed.some((p) => checkEligibility(n, { ...e, grade }, p, NOW).eligible);
        expect({ need: n.id, shown: shown.has(n.id) }).toEqual({ need: n.id, shown: served });
      }
      // Fit order: non-increasing across pages.
      rows.forEach((r, i) => i > 0 && expect(r.fitScore).toBeLessThanOrEqual(rows[i - 1]!.fitScore));
    }
  });

  it("pages hold 50 rows and the grade filter keeps only that grade or better", () => {
    const first = officerQueue(db, bankIds[0]!, { sort: "fit", page: 1 }, NOW);
    expect(first.page.pageSize).toBe(50);
    expect(first.rows.length).toBe(Math.min(50, first.page.total));
    const good = allRows(bankIds[0]!, { sort: "score", minGrade: "B" });
    expect(good.every((r) => r.credit && ["A", "B"].includes(r.credit.grade))).toBe(true);
    good.forEach((r, i) => i > 0 && expect(r.credit!.score).toBeLessThanOrEqual(good[i - 1]!.credit!.score));
  });

  it("shows the enterprise the products for its need, best fit first, with why each fits or falls short", () => {
    const need = db.select().from(needs).where(eq(needs.purpose, "流动资金周转")).get()!;
    const matches = enterpriseProductMatches(db, need.enterpriseId, need.id, NOW)!;
    expect(matches.length).toBeGreaterThan(0);
    const firstMiss = matches.findIndex((m) => !m.eligible);
    if (firstMiss >= 0) expect(matches.slice(firstMiss).every((m) => !m.eligible)).toBe(true);
    for (const m of matches) expect(m.checks.every((c) => c.ok)).toBe(m.eligible);
    const fits = matches.filter((m) => m.eligible);
    fits.forEach((m, i) => i > 0 && expect(m.fit!).toBeLessThanOrEqual(fits[i - 1]!.fit!));
  });

  it("tells a knocked-out enterprise that no product fits, and why", () => {
    const need = db.select().from(needs).where(eq(needs.enterpriseId, [...knockedOut][0]!)).all().find((n) => n.purpose === "流动资金周转")!;
    const matches = enterpriseProductMatches(db, need.enterpriseId, need.id, NOW)!;
    expect(matches.every((m) => !m.eligible && m.checks[0]!.text.includes("强制执行"))).toBe(true);
  });
});
