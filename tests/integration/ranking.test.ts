/**
 * The officer's ranked queue over generated products and needs: never a knocked-out enterprise,
 * never a need no product of the institution can serve, every servable need listed, in fit order.
 */
import fc from "fast-check";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { checkEligibility } from "~/lib/eligibility";
import { DISTRICT_CODES } from "~/lib/reference";
import { officerQueue, type QueueFilter } from "~/services/queue.server";
import { rankedFor, type InstitutionRanking } from "~/services/ranking-cache.server";
import { currentScore } from "~/services/scoring.server";
import { enterpriseProductMatches } from "~/services/matching.server";
import { openDatabase } from "~db/connection";
import { seedDemoCity } from "~db/seed";
import { claims, enterprises, institutions, needs, products, users } from "~db/schema";
import { cleanHistory, ingest } from "../support/credit";
import { createTestDatabase } from "../support/db";
import { at } from "../support/facts";
import { applicantArb, needArb, productArb } from "../support/ranking-arbitraries";

const { db, path } = createTestDatabase();
const NOW = at("2026-11-20 10:00");
let bankIds: number[];
let knockedOut: Set<number>;

beforeAll(async () => {
  await seedDemoCity(db, { seed: 11, enterprises: 60, months: 3, asOf: "2026-11-01" });
  const all = db.select().from(enterprises).orderBy(enterprises.id).all();
  // Generated profiles, so district, industry and age vary against the generated products.
  fc.sample(applicantArb, { numRuns: all.length, seed: 3 }).forEach((a, i) => {
    db.update(enterprises)
      .set({ districtCode: a.districtCode, industrySection: a.industrySection, establishedOn: a.establishedOn })
      .where(eq(enterprises.id, all[i]!.id))
      .run();
  });
  // Good records for a third (grades A/B), open court enforcement for every fifth.
  ingest(
    db,
    "monthly",
    all.filter((_, i) => i % 3 === 0).flatMap((e) => cleanHistory(e.uscc, "2026-10", 24)),
    NOW - 3600_000,
  );
  const enforced = all.filter((_, i) => i % 5 === 1);
  ingest(
    db,
    "event",
    enforced.map((e, i) => ({
      uscc: e.uscc,
      kind: "enforcement_open",
      occurredOn: "2026-10-10",
      reference: `(2026)苏05执${i}号`,
      authority: "苏州市中级人民法院",
      description: "强制执行",
    })),
    NOW - 3600_000,
  );
  // Every knocked-out enterprise: those with open enforcement here, and the demo city's own (dishonesty list, grade D).
  knockedOut = new Set(all.filter((e) => currentScore(db, e.id)!.knockedOut).map((e) => e.id));
  expect(enforced.every((e) => knockedOut.has(e.id))).toBe(true);
  bankIds = db
    .select({ id: institutions.id })
    .from(institutions)
    .orderBy(institutions.id)
    .limit(3)
    .all()
    .map((i) => i.id);
  fc.sample(productArb, { numRuns: 30, seed: 5 }).forEach((p, i) => {
    db.insert(products)
      .values({
        ...p,
        institutionId: bankIds[i % bankIds.length]!,
        name: `生成产品${i}`,
        tags: [],
        listed: i % 7 !== 0,
        createdAt: NOW - 86_400_000,
        updatedAt: NOW - 86_400_000,
      })
      .run();
  });
  fc.sample(needArb, { numRuns: 400, seed: 9 }).forEach((n, i) => {
    db.insert(needs)
      .values({
        ...n,
        enterpriseId: all[i % all.length]!.id,
        purpose: "流动资金周转",
        postedAt: NOW - (i % 9) * 86_400_000 - i * 1000,
        expiresOn: "2026-12-31",
        updatedAt: NOW,
      })
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
    expect(
      db
        .select()
        .from(enterprises)
        .all()
        .some((e) => ["A", "B"].includes(currentScore(db, e.id)!.grade)),
    ).toBe(true);
  });

  it("never lists a knocked-out enterprise or a need no product of the institution serves, and lists every one that is served", () => {
    for (const institutionId of bankIds) {
      const rows = allRows(institutionId, { sort: "fit" });
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.length).toBeLessThanOrEqual(400 + 100);
      const listed = db
        .select()
        .from(products)
        .where(eq(products.institutionId, institutionId))
        .all()
        .filter((p) => p.listed);
      const shown = new Set(rows.map((r) => r.needId));
      for (const r of rows) {
        expect(knockedOut.has(r.enterprise.id)).toBe(false);
        expect(r.fits.length).toBeGreaterThan(0);
        for (const f of r.fits) expect(f.checks.every((c) => c.ok)).toBe(true);
      }
      // Completeness: every open need aimed at all institutions that some listed product serves is shown.
      const claimedHere = new Set(
        db
          .select({ needId: claims.needId })
          .from(claims)
          .where(eq(claims.institutionId, institutionId))
          .all()
          .map((c) => c.needId),
      );
      const open = db
        .select()
        .from(needs)
        .innerJoin(enterprises, eq(needs.enterpriseId, enterprises.id))
        .where(eq(needs.status, "open"))
        .all();
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
    const need = db
      .select()
      .from(needs)
      .where(eq(needs.enterpriseId, [...knockedOut][0]!))
      .all()
      .find((n) => n.purpose === "流动资金周转")!;
    const matches = enterpriseProductMatches(db, need.enterpriseId, need.id, NOW)!;
    expect(matches.every((m) => !m.eligible && m.checks[0]!.text.includes("强制执行"))).toBe(true);
  });
});

describe("the ranking kept in memory", () => {
  const view = (r: InstitutionRanking) => r.ranked.map((x) => [x.c.needId, x.fit.total, x.best.id, x.eligible.map((p) => p.id).join()]);
  /** The same ranking computed afresh, on a connection of its own with nothing cached. */
  function fresh(institutionId: number) {
    const other = openDatabase(path);
    try {
      return view(rankedFor(other, institutionId, NOW));
    } finally {
      other.$client.close();
    }
  }
  const rankedNeed = (institutionId: number, k: number) => rankedFor(db, institutionId, NOW).ranked[k]!.c;
  const scoredWell = () =>
    db
      .select()
      .from(enterprises)
      .all()
      .find((e) => !knockedOut.has(e.id) && currentScore(db, e.id)?.grade === "A")!;
  const productOf = (institutionId: number) =>
    db
      .select()
      .from(products)
      .where(eq(products.institutionId, institutionId))
      .all()
      .find((p) => p.listed)!;
  const postNeed = (enterpriseId: number, target: typeof products.$inferSelect | null) =>
    db
      .insert(needs)
      .values({
        enterpriseId,
        amountFen: target?.amountMinFen ?? 3_000_000_00,
        termMonths: target?.termMinMonths ?? 12,
        purpose: "新增设备",
        guaranteeMode: null,
        rateCeilingBp: null,
        targetProductId: target?.id ?? null,
        postedAt: NOW - 3600_000,
        expiresOn: "2026-12-31",
        updatedAt: NOW,
      })
      .run();
  /** A listed product of the institution and an enterprise it serves (at the product's smallest amount and term). */
  function servedPair(institutionId: number) {
    const own = db
      .select()
      .from(products)
      .where(eq(products.institutionId, institutionId))
      .all()
      .filter((p) => p.listed);
    for (const p of own) {
      for (const e of db.select().from(enterprises).all()) {
        if (knockedOut.has(e.id)) continue;
        const need = { amountFen: p.amountMinFen, termMonths: p.termMinMonths, guaranteeMode: null, rateCeilingBp: null };
        if (checkEligibility(need, { ...e, grade: currentScore(db, e.id)?.grade ?? null }, p, NOW).eligible)
          return { product: p, enterprise: e };
      }
    }
    throw new Error(`no enterprise is served by institution ${institutionId}`);
  }

  it("moves only what changed, and stays equal to a fresh ranking through posts, edits, claims, scores, profiles and products", () => {
    const [first, second, third] = bankIds as [number, number, number];
    const changes: { name: string; productsOf?: number; run: () => void }[] = [
      { name: "a need posted to all", run: () => postNeed(scoredWell().id, null) },
      {
        name: "a need applying to one product",
        run: () => {
          const { product, enterprise } = servedPair(first);
          postNeed(enterprise.id, product);
        },
      },
      {
        name: "a need edited",
        run: () =>
          db
            .update(needs)
            .set({ amountFen: 50_000_000_00, updatedAt: NOW })
            .where(eq(needs.id, rankedNeed(first, 0).needId))
            .run(),
      },
      {
        name: "a need withdrawn",
        run: () =>
          db
            .update(needs)
            .set({ status: "withdrawn", updatedAt: NOW })
            .where(eq(needs.id, rankedNeed(second, 3).needId))
            .run(),
      },
      {
        name: "a need claimed",
        run: () => {
          const officer = db
            .select()
            .from(users)
            .where(and(eq(users.institutionId, second), eq(users.role, "bank_officer")))
            .get()!;
          db.insert(claims)
            .values({
              needId: rankedNeed(second, 0).needId,
              institutionId: second,
              officerUserId: officer.id,
              status: "claimed",
              claimedAt: NOW,
            })
            .run();
        },
      },
      {
        name: "an enterprise knocked out by a new court enforcement",
        run: () => {
          const target = db
            .select()
            .from(enterprises)
            .where(eq(enterprises.id, rankedNeed(first, 1).enterpriseId))
            .get()!;
          ingest(
            db,
            "event",
            [
              {
                uscc: target.uscc,
                kind: "enforcement_open",
                occurredOn: "2026-11-02",
                reference: "(2026)苏05执99号",
                authority: "苏州市中级人民法院",
                description: "强制执行",
              },
            ],
            NOW - 60_000,
          );
          expect(currentScore(db, target.id)!.knockedOut).toBe(true);
        },
      },
      {
        name: "an enterprise's score rising with a clean record",
        run: () => {
          const target = db
            .select()
            .from(enterprises)
            .all()
            .find((e) => !knockedOut.has(e.id) && currentScore(db, e.id)!.grade !== "A")!;
          ingest(db, "monthly", cleanHistory(target.uscc, "2026-10", 24), NOW - 30_000);
        },
      },
      {
        name: "an enterprise moving to a district its products do not serve",
        run: () => {
          const ranked = rankedFor(db, third, NOW).ranked.find((r) => r.eligible.every((p) => p.eligibleDistricts !== null))!;
          const served = new Set(ranked.eligible.flatMap((p) => p.eligibleDistricts!));
          const elsewhere = DISTRICT_CODES.find((d) => !served.has(d))!;
          db.update(enterprises).set({ districtCode: elsewhere }).where(eq(enterprises.id, ranked.c.enterpriseId)).run();
        },
      },
      {
        name: "a product's range changed",
        productsOf: third,
        run: () =>
          db
            .update(products)
            .set({ amountMaxFen: 1_000_000_00, updatedAt: NOW })
            .where(eq(products.id, productOf(third).id))
            .run(),
      },
      {
        name: "a product unlisted",
        productsOf: first,
        run: () =>
          db
            .update(products)
            .set({ listed: false, updatedAt: NOW })
            .where(eq(products.id, productOf(first).id))
            .run(),
      },
    ];
    for (const change of changes) {
      const before = bankIds.map((id) => rankedFor(db, id, NOW));
      const shownBefore = bankIds.map((id) => view(rankedFor(db, id, NOW)));
      change.run();
      bankIds.forEach((id, i) => {
        const after = rankedFor(db, id, NOW);
        expect(view(after), `${change.name}: bank ${id}`).toEqual(fresh(id));
        // Moved in place, not rebuilt, unless the bank's own products changed.
        if (change.productsOf === id) expect(after, change.name).not.toBe(before[i]);
        else expect(after, change.name).toBe(before[i]);
      });
      expect(
        bankIds.some((id, i) => JSON.stringify(view(rankedFor(db, id, NOW))) !== JSON.stringify(shownBefore[i])),
        `${change.name} changed nothing`,
      ).toBe(true);
    }
  });

  it("rebuilds when the change log no longer reaches back to what it holds", () => {
    const before = rankedFor(db, bankIds[0]!, NOW);
    postNeed(scoredWell().id, null);
    postNeed(scoredWell().id, null);
    // The sweep pruned the first of the two changes the cache has not seen.
    db.$client.prepare("DELETE FROM ranking_changes WHERE version < (SELECT max(version) FROM ranking_changes)").run();
    const after = rankedFor(db, bankIds[0]!, NOW);
    expect(after).not.toBe(before);
    expect(view(after)).toEqual(fresh(bankIds[0]!));
  });
});
