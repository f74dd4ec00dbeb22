/**
 * What the pools' pages read: the bureau's list and pool page (with its month-by-month series), a
 * bank's view of its cover requests, enrolled loans and 代偿 claims, and one loan's cover. Balances
 * are sums of the ledger and covered outstanding sums of live enrolments, always in SQL.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { CompensationStatus, PoolLedgerKind, PoolProductStatus } from "~/domain/risk-pools";
import type { EnrolmentView } from "~/ui/RiskPools";
import { leverageOf, poolRoomFen } from "~/domain/risk-pools";
import { monthOf, monthsBetween } from "~/lib/time";
import { pageInfo, pageOffset } from "~/lib/pagination";
import type { AppDatabase, Tx } from "~db/connection";
import { monthOf as sqlMonthOf } from "~db/statistics/facts";
import {
  compensationClaims,
  enterprises,
  institutions,
  loans,
  products,
  riskPoolEnrolments,
  riskPoolLedger,
  riskPoolProducts,
  riskPools,
} from "~db/schema";
import { payoutPreview, type PayoutPreview } from "./compensation-claims.server";
import { sponsorLabel } from "./risk-pools.server";

export type PoolSummary = {
  id: number;
  name: string;
  sponsor: string;
  active: boolean;
  lossShareBp: number;
  capPerLoanFen: number;
  capPerYearFen: number;
  leverageLimit: number;
  createdAt: number;
  balanceFen: number;
  coveredFen: number;
  coveredCount: number;
  /** Covered ÷ balance, null when the balance is 0. */
  leverage: number | null;
  roomFen: number;
};

/** What waits for the bureau's decision across the pools: 代偿 claims filed and products asked to be covered. */
export function poolDecisionsWaiting(db: AppDatabase): { claims: number; products: number } {
  const waiting = (sql_: string) => db.$client.prepare(sql_).pluck().get() as number;
  return {
    claims: waiting("SELECT count(*) FROM compensation_claims WHERE status = 'filed'"),
    products: waiting("SELECT count(*) FROM risk_pool_products WHERE status = 'requested'"),
  };
}

/** Every pool with its balance, covered outstanding, leverage and room (one query). */
export function listPools(db: AppDatabase): PoolSummary[] {
  const balance = db
    .select({ poolId: riskPoolLedger.poolId, fen: sql<number>`sum(${riskPoolLedger.amountFen})`.as("balance_fen") })
    .from(riskPoolLedger)
    .groupBy(riskPoolLedger.poolId)
    .as("b");
  const covered = db
    .select({
      poolId: riskPoolEnrolments.poolId,
      fen: sql<number>`sum(${riskPoolEnrolments.amountFen})`.as("covered_fen"),
      n: sql<number>`count(*)`.as("covered_n"),
    })
    .from(riskPoolEnrolments)
    .where(isNull(riskPoolEnrolments.releasedAt))
    .groupBy(riskPoolEnrolments.poolId)
    .as("c");
  return db
    .select({
      pool: riskPools,
      balanceFen: sql<number>`coalesce(${balance.fen}, 0)`,
      coveredFen: sql<number>`coalesce(${covered.fen}, 0)`,
      coveredCount: sql<number>`coalesce(${covered.n}, 0)`,
    })
    .from(riskPools)
    .leftJoin(balance, eq(balance.poolId, riskPools.id))
    .leftJoin(covered, eq(covered.poolId, riskPools.id))
    .orderBy(asc(riskPools.id))
    .all()
    .map(({ pool, balanceFen, coveredFen, coveredCount }) => ({
      id: pool.id,
      name: pool.name,
      sponsor: sponsorLabel(pool.sponsorDistrictCode),
      active: pool.active,
      lossShareBp: pool.lossShareBp,
      capPerLoanFen: pool.capPerLoanFen,
      capPerYearFen: pool.capPerYearFen,
      leverageLimit: pool.leverageLimit,
      createdAt: pool.createdAt,
      balanceFen,
      coveredFen,
      coveredCount,
      leverage: leverageOf(coveredFen, balanceFen),
      roomFen: poolRoomFen(balanceFen, pool.leverageLimit, coveredFen),
    }));
}

export type PoolMonth = { month: string; balanceFen: number; coveredFen: number; payoutsFen: number; recoveriesFen: number };

/**
 * Month by month from the pool's creation to `now`'s month: balance and covered outstanding at month
 * end, payouts and recoveries of the month. SQL sums each month's movements; the running totals add
 * them up month by month.
 */
export function poolMonths(db: AppDatabase, poolId: number, createdAt: number, now: number): PoolMonth[] {
  const ledgerMonth = sql.raw(sqlMonthOf('"at"'));
  const moves = db
    .select({
      month: sql<string>`${ledgerMonth}`,
      capital: sql<number>`sum(CASE WHEN ${riskPoolLedger.kind} = 'capital' THEN ${riskPoolLedger.amountFen} ELSE 0 END)`,
      payouts: sql<number>`-sum(CASE WHEN ${riskPoolLedger.kind} = 'payout' THEN ${riskPoolLedger.amountFen} ELSE 0 END)`,
      recoveries: sql<number>`sum(CASE WHEN ${riskPoolLedger.kind} = 'recovery' THEN ${riskPoolLedger.amountFen} ELSE 0 END)`,
    })
    .from(riskPoolLedger)
    .where(eq(riskPoolLedger.poolId, poolId))
    .groupBy(sql`1`)
    .all();
  // An enrolment adds its amount in the month enrolled and takes it back in the month released.
  const covered = db.all<{ month: string; fen: number }>(sql`
    SELECT month, sum(fen) AS fen FROM (
      SELECT ${sql.raw(sqlMonthOf("enrolled_at"))} AS month, amount_fen AS fen FROM risk_pool_enrolments WHERE pool_id = ${poolId}
      UNION ALL
      SELECT ${sql.raw(sqlMonthOf("max(enrolled_at, released_at)"))}, -amount_fen FROM risk_pool_enrolments
        WHERE pool_id = ${poolId} AND released_at IS NOT NULL
    ) GROUP BY month`);
  const movesOf = new Map(moves.map((m) => [m.month, m]));
  const coveredOf = new Map(covered.map((c) => [c.month, c.fen]));
  let balanceFen = 0;
  let coveredFen = 0;
  return monthsBetween(monthOf(createdAt), monthOf(now)).map((month) => {
    const m = movesOf.get(month);
    balanceFen += m ? m.capital - m.payouts + m.recoveries : 0;
    coveredFen += coveredOf.get(month) ?? 0;
    return { month, balanceFen, coveredFen, payoutsFen: m?.payouts ?? 0, recoveriesFen: m?.recoveries ?? 0 };
  });
}

export type PoolProductRow = {
  id: number;
  productId: number;
  productName: string;
  institution: string;
  status: PoolProductStatus;
  requestedAt: number;
  decidedAt: number | null;
  reason: string | null;
};

function poolProductRows(db: AppDatabase, where: ReturnType<typeof eq>) {
  return (
    db
      .select({
        id: riskPoolProducts.id,
        poolId: riskPoolProducts.poolId,
        poolName: riskPools.name,
        productId: riskPoolProducts.productId,
        productName: products.name,
        institution: institutions.shortName,
        status: riskPoolProducts.status,
        requestedAt: riskPoolProducts.requestedAt,
        decidedAt: riskPoolProducts.decidedAt,
        reason: riskPoolProducts.reason,
      })
      .from(riskPoolProducts)
      .innerJoin(riskPools, eq(riskPools.id, riskPoolProducts.poolId))
      .innerJoin(products, eq(products.id, riskPoolProducts.productId))
      .innerJoin(institutions, eq(institutions.id, riskPoolProducts.institutionId))
      .where(where)
      // Requests waiting for a decision first.
      .orderBy(sql`${riskPoolProducts.status} <> 'requested'`, desc(riskPoolProducts.requestedAt), desc(riskPoolProducts.id))
      .all()
  );
}

function enrolmentRows(db: AppDatabase, where: ReturnType<typeof eq>, limit: number, offset = 0): EnrolmentView[] {
  return (
    db
      .select({
        loanId: riskPoolEnrolments.loanId,
        poolName: riskPools.name,
        enterpriseName: enterprises.name,
        institution: institutions.shortName,
        amountFen: riskPoolEnrolments.amountFen,
        loanStatus: loans.status,
        enrolledAt: riskPoolEnrolments.enrolledAt,
        releasedAt: riskPoolEnrolments.releasedAt,
        releaseReason: riskPoolEnrolments.releaseReason,
      })
      .from(riskPoolEnrolments)
      .innerJoin(riskPools, eq(riskPools.id, riskPoolEnrolments.poolId))
      .innerJoin(loans, eq(loans.id, riskPoolEnrolments.loanId))
      .innerJoin(enterprises, eq(enterprises.id, loans.enterpriseId))
      .innerJoin(institutions, eq(institutions.id, loans.institutionId))
      .where(where)
      // Still covered first (npl ones at the top: they may come to a claim), then the latest.
      .orderBy(
        sql`${riskPoolEnrolments.releasedAt} IS NOT NULL`,
        sql`${loans.status} <> 'npl'`,
        desc(riskPoolEnrolments.enrolledAt),
        desc(riskPoolEnrolments.id),
      )
      .limit(limit)
      .offset(offset)
      .all()
  );
}

export type ClaimRow = {
  id: number;
  poolId: number;
  poolName: string;
  loanId: number;
  enterpriseName: string;
  institution: string;
  loanAmountFen: number;
  lossFen: number;
  documentsRef: string;
  status: CompensationStatus;
  filedAt: number;
  decidedAt: number | null;
  refuseReason: string | null;
  payoutFen: number | null;
  recoveredFen: number;
  returnedFen: number;
};

function claimRows(db: AppDatabase, where: ReturnType<typeof eq>): ClaimRow[] {
  const back = db
    .select({
      claimId: riskPoolLedger.compensationClaimId,
      recovered: sql<number>`sum(${riskPoolLedger.basisFen})`.as("recovered"),
      returned: sql<number>`sum(${riskPoolLedger.amountFen})`.as("returned"),
    })
    .from(riskPoolLedger)
    .where(eq(riskPoolLedger.kind, "recovery"))
    .groupBy(riskPoolLedger.compensationClaimId)
    .as("back");
  return db
    .select({
      id: compensationClaims.id,
      poolId: compensationClaims.poolId,
      poolName: riskPools.name,
      loanId: compensationClaims.loanId,
      enterpriseName: enterprises.name,
      institution: institutions.shortName,
      loanAmountFen: loans.amountFen,
      lossFen: compensationClaims.lossFen,
      documentsRef: compensationClaims.documentsRef,
      status: compensationClaims.status,
      filedAt: compensationClaims.filedAt,
      decidedAt: compensationClaims.decidedAt,
      refuseReason: compensationClaims.refuseReason,
      payoutFen: compensationClaims.payoutFen,
      recoveredFen: sql<number>`coalesce(${back.recovered}, 0)`,
      returnedFen: sql<number>`coalesce(${back.returned}, 0)`,
    })
    .from(compensationClaims)
    .innerJoin(riskPools, eq(riskPools.id, compensationClaims.poolId))
    .innerJoin(loans, eq(loans.id, compensationClaims.loanId))
    .innerJoin(enterprises, eq(enterprises.id, loans.enterpriseId))
    .innerJoin(institutions, eq(institutions.id, compensationClaims.institutionId))
    .leftJoin(back, eq(back.claimId, compensationClaims.id))
    .where(where)
    .orderBy(sql`${compensationClaims.status} <> 'filed'`, desc(compensationClaims.filedAt), desc(compensationClaims.id))
    .all();
}

export type LedgerRow = {
  id: number;
  kind: PoolLedgerKind;
  amountFen: number;
  basisFen: number | null;
  enterpriseName: string | null;
  note: string;
  at: number;
};

/** The pool page holds at most this many enrolled loans and ledger rows (the latest). */
export const POOL_PAGE_ROWS = 200;
const ENROLMENTS_PER_PAGE = 50;

/** A pool's page; its enrolled loans come `ENROLMENTS_PER_PAGE` at a time (`page`, from 1). */
export function poolDetail(db: AppDatabase, poolId: number, now: number, page = 1) {
  const summary = listPools(db).find((p) => p.id === poolId);
  if (!summary) return null;
  const claims = claimRows(db, eq(compensationClaims.poolId, poolId)).map((c) => ({
    ...c,
    preview: c.status === "filed" ? payoutPreview(db, c.id, now) : null,
  }));
  const ledger: LedgerRow[] = db
    .select({
      id: riskPoolLedger.id,
      kind: riskPoolLedger.kind,
      amountFen: riskPoolLedger.amountFen,
      basisFen: riskPoolLedger.basisFen,
      enterpriseName: enterprises.name,
      note: riskPoolLedger.note,
      at: riskPoolLedger.at,
    })
    .from(riskPoolLedger)
    .leftJoin(loans, eq(loans.id, riskPoolLedger.loanId))
    .leftJoin(enterprises, eq(enterprises.id, loans.enterpriseId))
    .where(eq(riskPoolLedger.poolId, poolId))
    .orderBy(desc(riskPoolLedger.at), desc(riskPoolLedger.id))
    .limit(POOL_PAGE_ROWS)
    .all();
  const totals = db
    .select({
      capital: sql<number>`coalesce(sum(CASE WHEN ${riskPoolLedger.kind} = 'capital' THEN ${riskPoolLedger.amountFen} END), 0)`,
      payouts: sql<number>`coalesce(-sum(CASE WHEN ${riskPoolLedger.kind} = 'payout' THEN ${riskPoolLedger.amountFen} END), 0)`,
      recoveries: sql<number>`coalesce(sum(CASE WHEN ${riskPoolLedger.kind} = 'recovery' THEN ${riskPoolLedger.amountFen} END), 0)`,
      payoutCount: sql<number>`count(CASE WHEN ${riskPoolLedger.kind} = 'payout' THEN 1 END)`,
    })
    .from(riskPoolLedger)
    .where(eq(riskPoolLedger.poolId, poolId))
    .get()!;
  const enrolled = db
    .select({ n: sql<number>`count(*)`, fen: sql<number>`coalesce(sum(${riskPoolEnrolments.amountFen}), 0)` })
    .from(riskPoolEnrolments)
    .where(eq(riskPoolEnrolments.poolId, poolId))
    .get()!;
  const enrolmentsPage = pageInfo(enrolled.n, page, ENROLMENTS_PER_PAGE);
  return {
    pool: summary,
    totals,
    enrolledEver: enrolled,
    products: poolProductRows(db, eq(riskPoolProducts.poolId, poolId)),
    claims,
    enrolmentsPage,
    enrolments: enrolmentRows(db, eq(riskPoolEnrolments.poolId, poolId), enrolmentsPage.pageSize, pageOffset(enrolmentsPage)),
    ledger,
    months: poolMonths(db, poolId, summary.createdAt, now),
  };
}

export type PoolClaimView = ClaimRow & { preview: PayoutPreview | null };

/** A bank's side: the pools (active ones open to requests), its products' requests, its enrolled loans and claims. */
export function bankPoolsView(db: AppDatabase, institutionId: number, page = 1) {
  const enrolled = db
    .select({ n: sql<number>`count(*)` })
    .from(riskPoolEnrolments)
    .innerJoin(loans, eq(loans.id, riskPoolEnrolments.loanId))
    .where(eq(loans.institutionId, institutionId))
    .get()!;
  // A bank's list is read on a phone too, a card per loan: the usual 20 a page.
  const enrolmentsPage = pageInfo(enrolled.n, page);
  return {
    pools: listPools(db),
    products: db
      .select({ id: products.id, name: products.name, listed: products.listed })
      .from(products)
      .where(eq(products.institutionId, institutionId))
      .orderBy(desc(products.listed), asc(products.id))
      .all(),
    requests: poolProductRows(db, eq(riskPoolProducts.institutionId, institutionId)),
    enrolmentsPage,
    enrolments: enrolmentRows(db, eq(loans.institutionId, institutionId), enrolmentsPage.pageSize, pageOffset(enrolmentsPage)),
  };
}

/** A bank's 代偿 claims, and its enrolled npl loans not yet claimed on (ready for a claim). */
export function bankCompensations(db: AppDatabase, institutionId: number) {
  const open = db
    .select({ loanId: compensationClaims.loanId })
    .from(compensationClaims)
    .where(inArray(compensationClaims.status, ["filed", "approved"]));
  return {
    claims: claimRows(db, eq(compensationClaims.institutionId, institutionId)),
    claimable: enrolmentRows(
      db,
      and(
        eq(loans.institutionId, institutionId),
        eq(loans.status, "npl"),
        isNull(riskPoolEnrolments.releasedAt),
        sql`${riskPoolEnrolments.loanId} NOT IN ${open}`,
      )!,
      POOL_PAGE_ROWS,
    ),
  };
}

/** A loan's cover, for the loan's pages (the enterprise's and the bank's): null when never enrolled. */
export function loanPoolCover(db: Tx, loanId: number) {
  return (
    db
      .select({
        poolId: riskPools.id,
        poolName: riskPools.name,
        lossShareBp: riskPools.lossShareBp,
        amountFen: riskPoolEnrolments.amountFen,
        enrolledAt: riskPoolEnrolments.enrolledAt,
        releasedAt: riskPoolEnrolments.releasedAt,
        releaseReason: riskPoolEnrolments.releaseReason,
      })
      .from(riskPoolEnrolments)
      .innerJoin(riskPools, eq(riskPools.id, riskPoolEnrolments.poolId))
      .where(eq(riskPoolEnrolments.loanId, loanId))
      .get() ?? null
  );
}
