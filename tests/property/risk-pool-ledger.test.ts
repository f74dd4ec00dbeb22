/**
 * For random sequences of pool operations — pools created, capital added, products opted in and
 * approved or refused, loans disbursed through the marketplace (which enrols them), reported npl or
 * settled, 代偿 claims filed and approved or refused, recoveries reported — after every step each
 * pool's balance equals capital − payouts + recoveries as the operations reported them, equals the
 * ledger's sum and the pool page's last month end, and is never below 0; and no enrolment ever made
 * covered outstanding exceed leverage × balance at the moment it was made.
 */
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, startOfDate } from "~/lib/time";
import { decideCompensation, fileCompensation, reportRecovery } from "~/services/compensation-claims.server";
import { poolMonths } from "~/services/risk-pool-views.server";
import {
  addCapital,
  coveredOutstandingFen,
  createPool,
  decidePoolProduct,
  poolBalanceFen,
  requestPoolCover,
} from "~/services/risk-pools.server";
import { loans, riskPoolEnrolments, riskPoolLedger, riskPools } from "~db/schema";
import { createTestDatabase } from "../support/db";
import { wan } from "../support/facts";
import { createPoolCity } from "../support/risk-pools";

const DISTRICTS = ["320507", "320508"];
const pick = fc.nat({ max: 1000 });
/** A loan among the latest few, so reports and claims meet the same loans often. */
const recentLoan = fc.nat({ max: 3 });

const poolOp = fc.record({
  t: fc.constant("pool" as const),
  capital: fc.integer({ min: 10, max: 300 }),
  share: fc.integer({ min: 1000, max: 10_000 }),
  capLoan: fc.integer({ min: 1, max: 200 }),
  capYear: fc.integer({ min: 0, max: 400 }),
  leverage: fc.integer({ min: 1, max: 6 }),
  district: fc.option(pick),
});
const optInOp = fc.record({ t: fc.constant("optIn" as const), pool: pick, bank: pick, approve: fc.boolean() });
const op = fc.oneof(
  { arbitrary: poolOp, weight: 1 },
  { arbitrary: fc.record({ t: fc.constant("capital" as const), pool: pick, amount: fc.integer({ min: 1, max: 100 }) }), weight: 1 },
  { arbitrary: optInOp, weight: 1 },
  {
    arbitrary: fc.record({ t: fc.constant("disburse" as const), bank: pick, firm: pick, amount: fc.integer({ min: 1, max: 150 }) }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      t: fc.constant("report" as const),
      loan: recentLoan,
      status: fc.constantFrom("npl" as const, "npl" as const, "npl" as const, "settled" as const, "overdue" as const),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      t: fc.constant("claim" as const),
      loan: recentLoan,
      lossPct: fc.integer({ min: 1, max: 100 }),
      // Mostly approved: payouts are what the ledger's rules are about.
      approve: fc.constantFrom(true, true, true, false),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ t: fc.constant("recovery" as const), claim: pick, pct: fc.integer({ min: 1, max: 100 }) }), weight: 2 },
);
/** Every history opens with a pool both banks' products are in, so the later steps have something to work on. */
const history = fc
  .tuple(poolOp, fc.array(op, { minLength: 15, maxLength: 40 }))
  .map(([pool, rest]) => [
    pool,
    { t: "optIn" as const, pool: 0, bank: 0, approve: true },
    { t: "optIn" as const, pool: 0, bank: 1, approve: true },
    ...rest,
  ]);

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** How often the runs got as far as a payout and a recovery (so the test means something). */
const reached = { payouts: 0, recoveries: 0 };

function check(ops: Op[]) {
  const { db } = createTestDatabase();
  const city = createPoolCity(db);
  const banks = [city.bank("甲银行"), city.bank("乙银行")];
  const firms = DISTRICTS.flatMap((d) => [city.enterprise(d), city.enterprise(d)]);
  const pools: number[] = [];
  const loanIds: number[] = [];
  const claims: { id: number; lossFen: number; officer: (typeof banks)[number]["officer"] }[] = [];
  /** What the operations said moved: capital in, payouts out, recoveries back. */
  const expected = new Map<number, number>();
  const of = <T>(list: T[], i: number) => (list.length === 0 ? undefined : list[i % list.length]);
  const latest = (i: number) => (loanIds.length === 0 ? undefined : loanIds[loanIds.length - 1 - (i % loanIds.length)]);

  ops.forEach((o, step) => {
    const on = addDays("2025-01-01", step * 3);
    const now = startOfDate(on) + 12 * 3600_000;
    switch (o.t) {
      case "pool": {
        const capital = wan(o.capital);
        const created = createPool(
          db,
          city.bureau,
          {
            name: `资金池${step}`,
            sponsor: o.district === null ? "city" : DISTRICTS[o.district % DISTRICTS.length]!,
            capital,
            lossShare: o.share,
            capPerLoan: wan(o.capLoan),
            capPerYear: wan(o.capLoan + o.capYear),
            leverageLimit: o.leverage,
          },
          now,
        );
        if (!created.ok) throw new Error(created.message);
        pools.push(created.poolId);
        expected.set(created.poolId, capital);
        break;
      }
      case "capital": {
        const poolId = of(pools, o.pool);
        if (poolId === undefined) break;
        expect(addCapital(db, city.bureau, poolId, { amount: wan(o.amount), note: "" }, now).ok).toBe(true);
        expected.set(poolId, expected.get(poolId)! + wan(o.amount));
        break;
      }
      case "optIn": {
        const poolId = of(pools, o.pool);
        const bank = of(banks, o.bank)!;
        if (poolId === undefined) break;
        const asked = requestPoolCover(db, bank.officer, bank.productId, poolId, now);
        if (asked.ok) {
          const decided = decidePoolProduct(
            db,
            city.bureau,
            asked.poolProductId,
            { decision: o.approve ? "approve" : "refuse", reason: "测试" },
            now,
          );
          expect(decided.ok).toBe(true);
        }
        break;
      }
      case "disburse": {
        const loanId = city.disburse(of(banks, o.bank)!, of(firms, o.firm)!, wan(o.amount), on);
        loanIds.push(loanId);
        const enrolment = db.select().from(riskPoolEnrolments).where(eq(riskPoolEnrolments.loanId, loanId)).get();
        if (enrolment) {
          const pool = db.select().from(riskPools).where(eq(riskPools.id, enrolment.poolId)).get()!;
          expect(coveredOutstandingFen(db, pool.id)).toBeLessThanOrEqual(pool.leverageLimit * poolBalanceFen(db, pool.id));
        }
        break;
      }
      case "report": {
        const loanId = latest(o.loan);
        if (loanId === undefined) break;
        const loan = db.select().from(loans).where(eq(loans.id, loanId)).get()!;
        if (loan.status === "settled") break;
        city.report(banks.find((b) => b.institutionId === loan.institutionId)!.officer, loanId, o.status, `${on} 12:00`);
        break;
      }
      case "claim": {
        const loanId = latest(o.loan);
        if (loanId === undefined) break;
        const loan = db.select().from(loans).where(eq(loans.id, loanId)).get()!;
        const officer = banks.find((b) => b.institutionId === loan.institutionId)!.officer;
        const lossFen = Math.max(1, Math.floor((loan.amountFen * o.lossPct) / 100));
        const filed = fileCompensation(db, officer, { loanId, lossFen, documentsRef: `档案${step}` }, now);
        if (!filed.ok) break;
        const decided = decideCompensation(
          db,
          city.bureau,
          filed.claimId,
          { decision: o.approve ? "approve" : "refuse", reason: "测试" },
          now,
        );
        if (decided.ok && decided.payoutFen) {
          const poolId = db.select().from(riskPoolEnrolments).where(eq(riskPoolEnrolments.loanId, loanId)).get()!.poolId;
          expected.set(poolId, expected.get(poolId)! - decided.payoutFen);
          claims.push({ id: filed.claimId, lossFen, officer });
          reached.payouts += 1;
        }
        break;
      }
      case "recovery": {
        const claim = of(claims, o.claim);
        if (claim === undefined) break;
        const recoveredFen = Math.max(1, Math.floor((claim.lossFen * o.pct) / 100));
        const returned = reportRecovery(db, claim.officer, { claimId: claim.id, recoveredFen, note: "" }, now);
        if (returned.ok) {
          const poolId = db
            .select({ poolId: riskPoolLedger.poolId })
            .from(riskPoolLedger)
            .where(eq(riskPoolLedger.compensationClaimId, claim.id))
            .get()!.poolId;
          expected.set(poolId, expected.get(poolId)! + returned.returnedFen);
          reached.recoveries += 1;
        }
        break;
      }
    }
    for (const poolId of pools) {
      const balance = poolBalanceFen(db, poolId);
      expect(balance).toBe(expected.get(poolId));
      expect(balance).toBeGreaterThanOrEqual(0);
      const ledger = db.select({ fen: riskPoolLedger.amountFen }).from(riskPoolLedger).where(eq(riskPoolLedger.poolId, poolId)).all();
      expect(ledger.reduce((sum, r) => sum + r.fen, 0)).toBe(balance);
      const created = db.select({ at: riskPools.createdAt }).from(riskPools).where(eq(riskPools.id, poolId)).get()!.at;
      expect(poolMonths(db, poolId, created, now).at(-1)).toMatchObject({
        balanceFen: balance,
        coveredFen: coveredOutstandingFen(db, poolId),
      });
    }
  });
  db.$client.close();
}

describe("risk-pool ledger", () => {
  it("keeps balance = capital − payouts + recoveries = ledger sum ≥ 0, and leverage at every enrolment", () => {
    fc.assert(
      fc.property(history, (ops) => check(ops)),
      { numRuns: 50 },
    );
    expect(reached.payouts).toBeGreaterThan(0);
    expect(reached.recoveries).toBeGreaterThan(0);
  });
});
