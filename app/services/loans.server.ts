/**
 * Loans (贷款): made by disbursing a granted claim (claims.server.ts), then followed by the bank's
 * monthly report of each loan's status (normal, overdue, non-performing, settled), checked by
 * app/domain/lifecycle.ts, recorded in the need's event log and told to the enterprise.
 */
import { and, desc, eq } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { loanTransition } from "~/domain/lifecycle";
import { formatMoney } from "~/lib/money";
import { monthBounds, monthOf } from "~/lib/time";
import { writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import { LOAN_STATUS_LABELS, type LoanStatus } from "~/domain/marketplace";
import { loans, loanStatusReports } from "~db/schema";
import { recordNeedEvent } from "./need-events.server";
import { notify } from "./notifications.server";
import { releaseFromRiskPool } from "./risk-pools.server";
import { fail, type Outcome, type Refused } from "./outcome";

/** The loan disbursed on a claim, if any, with its monthly status reports, latest first. */
export function loanOfClaim(db: AppDatabase, claimId: number) {
  const loan = db.select().from(loans).where(eq(loans.claimId, claimId)).get();
  const reports = loan
    ? db.select().from(loanStatusReports).where(eq(loanStatusReports.loanId, loan.id)).orderBy(desc(loanStatusReports.month)).all()
    : [];
  return { loan, reports };
}

type Loan = typeof loans.$inferSelect;

/** Why a status report for `month` may not be written on the loan, or null: the month and the move are checked. */
export function loanStatusRefusal(loan: Loan, month: string, status: LoanStatus, now: number): Refused | null {
  if (month < monthOf(loan.disbursedAt)) return fail(400, "不能早于放款月份", { field: "month" });
  if (month > monthOf(now)) return fail(400, "不能报送未来月份的状态", { field: "month" });
  const move = loanTransition(loan.status, status);
  return move.ok ? null : fail(409, move.message);
}

/**
 * Writes a status report that loanStatusRefusal let through, inside the caller's transaction: the
 * report (a correction of the same month replaces it), loans.status, the pool release of a settled
 * loan and the need event. A bank's report and a renewal's settlement of the old loan both come here.
 */
export function writeLoanStatus(tx: Tx, loan: Loan, month: string, status: LoanStatus, officer: SessionUser, now: number): void {
  const loanId = loan.id;
  tx.insert(loanStatusReports)
    .values({ loanId, month, status, reportedAt: now, reportedByUserId: officer.id })
    .onConflictDoUpdate({
      target: [loanStatusReports.loanId, loanStatusReports.month],
      set: { status, reportedAt: now, reportedByUserId: officer.id },
    })
    .run();
  // loans.status is the latest month's report.
  const latest = tx
    .select({ status: loanStatusReports.status })
    .from(loanStatusReports)
    .where(eq(loanStatusReports.loanId, loanId))
    .orderBy(desc(loanStatusReports.month))
    .limit(1)
    .get()!;
  tx.update(loans).set({ status: latest.status }).where(eq(loans.id, loanId)).run();
  // A settled loan is no longer covered by a risk-compensation pool, from the month it was reported settled.
  if (status === "settled") releaseFromRiskPool(tx, loanId, "settled", monthBounds(month).start);
  recordNeedEvent(tx, {
    needId: loan.needId,
    claimId: loan.claimId,
    loanId,
    type: "loan_status",
    actorUserId: officer.id,
    actorInstitutionId: loan.institutionId,
    at: now,
    detail: { month, status },
  });
}

/** The bank's monthly report of a loan's status; a correction of the same month replaces it. */
export function reportLoanStatus(
  db: AppDatabase,
  officer: SessionUser,
  loanId: number,
  month: string,
  status: LoanStatus,
  now: number,
): Outcome {
  return writeTransaction(db, (tx) => {
    const loan = tx
      .select()
      .from(loans)
      .where(and(eq(loans.id, loanId), eq(loans.institutionId, officer.institutionId ?? -1)))
      .get();
    if (!loan) return fail(404, "找不到该笔贷款");
    const refused = loanStatusRefusal(loan, month, status, now);
    if (refused) return refused;
    writeLoanStatus(tx, loan, month, status, officer, now);
    if (status !== loan.status) {
      notify(tx, {
        to: { enterpriseId: loan.enterpriseId },
        kind: "loan.status",
        title: "贷款状态更新",
        body: `贷款（${formatMoney(loan.amountFen)}）${month} 状态：${LOAN_STATUS_LABELS[status]}`,
        link: `/sme/loans/${loanId}`,
        at: now,
      });
    }
    return { ok: true as const };
  });
}
