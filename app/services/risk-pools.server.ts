/**
 * 风险补偿资金池 (app/domain/risk-pools.ts). This module owns every write to the pools' tables. The
 * marketplace calls two hooks inside its own transactions: enrolment when a loan is disbursed (a claim's
 * loan or a renewal) and release when a loan stops being covered (settled, renewed, compensated). The
 * bureau creates pools, adds capital, stops or resumes enrolment and decides which products a pool
 * covers; banks ask for their products' cover. 代偿 claims and recoveries are in
 * compensation-claims.server.ts, the pages' reads in risk-pool-views.server.ts.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import {
  POOL_PRODUCT_STATUS_LABELS,
  POOL_SPONSOR_CITY,
  poolProductTransition,
  poolRoomFen,
  type PoolReleaseReason,
} from "~/domain/risk-pools";
import { districtName } from "~/lib/reference";
import type { CapitalInput, DecisionInput, PoolInput } from "~/lib/validation/risk-pools";
import { sqliteErrorOf, writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import { enterprises, loans, products, riskPoolEnrolments, riskPoolLedger, riskPoolProducts, riskPools } from "~db/schema";
import { recordAudit } from "./audit.server";
import { recordNeedEvent } from "./need-events.server";
import { notify } from "./notifications.server";
import { fail, type Outcome } from "./outcome";

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
      recordedAt: loans.recordedAt,
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
      // When the disbursement was recorded: its cover counts from disbursedAt (enrolledAt), but the step follows the 放款 on the timeline.
      at: loan.recordedAt,
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

/** Who a pool covers, in words: 全市 or the district's name. */
export function sponsorLabel(sponsorDistrictCode: string | null): string {
  return sponsorDistrictCode === null ? "全市" : districtName(sponsorDistrictCode);
}

// ---- the bureau -------------------------------------------------------------------------------

export function createPool(db: AppDatabase, bureauUser: SessionUser, input: PoolInput, now: number): Outcome<{ poolId: number }> {
  if (input.capPerLoan > input.capPerYear) return fail(400, "单笔代偿上限不能高于年度代偿上限", { field: "capPerLoan" });
  return writeTransaction(db, (tx) => {
    const same = tx.select({ id: riskPools.id }).from(riskPools).where(eq(riskPools.name, input.name)).get();
    if (same) return fail(400, "已有同名资金池，请换一个名称", { field: "name" });
    const poolId = tx
      .insert(riskPools)
      .values({
        name: input.name,
        sponsorDistrictCode: input.sponsor === POOL_SPONSOR_CITY ? null : input.sponsor,
        capitalFen: input.capital,
        lossShareBp: input.lossShare,
        capPerLoanFen: input.capPerLoan,
        capPerYearFen: input.capPerYear,
        leverageLimit: input.leverageLimit,
        active: true,
        createdAt: now,
        createdByUserId: bureauUser.id,
      })
      .returning({ id: riskPools.id })
      .get().id;
    tx.insert(riskPoolLedger)
      .values({ poolId, kind: "capital", amountFen: input.capital, note: "设立出资", at: now, byUserId: bureauUser.id })
      .run();
    recordAudit(tx, {
      actorUserId: bureauUser.id,
      action: "risk_pool.create",
      targetType: "risk_pool",
      targetId: poolId,
      detail: { name: input.name, sponsor: input.sponsor, capitalFen: input.capital, lossShareBp: input.lossShare },
      at: now,
    });
    return { ok: true as const, poolId };
  });
}

/** 追加出资: a capital row in the ledger. */
export function addCapital(db: AppDatabase, bureauUser: SessionUser, poolId: number, input: CapitalInput, now: number): Outcome {
  return writeTransaction(db, (tx) => {
    const pool = tx.select({ id: riskPools.id }).from(riskPools).where(eq(riskPools.id, poolId)).get();
    if (!pool) return fail(404, "找不到该资金池");
    tx.insert(riskPoolLedger)
      .values({ poolId, kind: "capital", amountFen: input.amount, note: input.note || "追加出资", at: now, byUserId: bureauUser.id })
      .run();
    recordAudit(tx, {
      actorUserId: bureauUser.id,
      action: "risk_pool.capital",
      targetType: "risk_pool",
      targetId: poolId,
      detail: { amountFen: input.amount },
      at: now,
    });
    return { ok: true as const };
  });
}

/** 停止 / 恢复 new enrolments; loans already enrolled stay covered. */
export function setPoolActive(db: AppDatabase, bureauUser: SessionUser, poolId: number, active: boolean, now: number): Outcome {
  return writeTransaction(db, (tx) => {
    const pool = tx.select({ active: riskPools.active }).from(riskPools).where(eq(riskPools.id, poolId)).get();
    if (!pool) return fail(404, "找不到该资金池");
    if (pool.active === active) return fail(409, active ? "该资金池已在接受新增入池" : "该资金池已停止新增入池");
    tx.update(riskPools).set({ active }).where(eq(riskPools.id, poolId)).run();
    recordAudit(tx, {
      actorUserId: bureauUser.id,
      action: active ? "risk_pool.activate" : "risk_pool.deactivate",
      targetType: "risk_pool",
      targetId: poolId,
      at: now,
    });
    return { ok: true as const };
  });
}

/** The bureau admits a product to a pool or refuses it (with a reason the bank reads). */
export function decidePoolProduct(
  db: AppDatabase,
  bureauUser: SessionUser,
  poolProductId: number,
  decision: DecisionInput,
  now: number,
): Outcome {
  return writeTransaction(db, (tx) => {
    const row = tx
      .select({ entry: riskPoolProducts, poolName: riskPools.name, productName: products.name })
      .from(riskPoolProducts)
      .innerJoin(riskPools, eq(riskPools.id, riskPoolProducts.poolId))
      .innerJoin(products, eq(products.id, riskPoolProducts.productId))
      .where(eq(riskPoolProducts.id, poolProductId))
      .get();
    if (!row) return fail(404, "找不到该产品申请");
    const approve = decision.decision === "approve";
    const move = poolProductTransition(row.entry.status, approve ? "approve" : "refuse");
    if (!move.ok) return fail(409, move.message);
    if (!approve && !decision.reason) return fail(400, "不予纳入时请填写理由", { field: "reason" });
    tx.update(riskPoolProducts)
      .set({ status: move.to, decidedAt: now, decidedByUserId: bureauUser.id, reason: decision.reason || null })
      .where(and(eq(riskPoolProducts.id, poolProductId), eq(riskPoolProducts.status, row.entry.status)))
      .run();
    notify(tx, {
      to: { institutionId: row.entry.institutionId },
      kind: approve ? "risk_pool.product_approved" : "risk_pool.product_refused",
      title: approve ? "产品已纳入风险补偿资金池" : "产品未纳入风险补偿资金池",
      body: approve
        ? `“${row.productName}”已纳入${row.poolName}，此后发放的贷款在资金池额度内自动入池`
        : `“${row.productName}”未纳入${row.poolName}。理由：${decision.reason}`,
      link: "/bank/pools",
      at: now,
    });
    recordAudit(tx, {
      actorUserId: bureauUser.id,
      action: approve ? "risk_pool.product_approve" : "risk_pool.product_refuse",
      targetType: "risk_pool_product",
      targetId: poolProductId,
      detail: { poolId: row.entry.poolId, productId: row.entry.productId, reason: decision.reason },
      at: now,
    });
    return { ok: true as const };
  });
}

// ---- the bank ---------------------------------------------------------------------------------

/** A bank asks for its product's cover by a pool; the bureau decides. */
export function requestPoolCover(
  db: AppDatabase,
  officer: SessionUser,
  productId: number,
  poolId: number,
  now: number,
): Outcome<{ poolProductId: number }> {
  const institutionId = officer.institutionId ?? -1;
  try {
    return writeTransaction(db, (tx) => {
      const product = tx
        .select({ id: products.id, name: products.name })
        .from(products)
        .where(and(eq(products.id, productId), eq(products.institutionId, institutionId)))
        .get();
      if (!product) return fail(404, "找不到该产品");
      const pool = tx.select({ name: riskPools.name, active: riskPools.active }).from(riskPools).where(eq(riskPools.id, poolId)).get();
      if (!pool) return fail(404, "找不到该资金池");
      if (!pool.active) return fail(409, `${pool.name}已停止新增入池，暂不受理产品申请`);
      const live = tx
        .select({ status: riskPoolProducts.status })
        .from(riskPoolProducts)
        .where(
          and(
            eq(riskPoolProducts.poolId, poolId),
            eq(riskPoolProducts.productId, productId),
            sql`${riskPoolProducts.status} IN ('requested', 'approved')`,
          ),
        )
        .get();
      if (live) return fail(409, `“${product.name}”在${pool.name}中已${POOL_PRODUCT_STATUS_LABELS[live.status]}，不能重复申请`);
      const poolProductId = tx
        .insert(riskPoolProducts)
        .values({ poolId, productId, institutionId, status: "requested", requestedAt: now, requestedByUserId: officer.id })
        .returning({ id: riskPoolProducts.id })
        .get().id;
      return { ok: true as const, poolProductId };
    });
  } catch (error) {
    // Two officers asking at once: the second meets the live-row index.
    if (sqliteErrorOf(error)?.code === "SQLITE_CONSTRAINT_UNIQUE") return fail(409, "该产品已申请纳入该资金池，不能重复申请");
    throw error;
  }
}

/** The bank takes its product out (a request or an admitted product); loans already enrolled stay covered. */
export function withdrawPoolCover(db: AppDatabase, officer: SessionUser, poolProductId: number, now: number): Outcome {
  return writeTransaction(db, (tx) => {
    const row = tx
      .select()
      .from(riskPoolProducts)
      .where(and(eq(riskPoolProducts.id, poolProductId), eq(riskPoolProducts.institutionId, officer.institutionId ?? -1)))
      .get();
    if (!row) return fail(404, "找不到该产品申请");
    const move = poolProductTransition(row.status, "withdraw");
    if (!move.ok) return fail(409, move.message);
    tx.update(riskPoolProducts)
      .set({ status: move.to, decidedAt: now, decidedByUserId: officer.id })
      .where(and(eq(riskPoolProducts.id, poolProductId), eq(riskPoolProducts.status, row.status)))
      .run();
    return { ok: true as const };
  });
}
