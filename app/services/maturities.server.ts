/**
 * Loans after disbursement, around their maturity (app/domain/maturity.ts): the officers' queue of
 * their institution's loans maturing in the next 30 / 60 days (and those past maturity, not settled),
 * with the enterprise's current score and the adverse public records that arrived since disbursement;
 * the enterprise's own loans; and the reminders sent MATURITY_REMINDER_DAYS before maturity.
 */
import type { CreditGrade } from "~/domain/scoring";
import { ADVERSE_EVENT_KINDS } from "~/domain/interception";
import type { LoanStatus } from "~/domain/marketplace";
import { renewalRefusal } from "~/domain/renewals";
import { maturesOnSql, MATURITY_REMINDER_DAYS, maturityDateOf, maturityOf, type MaturityState } from "~/domain/maturity";
import { formatMoney } from "~/lib/money";
import { addDays, dateOf } from "~/lib/time";
import { writeTransaction, type AppDatabase } from "~db/connection";
import { currentRowSql } from "~db/schema";
import { notify } from "./notifications.server";

type LoanRow = {
  id: number;
  /** Null for a renewal loan. */
  claimId: number | null;
  needId: number;
  enterpriseId: number;
  enterpriseName: string;
  institutionId: number;
  institutionName: string;
  amountFen: number;
  termMonths: number;
  disbursedOn: string;
  status: LoanStatus;
};

export type MaturingLoan = LoanRow & {
  maturesOn: string;
  /** Days until maturity; negative past it. */
  daysLeft: number;
  state: MaturityState;
  score: number | null;
  grade: CreditGrade | null;
  /** Penalties, serious-dishonesty listings and court enforcement recorded since disbursement. */
  adverseSince: number;
  /** Where renewal stands: may be asked for today, asked for and undecided, or neither. */
  renewal: "renewable" | "requested" | null;
};

const LOAN_COLUMNS = `l.id, l.claim_id AS claimId, l.need_id AS needId, l.enterprise_id AS enterpriseId, e.name AS enterpriseName,
  l.institution_id AS institutionId, i.name AS institutionName, l.amount_fen AS amountFen, l.term_months AS termMonths,
  l.disbursed_on AS disbursedOn, l.status`;
/** What renewalRefusal needs beyond the loan, and whether a renewal request is open. */
const RENEWAL_COLUMNS = `(SELECT r.id FROM loans r WHERE r.renews_loan_id = l.id) AS renewedByLoanId,
  EXISTS (SELECT 1 FROM loan_renewals q WHERE q.loan_id = l.id AND q.status = 'requested') AS renewalRequested`;
const LOAN_JOINS = "JOIN enterprises e ON e.id = l.enterprise_id JOIN institutions i ON i.id = l.institution_id";

/** A loan's maturity date in SQL, the loan aliased `l`. */
export const MATURES_ON_SQL = maturesOnSql("l.disbursed_on", "l.term_months");

/** Per loan, in the same query: the enterprise's current score and the adverse records since disbursement. */
const STANDING_COLUMNS = `s.score, s.grade,
  (SELECT count(*) FROM credit_events c WHERE c.enterprise_id = l.enterprise_id AND c.occurred_on >= l.disbursed_on
     AND c.kind IN (${ADVERSE_EVENT_KINDS.map((k) => `'${k}'`).join(", ")}) AND ${currentRowSql("c")}) AS adverseSince`;
const STANDING_JOINS = "LEFT JOIN credit_scores s ON s.enterprise_id = l.enterprise_id AND s.is_current = 1";

type QueriedLoan = LoanRow &
  Pick<MaturingLoan, "score" | "grade" | "adverseSince"> & { renewedByLoanId: number | null; renewalRequested: 0 | 1 };

function withMaturity(rows: QueriedLoan[], today: string): MaturingLoan[] {
  return rows.map(({ renewedByLoanId, renewalRequested, ...row }) => {
    const renewal = renewalRequested ? "requested" : renewalRefusal({ ...row, renewedByLoanId }, today) === null ? "renewable" : null;
    return { ...row, ...maturityOf(row, today), renewal };
  });
}

/**
 * The institution's loans not settled that mature within `withinDays` of today, or are past maturity:
 * past maturity first, then by maturity date.
 */
export function maturingLoans(db: AppDatabase, institutionId: number, withinDays: number, now: number): MaturingLoan[] {
  const today = dateOf(now);
  const rows = db.$client
    .prepare(
      `SELECT ${LOAN_COLUMNS}, ${STANDING_COLUMNS}, ${RENEWAL_COLUMNS} FROM loans l ${LOAN_JOINS} ${STANDING_JOINS}
       WHERE l.institution_id = ? AND l.status <> 'settled' AND ${MATURES_ON_SQL} <= ?
       ORDER BY ${MATURES_ON_SQL}, l.id`,
    )
    .all(institutionId, addDays(today, withinDays)) as QueriedLoan[];
  return withMaturity(rows, today);
}

/** The enterprise's loans, newest first, with their maturity. */
export function loansOfEnterprise(db: AppDatabase, enterpriseId: number, now: number): MaturingLoan[] {
  const rows = db.$client
    .prepare(
      `SELECT ${LOAN_COLUMNS}, ${STANDING_COLUMNS}, ${RENEWAL_COLUMNS} FROM loans l ${LOAN_JOINS} ${STANDING_JOINS}
       WHERE l.enterprise_id = ? ORDER BY l.disbursed_on DESC, l.id DESC`,
    )
    .all(enterpriseId) as QueriedLoan[];
  return withMaturity(rows, dateOf(now));
}

const REMINDER_KIND = "loan.maturity_soon";

/**
 * Reminds the enterprise and the lending institution of every loan not settled that matures within
 * MATURITY_REMINDER_DAYS and has not been reminded yet (the enterprise's reminder, linking to the
 * loan's page, is the record: a need's renewal loans each get their own). Run by the maintenance
 * sweep; returns the number of loans reminded.
 */
export function remindMaturities(db: AppDatabase, now: number): number {
  const today = dateOf(now);
  const due = db.$client
    .prepare(
      `SELECT ${LOAN_COLUMNS} FROM loans l ${LOAN_JOINS}
       WHERE l.status <> 'settled' AND ${MATURES_ON_SQL} BETWEEN ? AND ?
         AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.kind = '${REMINDER_KIND}' AND n.enterprise_id = l.enterprise_id
                         AND n.link = '/sme/loans/' || l.id)`,
    )
    .all(today, addDays(today, MATURITY_REMINDER_DAYS)) as LoanRow[];
  if (due.length === 0) return 0;
  writeTransaction(db, (tx) => {
    for (const loan of due) {
      const maturesOn = maturityDateOf(loan.disbursedOn, loan.termMonths);
      const what = `${formatMoney(loan.amountFen)}（${loan.disbursedOn} 放款，期限 ${loan.termMonths} 个月）`;
      notify(tx, {
        to: { enterpriseId: loan.enterpriseId },
        kind: REMINDER_KIND,
        title: `贷款将于 ${maturesOn} 到期`,
        body: `您在${loan.institutionName}的贷款 ${what}将于 ${maturesOn} 到期，请提前安排还款，或与银行联系办理续贷。`,
        link: `/sme/loans/${loan.id}`,
        at: now,
      });
      notify(tx, {
        to: { institutionId: loan.institutionId },
        kind: REMINDER_KIND,
        title: `${loan.enterpriseName}的贷款将于 ${maturesOn} 到期`,
        body: `${loan.enterpriseName}的贷款 ${what}将于 ${maturesOn} 到期，请在到期前联系企业（还款或续贷）。`,
        link: `/bank/loans/${loan.id}`,
        at: now,
      });
    }
  });
  return due.length;
}
