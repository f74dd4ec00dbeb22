/**
 * 风险补偿资金池 (app/domain/risk-pools.ts). This module owns every write to the pools' tables. The
 * marketplace calls two hooks inside its own transactions: enrolment when a loan is disbursed (a claim's
 * loan or a renewal) and release when a loan stops being covered (settled, renewed, compensated).
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { PoolReleaseReason } from "~/domain/risk-pools";
import { poolRoomFen } from "~/domain/risk-pools";
import type { Tx } from "~db/connection";
import { enterprises, loans, riskPoolEnrolments, riskPoolLedger, riskPoolProducts, riskPools } from "~db/schema";
import { recordNeedEvent } from "./need-events.server";

/** A pool's balance: the sum of its ledger. */
export function poolBalanceFen(tx: Tx, poolId: number): number {
  return tx
    .select({ fen: sql<number>`coalesce(sum(${riskPoolLedger.amountFen}), 0)` })
    .from(riskPoolLedger)
    .where(eq(riskPoolLedger.poolId, poolId))
    .get()!.fen;
}

/** A pool's covered outstanding (在保余额): the amounts of its enrolled loans not released. */
export function coveredOutstandingFen(tx: Tx, poolId: number): number {
  return tx
    .select({ fen: sql<number>`coalesce(sum(${riskPoolEnrolments.amountFen}), 0)` })
    .from(riskPoolEnrolments)
    .where(and(eq(riskPoolEnrolments.poolId, poolId), isNull(riskPoolEnrolments.releasedAt)))
    .get()!.fen;
}

/**
 * Enrols a loan just disbursed in the first pool (by id) that covers its product and its enterprise's
 * district and has room for it under the leverage limit; returns the pool's id, or null when none does.
 */
export function enrolLoanInRiskPool(tx: Tx, loanId: number): number | null {
  const loan = tx
    .select({
      id: loans.id,
      needId: loans.needId,
      claimId: loans.claimId,
      productId: loans.productId,
      amountFen: loans.amountFen,
      disbursedAt: loans.disbursedAt,
      district: enterprises.districtCode,
    })
    .from(loans)
    .innerJoin(enterprises, eq(enterprises.id, loans.enterpriseId))
    .where(eq(loans.id, loanId))
    .get();
  if (!loan || loan.productId === null) return null;
  const candidates = tx
    .select({ id: riskPools.id, name: riskPools.name, leverageLimit: riskPools.leverageLimit })
    .from(riskPools)
    .innerJoin(riskPoolProducts, and(eq(riskPoolProducts.poolId, riskPools.id), eq(riskPoolProducts.status, "approved")))
    .where(
      and(
        eq(riskPools.active, true),
        eq(riskPoolProducts.productId, loan.productId),
        sql`(${riskPools.sponsorDistrictCode} IS NULL OR ${riskPools.sponsorDistrictCode} = ${loan.district})`,
      ),
    )
    .orderBy(riskPools.id)
    .all();
  for (const pool of candidates) {
    const room = poolRoomFen(poolBalanceFen(tx, pool.id), pool.leverageLimit, coveredOutstandingFen(tx, pool.id));
    if (loan.amountFen > room) continue;
    tx.insert(riskPoolEnrolments).values({ poolId: pool.id, loanId, amountFen: loan.amountFen, enrolledAt: loan.disbursedAt }).run();
    recordNeedEvent(tx, {
      needId: loan.needId,
      claimId: loan.claimId,
      loanId,
      type: "pool_enrolled",
      actorUserId: null,
      at: loan.disbursedAt,
      detail: { poolId: pool.id, poolName: pool.name, amountFen: loan.amountFen },
    });
    return pool.id;
  }
  return null;
}

/** Ends a loan's cover at `at` (a no-op when it is not enrolled or already released). */
export function releaseFromRiskPool(tx: Tx, loanId: number, reason: PoolReleaseReason, at: number): void {
  tx.update(riskPoolEnrolments)
    .set({ releasedAt: sql`max(${riskPoolEnrolments.enrolledAt}, ${at})`, releaseReason: reason })
    .where(and(eq(riskPoolEnrolments.loanId, loanId), isNull(riskPoolEnrolments.releasedAt)))
    .run();
}
