/**
 * 代偿 (app/domain/risk-pools.ts): the bank files a claim on an enrolled loan it reported npl; the
 * bureau pays the fund's share of the loss within the caps and the balance (a payout row in the
 * ledger, the enrolment released as compensated) or refuses with a reason; later the bank reports
 * what it recovered and the fund's share goes back to the pool (a recovery row).
 */
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { LOAN_STATUS_LABELS } from "~/domain/marketplace";
import {
  COMPENSATION_STATUS_LABELS,
  compensationTransition,
  PAYOUT_LIMIT_LABELS,
  payoutOf,
  POOL_RELEASE_REASON_LABELS,
  recoveryReturnOf,
  type PayoutLimit,
} from "~/domain/risk-pools";
import { formatMoney } from "~/lib/money";
import { dateOf, monthOf, startOfMonth } from "~/lib/time";
import type { DecisionInput } from "~/lib/validation/risk-pools";
import { sqliteErrorOf, writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import { compensationClaims, enterprises, loans, riskPoolEnrolments, riskPoolLedger, riskPools } from "~db/schema";
import { recordAudit } from "./audit.server";
import { recordNeedEvent } from "./need-events.server";
import { notify } from "./notifications.server";
import { fail, type Outcome } from "./outcome";
import { poolBalanceFen, releaseFromRiskPool } from "./risk-pools.server";

/** A step of a 代偿 on the timeline of the loan's need (seen by the enterprise and the lending bank). */
function recordCompensationEvent(
  tx: Tx,
  loanId: number,
  type: "compensation_filed" | "compensation_approved" | "compensation_refused" | "recovery_reported",
  actor: SessionUser,
  at: number,
  detail: Record<string, unknown>,
): void {
  const loan = tx
    .select({ needId: loans.needId, claimId: loans.claimId, institutionId: loans.institutionId })
    .from(loans)
    .where(eq(loans.id, loanId))
    .get()!;
  recordNeedEvent(tx, {
    needId: loan.needId,
    claimId: loan.claimId,
    loanId,
    type,
    actorUserId: actor.id,
    actorInstitutionId: actor.institutionId,
    at,
    detail,
  });
}

export type CompensationFiling = { loanId: number; lossFen: number; documentsRef: string };

/** Why a loan of the bank's may not be claimed on now, or null when it may (its enrolment with it). */
function claimability(tx: Tx, institutionId: number, loanId: number) {
  const loan = tx
    .select({ id: loans.id, amountFen: loans.amountFen, status: loans.status, enterpriseName: enterprises.name })
    .from(loans)
    .innerJoin(enterprises, eq(enterprises.id, loans.enterpriseId))
    .where(and(eq(loans.id, loanId), eq(loans.institutionId, institutionId)))
    .get();
  if (!loan) return { found: false as const };
  const enrolment = tx
    .select({ enrolment: riskPoolEnrolments, poolName: riskPools.name })
    .from(riskPoolEnrolments)
    .innerJoin(riskPools, eq(riskPools.id, riskPoolEnrolments.poolId))
    .where(eq(riskPoolEnrolments.loanId, loanId))
    .get();
  const live = tx
    .select({ id: compensationClaims.id, status: compensationClaims.status })
    .from(compensationClaims)
    .where(and(eq(compensationClaims.loanId, loanId), inArray(compensationClaims.status, ["filed", "approved"])))
    .get();
  let refusal: string | null = null;
  if (live) refusal = `该贷款已有代偿申请（${COMPENSATION_STATUS_LABELS[live.status]}），不能重复申请`;
  else if (!enrolment) refusal = "该贷款未纳入风险补偿资金池，不能申请代偿";
  else if (enrolment.enrolment.releasedAt !== null)
    refusal = `该贷款已于 ${dateOf(enrolment.enrolment.releasedAt)} 退出${enrolment.poolName}（${POOL_RELEASE_REASON_LABELS[enrolment.enrolment.releaseReason!]}），不能申请代偿`;
  else if (loan.status !== "npl") refusal = `仅不良贷款可申请代偿，该贷款当前为“${LOAN_STATUS_LABELS[loan.status]}”`;
  return { found: true as const, loan, enrolment: enrolment ?? null, refusal, liveClaimId: live?.id ?? null };
}

export type CompensationForm = {
  loan: { id: number; amountFen: number; enterpriseName: string; status: keyof typeof LOAN_STATUS_LABELS };
  poolName: string | null;
  /** Why it may not be filed now; null when it may. */
  refusal: string | null;
  liveClaimId: number | null;
};

/** What the 代偿申请 form shows for a loan of the bank's; null for another bank's (404). */
export function compensationForm(db: AppDatabase, officer: SessionUser, loanId: number): CompensationForm | null {
  const found = claimability(db, officer.institutionId ?? -1, loanId);
  if (!found.found) return null;
  return { loan: found.loan, poolName: found.enrolment?.poolName ?? null, refusal: found.refusal, liveClaimId: found.liveClaimId };
}

export function fileCompensation(
  db: AppDatabase,
  officer: SessionUser,
  input: CompensationFiling,
  now: number,
): Outcome<{ claimId: number }> {
  const institutionId = officer.institutionId ?? -1;
  try {
    return writeTransaction(db, (tx) => {
      const found = claimability(tx, institutionId, input.loanId);
      if (!found.found) return fail(404, "找不到该笔贷款");
      if (found.refusal) return fail(409, found.refusal);
      if (input.lossFen < 1 || input.lossFen > found.loan.amountFen) {
        return fail(400, `损失金额应在 0.01 元至贷款金额 ${formatMoney(found.loan.amountFen)} 之间`, { field: "loss" });
      }
      const claimId = tx
        .insert(compensationClaims)
        .values({
          poolId: found.enrolment!.enrolment.poolId,
          loanId: input.loanId,
          institutionId,
          lossFen: input.lossFen,
          documentsRef: input.documentsRef,
          status: "filed",
          filedAt: now,
          filedByUserId: officer.id,
        })
        .returning({ id: compensationClaims.id })
        .get().id;
      recordCompensationEvent(tx, input.loanId, "compensation_filed", officer, now, { lossFen: input.lossFen });
      return { ok: true as const, claimId };
    });
  } catch (error) {
    if (sqliteErrorOf(error)?.code === "SQLITE_CONSTRAINT_UNIQUE") return fail(409, "该贷款已有代偿申请，不能重复申请");
    throw error;
  }
}

/** What the pool paid on a loan, and in the calendar year (Asia/Shanghai) of `at`. */
function paidSoFar(tx: Tx, poolId: number, loanId: number, at: number) {
  const year = monthOf(at).slice(0, 4);
  const paid = (where: ReturnType<typeof and>) =>
    -tx
      .select({ fen: sql<number>`coalesce(sum(${riskPoolLedger.amountFen}), 0)` })
      .from(riskPoolLedger)
      .where(and(eq(riskPoolLedger.poolId, poolId), eq(riskPoolLedger.kind, "payout"), where))
      .get()!.fen;
  return {
    onLoan: paid(eq(riskPoolLedger.loanId, loanId)),
    thisYear: paid(and(gte(riskPoolLedger.at, startOfMonth(`${year}-01`)), lt(riskPoolLedger.at, startOfMonth(`${Number(year) + 1}-01`)))),
  };
}

export type PayoutPreview = { payoutFen: number; limitedBy: PayoutLimit; limitLabel: string; balanceFen: number };

function previewIn(tx: Tx, claim: typeof compensationClaims.$inferSelect, now: number): PayoutPreview {
  const pool = tx.select().from(riskPools).where(eq(riskPools.id, claim.poolId)).get()!;
  const paid = paidSoFar(tx, pool.id, claim.loanId, now);
  const balanceFen = poolBalanceFen(tx, pool.id);
  const { payoutFen, limitedBy } = payoutOf({
    lossFen: claim.lossFen,
    shareBp: pool.lossShareBp,
    capPerLoanFen: pool.capPerLoanFen,
    paidOnLoanFen: paid.onLoan,
    capPerYearFen: pool.capPerYearFen,
    paidThisYearFen: paid.thisYear,
    balanceFen,
  });
  return { payoutFen, limitedBy, limitLabel: PAYOUT_LIMIT_LABELS[limitedBy], balanceFen };
}

/** What approving a filed claim would pay now and which limit decides it (the bureau sees it before confirming). */
export function payoutPreview(db: AppDatabase, claimId: number, now: number): PayoutPreview | null {
  const claim = db.select().from(compensationClaims).where(eq(compensationClaims.id, claimId)).get();
  return claim ? previewIn(db, claim, now) : null;
}

const NOTHING_TO_PAY: Record<PayoutLimit, string> = {
  share: "按分担比例计算的代偿金额不足 1 分",
  loan_cap: "该笔贷款已达单笔代偿上限",
  year_cap: "本年度代偿已达年度上限",
  balance: "资金池余额为零",
};

/** The bureau's decision on a 代偿申请: approve pays the fund's share, refuse needs a reason. */
export function decideCompensation(
  db: AppDatabase,
  bureauUser: SessionUser,
  claimId: number,
  decision: DecisionInput & { expectedPayoutFen?: number },
  now: number,
): Outcome<{ payoutFen: number | null; limitedBy: PayoutLimit | null }> {
  return writeTransaction(db, (tx) => {
    const claim = tx.select().from(compensationClaims).where(eq(compensationClaims.id, claimId)).get();
    if (!claim) return fail(404, "找不到该代偿申请");
    const approve = decision.decision === "approve";
    const move = compensationTransition(claim.status, approve ? "approve" : "refuse");
    if (!move.ok) return fail(409, move.message);
    if (!approve && !decision.reason) return fail(400, "不予代偿时请填写理由", { field: "reason" });
    const loan = tx
      .select({ id: loans.id, status: loans.status, enterpriseName: enterprises.name })
      .from(loans)
      .innerJoin(enterprises, eq(enterprises.id, loans.enterpriseId))
      .where(eq(loans.id, claim.loanId))
      .get()!;
    let payoutFen: number | null = null;
    let limitedBy: PayoutLimit | null = null;
    if (approve) {
      // Settled since it was filed: the bank was repaid, there is no loss to share.
      if (loan.status === "settled") return fail(409, "该贷款已报送结清，不能代偿，请不予代偿并说明");
      const preview = previewIn(tx, claim, now);
      if (preview.payoutFen <= 0) return fail(409, `${NOTHING_TO_PAY[preview.limitedBy]}，无法代偿；如不再受理请不予代偿并说明理由`);
      // The bureau confirmed an amount it was shown; a payout or capital since then changed it.
      if (decision.expectedPayoutFen !== undefined && decision.expectedPayoutFen !== preview.payoutFen) {
        return fail(409, `代偿金额已变为 ${formatMoney(preview.payoutFen)}（${preview.limitLabel}），请核对后重新确认`);
      }
      ({ payoutFen, limitedBy } = preview);
      tx.insert(riskPoolLedger)
        .values({
          poolId: claim.poolId,
          kind: "payout",
          amountFen: -payoutFen,
          basisFen: claim.lossFen,
          loanId: claim.loanId,
          compensationClaimId: claim.id,
          note: `代偿 ${loan.enterpriseName}（${preview.limitLabel}）`,
          at: now,
          byUserId: bureauUser.id,
        })
        .run();
      releaseFromRiskPool(tx, claim.loanId, "compensated", now);
    }
    tx.update(compensationClaims)
      .set({ status: move.to, decidedAt: now, decidedByUserId: bureauUser.id, refuseReason: approve ? null : decision.reason, payoutFen })
      .where(and(eq(compensationClaims.id, claimId), eq(compensationClaims.status, "filed")))
      .run();
    notify(tx, {
      to: { institutionId: claim.institutionId },
      kind: approve ? "compensation.approved" : "compensation.refused",
      title: approve ? "代偿申请已通过" : "代偿申请未通过",
      body: approve
        ? `${loan.enterpriseName}贷款的代偿申请已通过，资金池代偿 ${formatMoney(payoutFen!)}（损失 ${formatMoney(claim.lossFen)}）。日后如有回收，请按比例报告返还`
        : `${loan.enterpriseName}贷款的代偿申请未通过。理由：${decision.reason}`,
      link: "/bank/compensations",
      at: now,
    });
    recordCompensationEvent(
      tx,
      claim.loanId,
      approve ? "compensation_approved" : "compensation_refused",
      bureauUser,
      now,
      approve ? { payoutFen, lossFen: claim.lossFen } : { reason: decision.reason },
    );
    recordAudit(tx, {
      actorUserId: bureauUser.id,
      action: approve ? "risk_pool.compensation_approve" : "risk_pool.compensation_refuse",
      targetType: "compensation_claim",
      targetId: claim.id,
      detail: { poolId: claim.poolId, loanId: claim.loanId, lossFen: claim.lossFen, payoutFen, limitedBy, reason: decision.reason },
      at: now,
    });
    return { ok: true as const, payoutFen, limitedBy };
  });
}

export type RecoveryReport = { claimId: number; recoveredFen: number; note: string };

/** The bank reports money recovered on a compensated loan; the fund's share goes back to the pool. */
export function reportRecovery(
  db: AppDatabase,
  officer: SessionUser,
  input: RecoveryReport,
  now: number,
): Outcome<{ returnedFen: number }> {
  return writeTransaction(db, (tx) => {
    const claim = tx
      .select()
      .from(compensationClaims)
      .where(and(eq(compensationClaims.id, input.claimId), eq(compensationClaims.institutionId, officer.institutionId ?? -1)))
      .get();
    if (!claim) return fail(404, "找不到该代偿申请");
    if (claim.status !== "approved") return fail(409, `仅已代偿的申请可报告回收，该申请为“${COMPENSATION_STATUS_LABELS[claim.status]}”`);
    const before = tx
      .select({
        recovered: sql<number>`coalesce(sum(${riskPoolLedger.basisFen}), 0)`,
        returned: sql<number>`coalesce(sum(${riskPoolLedger.amountFen}), 0)`,
      })
      .from(riskPoolLedger)
      .where(and(eq(riskPoolLedger.compensationClaimId, claim.id), eq(riskPoolLedger.kind, "recovery")))
      .get()!;
    if (input.recoveredFen < 1 || before.recovered + input.recoveredFen > claim.lossFen) {
      return fail(400, `累计回收不能超过损失金额 ${formatMoney(claim.lossFen)}（已报告回收 ${formatMoney(before.recovered)}）`, {
        field: "recovered",
      });
    }
    const pool = tx.select({ lossShareBp: riskPools.lossShareBp }).from(riskPools).where(eq(riskPools.id, claim.poolId)).get()!;
    const returnedFen = recoveryReturnOf(input.recoveredFen, pool.lossShareBp, claim.payoutFen!, before.returned);
    if (returnedFen === 0) {
      return fail(
        409,
        before.returned >= claim.payoutFen!
          ? `资金池已收回全部代偿款 ${formatMoney(claim.payoutFen!)}，本次回收无需返还`
          : "本次回收按分担比例计算不足 1 分，无需返还",
      );
    }
    tx.insert(riskPoolLedger)
      .values({
        poolId: claim.poolId,
        kind: "recovery",
        amountFen: returnedFen,
        basisFen: input.recoveredFen,
        loanId: claim.loanId,
        compensationClaimId: claim.id,
        note: input.note,
        at: now,
        byUserId: officer.id,
      })
      .run();
    recordCompensationEvent(tx, claim.loanId, "recovery_reported", officer, now, { recoveredFen: input.recoveredFen, returnedFen });
    return { ok: true as const, returnedFen };
  });
}
