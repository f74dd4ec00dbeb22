/**
 * A small city for the risk-compensation pools' tests: the bureau, banks with an officer and a product
 * each, enterprises in given districts, and loans disbursed through the marketplace's own path
 * (disburseClaim, which enrols the loan in a pool) on needs and grants written as facts.
 */
import { eq } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import type { LoanStatus } from "~/domain/marketplace";
import { monthOf, startOfDate } from "~/lib/time";
import { disburseClaim } from "~/services/claims.server";
import { reportLoanStatus } from "~/services/loans.server";
import type { AppDatabase } from "~db/connection";
import { claims, users } from "~db/schema";
import { at, createFacts, wan } from "./facts";

function sessionUser(db: AppDatabase, id: string, role: SessionUser["role"], institutionId: number | null): SessionUser {
  db.insert(users)
    .values({ id, username: id, passwordHash: "x", role, displayName: id, institutionId, createdAt: 0 })
    .onConflictDoNothing()
    .run();
  return { id, username: id, role, displayName: id, enterpriseId: null, institutionId };
}

export function createPoolCity(db: AppDatabase) {
  const f = createFacts(db);
  const bureau = sessionUser(db, "bureau-1", "bureau", null);
  let serial = 0;
  return {
    f,
    bureau,
    /** A bank with its officer (the one createFacts made, as a session) and one listed product. */
    bank(name: string) {
      const institutionId = f.institution({ name, joined: "2025-01-01 09:00" });
      const productId = f.product(institutionId, [{ listed: "2025-01-02 09:00" }]);
      return { institutionId, productId, officer: sessionUser(db, `officer-${institutionId}`, "bank_officer", institutionId) };
    },
    enterprise(district: string) {
      return f.enterprise({ district, industry: "C", size: "small", registered: "2025-01-10 10:00" });
    },
    /** A need, a grant under the product and the disbursement through disburseClaim; the loan's id. */
    disburse(
      bank: { institutionId: number; productId: number; officer: SessionUser },
      enterpriseId: number,
      amountFen: number,
      on: string,
    ) {
      serial += 1;
      const day = startOfDate(on);
      const posted = `${on} 08:0${serial % 10}`;
      const needId = f.need(enterpriseId, Math.max(1, Math.ceil(amountFen / wan(1))), posted);
      const claimId = f.claim(needId, bank.institutionId, `${on} 08:30`, {
        granted: `${on} 09:00`,
        amountWan: Math.ceil(amountFen / wan(1)),
      });
      db.update(claims)
        .set({ grantedProductId: bank.productId, grantedGuaranteeMode: "credit", grantedAmountFen: amountFen })
        .where(eq(claims.id, claimId))
        .run();
      const result = disburseClaim(
        db,
        bank.officer,
        claimId,
        { amount: amountFen, disbursedOn: on, confirmBelowHalf: true },
        day + 10 * 3600_000,
      );
      if (!result.ok) throw new Error(`disbursement refused: ${result.message}`);
      return result.loanId;
    },
    /** The bank's monthly status report of a loan (as the officer sends it), in the month of `when`. */
    report(officer: SessionUser, loanId: number, status: LoanStatus, when: string) {
      const result = reportLoanStatus(db, officer, loanId, monthOf(at(when)), status, at(when));
      if (!result.ok) throw new Error(`status report refused: ${result.message}`);
    },
  };
}
