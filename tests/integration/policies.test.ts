/**
 * 政策直达: publishing reaches exactly the enterprises a policy is for, once each; an enterprise sees
 * only the live policies it qualifies for; the bureau sees the reach.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SessionUser } from "~/auth/session.server";
import { ENTERPRISE_SIZES, type EnterpriseSize } from "~/domain/accounts";
import { CREDIT_GRADES, type CreditGrade } from "~/domain/scoring";
import { addDays, dateOf } from "~/lib/time";
import type { PolicyInput } from "~/lib/validation/policies";
import {
  createPolicy,
  listPolicies,
  policiesForEnterprise,
  policiesForNeed,
  policyForBureau,
  publishPolicy,
  readPolicy,
  updatePolicy,
  withdrawPolicy,
} from "~/services/policies.server";
import { activeModel } from "~/services/scoring.server";
import type { AppDatabase } from "~db/connection";
import { creditScores, notifications, policyDeliveries, users } from "~db/schema";
import { createTestDatabase } from "../support/db";
import { at, createFacts } from "../support/facts";

const NOW = at("2026-06-10 10:00");
const TODAY = dateOf(NOW);
const bureau: SessionUser = {
  id: "bureau-1",
  username: "bureau",
  role: "bureau",
  displayName: "金融局",
  enterpriseId: null,
  institutionId: null,
};
const DISTRICTS = ["320508", "320583", "320505"];
const INDUSTRIES = ["C", "F", "I"];

const everyone: PolicyInput = {
  title: "小微企业贷款贴息",
  issuer: "苏州市地方金融管理局",
  body: "按实际支付利息的 30% 给予贴息。",
  benefitKind: "interest_subsidy",
  validFrom: TODAY,
  validTo: addDays(TODAY, 180),
  districts: null,
  industries: null,
  sizes: null,
  minGrade: null,
  firstLoanOnly: false,
  productTags: null,
};

type Firm = { district: string; industry: string; size: EnterpriseSize; grade: CreditGrade | null; knockedOut: boolean; loan: boolean };

/** A city of the given firms: each registered, scored (or not), with a loan (or not). */
function cityOf(firms: Firm[]) {
  const { db } = createTestDatabase();
  db.insert(users)
    .values({ id: bureau.id, username: bureau.username, passwordHash: "x", role: "bureau", displayName: "金融局", createdAt: 0 })
    .run();
  const f = createFacts(db);
  const bank = f.institution({ name: "甲银行", joined: "2025-01-01 09:00" });
  const version = activeModel(db, NOW).version;
  const ids = firms.map((firm) => {
    const id = f.enterprise({ district: firm.district, industry: firm.industry, size: firm.size, registered: "2026-01-05 10:00" });
    if (firm.grade !== null) {
      db.insert(creditScores)
        .values({
          enterpriseId: id,
          modelVersion: version,
          asOfMonth: "2026-05",
          score: 600,
          grade: firm.grade,
          knockedOut: firm.knockedOut,
          contributions: [],
          reasons: { improvements: [], knockOuts: [] },
          computedAt: NOW,
          isCurrent: true,
        })
        .run();
    }
    if (firm.loan) {
      const claim = f.claim(f.need(id, 50, "2026-02-01 10:00"), bank, "2026-02-02 10:00", { granted: "2026-02-03 10:00", amountWan: 50 });
      f.loan(claim, { disbursedOn: "2026-02-05", amountWan: 50, rateBp: 400, mode: "credit" });
    }
    return id;
  });
  return { db, f, ids, bank };
}

function published(db: AppDatabase, input: PolicyInput, now = NOW): number {
  const id = createPolicy(db, bureau, input, now);
  const outcome = publishPolicy(db, bureau, id, now);
  if (!outcome.ok) throw new Error(outcome.message);
  return id;
}

const deliveries = (db: AppDatabase, policyId: number) =>
  db
    .select()
    .from(policyDeliveries)
    .all()
    .filter((d) => d.policyId === policyId)
    .map((d) => d.enterpriseId);

const firmArb = fc.record({
  district: fc.constantFrom(...DISTRICTS),
  industry: fc.constantFrom(...INDUSTRIES),
  size: fc.constantFrom(...ENTERPRISE_SIZES),
  grade: fc.option(fc.constantFrom(...CREDIT_GRADES)),
  knockedOut: fc.boolean(),
  loan: fc.boolean(),
});
const someOf = <T>(options: readonly T[]) => fc.option(fc.subarray([...options], { minLength: 1 }), { nil: null });
const targetingArb = fc.record({
  districts: someOf(DISTRICTS),
  industries: someOf(INDUSTRIES),
  sizes: someOf(ENTERPRISE_SIZES),
  minGrade: fc.option(fc.constantFrom(...CREDIT_GRADES), { nil: null }),
  firstLoanOnly: fc.boolean(),
});

describe("publishing a policy", () => {
  it("notifies every qualifying enterprise exactly once and no other, over generated cities", () => {
    fc.assert(
      fc.property(fc.array(firmArb, { minLength: 1, maxLength: 14 }), targetingArb, (firms, targeting) => {
        const { db, ids } = cityOf(firms);
        const id = published(db, { ...everyone, ...targeting });
        // The rules, read straight off the generated firms.
        const grades = [...CREDIT_GRADES];
        const expected = ids.filter((_, i) => {
          const firm = firms[i]!;
          return (
            !(firm.grade !== null && firm.knockedOut) &&
            (targeting.districts === null || targeting.districts.includes(firm.district)) &&
            (targeting.industries === null || targeting.industries.includes(firm.industry)) &&
            (targeting.sizes === null || targeting.sizes.includes(firm.size)) &&
            (targeting.minGrade === null || (firm.grade !== null && grades.indexOf(firm.grade) <= grades.indexOf(targeting.minGrade))) &&
            (!targeting.firstLoanOnly || !firm.loan)
          );
        });
        expect(deliveries(db, id).sort()).toEqual([...expected].sort());
        const notified = db
          .select()
          .from(notifications)
          .all()
          .filter((n) => n.link === `/sme/policies/${id}`)
          .map((n) => n.enterpriseId);
        expect(notified.sort()).toEqual([...expected].sort());
        // Each qualifying firm sees it under 可享政策 and can open it; no other firm can.
        for (const enterpriseId of ids) {
          const qualifies = expected.includes(enterpriseId);
          expect(policiesForEnterprise(db, enterpriseId, NOW).map((p) => p.id)).toEqual(qualifies ? [id] : []);
          expect(readPolicy(db, enterpriseId, id, NOW) !== undefined).toBe(qualifies);
        }
        db.$client.close();
      }),
      { numRuns: 25 },
    );
  });

  it("refuses to publish twice, to edit a published policy, and to publish one already past its end", () => {
    const { db } = cityOf([{ district: "320508", industry: "C", size: "small", grade: "B", knockedOut: false, loan: false }]);
    const id = published(db, everyone);
    expect(publishPolicy(db, bureau, id, NOW)).toMatchObject({ ok: false, status: 409, message: "该政策已发布，不能发布" });
    expect(updatePolicy(db, bureau, id, everyone, NOW)).toMatchObject({ ok: false, status: 409, message: "该政策已发布，不能修改" });
    expect(deliveries(db, id)).toHaveLength(1);
    const stale = createPolicy(db, bureau, { ...everyone, validFrom: "2026-01-01", validTo: "2026-06-09" }, NOW);
    expect(publishPolicy(db, bureau, stale, NOW)).toMatchObject({
      ok: false,
      status: 409,
      message: "该政策已于 2026-06-09 截止，不能发布；请修改有效期",
    });
    expect(publishPolicy(db, bureau, 9999, NOW)).toMatchObject({ ok: false, status: 404 });
  });
});

describe("what an enterprise sees", () => {
  const good: Firm = { district: "320508", industry: "C", size: "small", grade: "A", knockedOut: false, loan: false };
  const other: Firm = { ...good, district: "320583" };

  it("reads a policy once (reach counts it), and loses it when the bureau withdraws it or it expires", () => {
    const { db, ids } = cityOf([good, other]);
    const id = published(db, { ...everyone, districts: ["320508"] });
    expect(policyForBureau(db, id)).toMatchObject({ notified: 1, read: 0, qualifyingNow: 1 });
    expect(policiesForEnterprise(db, ids[0]!, NOW)).toMatchObject([{ id, read: false }]);
    expect(readPolicy(db, ids[0]!, id, NOW)?.title).toBe(everyone.title);
    readPolicy(db, ids[0]!, id, NOW + 60_000);
    expect(policyForBureau(db, id)).toMatchObject({ notified: 1, read: 1 });
    expect(listPolicies(db)).toMatchObject([{ id, notified: 1, read: 1 }]);
    expect(policiesForEnterprise(db, ids[0]!, NOW)).toMatchObject([{ id, read: true }]);
    // Not valid yet, or no longer: not shown.
    expect(policiesForEnterprise(db, ids[0]!, at(`${addDays(TODAY, 181)} 10:00`))).toEqual([]);
    expect(withdrawPolicy(db, bureau, id, NOW)).toEqual({ ok: true });
    expect(policiesForEnterprise(db, ids[0]!, NOW)).toEqual([]);
    expect(readPolicy(db, ids[0]!, id, NOW)).toBeUndefined();
    expect(withdrawPolicy(db, bureau, id, NOW)).toMatchObject({ ok: false, status: 409 });
  });

  it("shows a policy to a firm that registered after it was published, without a notification", () => {
    const { db, f } = cityOf([other]);
    const id = published(db, everyone);
    const late = f.enterprise({ district: "320508", industry: "F", size: "micro", registered: "2026-06-12 10:00" });
    expect(policiesForEnterprise(db, late, NOW).map((p) => p.id)).toEqual([id]);
    expect(deliveries(db, id)).not.toContain(late);
  });

  it("lists on a need's page the policies a loan for it could use, by the product's tags", () => {
    const { db, f, ids, bank } = cityOf([good]);
    const anyLoan = published(db, everyone);
    const green = published(db, { ...everyone, title: "绿色贷款贴息", productTags: ["绿色"] });
    const greenProduct = f.product(bank, [{ listed: "2026-01-01 09:00" }]);
    db.$client.prepare("UPDATE products SET tags = ? WHERE id = ?").run(JSON.stringify(["绿色", "首贷"]), greenProduct);
    const plainProduct = f.product(bank, [{ listed: "2026-01-01 09:00" }]);
    expect(policiesForNeed(db, ids[0]!, greenProduct, NOW).map((p) => [p.id, p.appliesToProduct])).toEqual([
      [green, true],
      [anyLoan, true],
    ]);
    expect(policiesForNeed(db, ids[0]!, plainProduct, NOW).map((p) => p.id)).toEqual([anyLoan]);
    // An open need: the green policy applies if the lender's product is green.
    expect(policiesForNeed(db, ids[0]!, null, NOW).map((p) => [p.id, p.appliesToProduct])).toEqual([
      [green, null],
      [anyLoan, true],
    ]);
  });
});
