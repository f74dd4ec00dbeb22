/**
 * 无还本续贷 (app/domain/renewals.ts): the enterprise asks the lending institution to renew a loan
 * maturing within the window, under a fresh authorization for that institution alone; an officer of
 * the institution approves — the renewal loan is written, the old loan is settled the same day as a
 * bank's status report settles it, the pool cover moves to the new loan — or declines with a reason.
 * A request still undecided when its loan has matured lapses in the maintenance sweep. Also the loan
 * pages' facts: a loan, its renewal chain and its risk-pool cover.
 */
import { and, asc, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { DISBURSEMENT_CHANNEL_LABELS, LOAN_STATUS_LABELS, type DisbursementChannel } from "~/domain/marketplace";
import { maturesOnSql, maturityDateOf, maturityOf } from "~/domain/maturity";
import { renewalRefusal, renewalTransition, type RenewalStatus } from "~/domain/renewals";
import { formatMoney, formatRateBp } from "~/lib/money";
import { addDays, dateOf, monthOf, startOfDate } from "~/lib/time";
import { RENEWAL_CONSENT_MESSAGE, RENEWAL_MAX_TERM_MONTHS } from "~/lib/validation/renewals";
import { sqliteErrorOf, writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import { authorizations, claims, enterprises, institutions, loanRenewals, loans, loanStatusReports, products } from "~db/schema";
import { institutionName } from "./accounts.server";
import { grantAuthorization } from "./authorizations.server";
import { interceptionGate } from "./interception.server";
import { loanStatusRefusal, writeLoanStatus } from "./loans.server";
import { MATURES_ON_SQL } from "./maturities.server";
import { recordNeedEvent } from "./need-events.server";
import { notify } from "./notifications.server";
import { fail, type Outcome } from "./outcome";
import { loanPoolCover } from "./risk-pool-views.server";
import { enrolLoanInRiskPool, releaseFromRiskPool } from "./risk-pools.server";

/** How long the authorization given with a request lasts: time to review and decide, with room to spare. */
export const RENEWAL_AUTHORIZATION_DAYS = 60;

type Loan = typeof loans.$inferSelect;
type Renewal = typeof loanRenewals.$inferSelect;

export const renewalPurpose = (loanId: number) => `续贷审查（贷款 #${loanId}）`;

export type RenewalRequest = { amountFen: number; termMonths: number; note: string; consent: boolean };

const renewedByLoanId = (tx: Tx, loanId: number) =>
  tx.select({ id: loans.id }).from(loans).where(eq(loans.renewsLoanId, loanId)).get()?.id ?? null;

const openRequestTaken = fail(409, "该笔贷款已有待银行审批的续贷申请，请等待银行答复或先撤回");

/** The enterprise asks to renew one of its loans; the lending institution's officers are told. */
export function requestRenewal(
  db: AppDatabase,
  user: SessionUser,
  loanId: number,
  input: RenewalRequest,
  now: number,
): Outcome<{ renewalId: number }> {
  const enterpriseId = user.enterpriseId ?? -1;
  try {
    return writeTransaction(db, (tx) => {
      const loan = tx
        .select()
        .from(loans)
        .where(and(eq(loans.id, loanId), eq(loans.enterpriseId, enterpriseId)))
        .get();
      if (!loan) return fail(404, "找不到该笔贷款");
      const today = dateOf(now);
      const refusal = renewalRefusal({ ...loan, renewedByLoanId: renewedByLoanId(tx, loan.id) }, today);
      if (refusal) return fail(409, refusal);
      const open = tx
        .select({ id: loanRenewals.id })
        .from(loanRenewals)
        .where(and(eq(loanRenewals.loanId, loanId), eq(loanRenewals.status, "requested")))
        .get();
      if (open) return openRequestTaken;
      if (input.amountFen < 1 || input.amountFen > loan.amountFen) {
        return fail(400, `续贷金额不能超过原贷款金额 ${formatMoney(loan.amountFen)}`, { field: "amount" });
      }
      if (!Number.isInteger(input.termMonths) || input.termMonths < 1 || input.termMonths > RENEWAL_MAX_TERM_MONTHS) {
        return fail(400, `续贷期限须在 1–${RENEWAL_MAX_TERM_MONTHS} 个月之间`, { field: "termMonths" });
      }
      if (!input.consent) return fail(400, RENEWAL_CONSENT_MESSAGE, { field: "consent" });
      const authorizationId = grantAuthorization(
        tx,
        loan.enterpriseId,
        user.id,
        { institutionId: loan.institutionId, purpose: renewalPurpose(loanId), expiresOn: addDays(today, RENEWAL_AUTHORIZATION_DAYS) },
        now,
      );
      const renewalId = tx
        .insert(loanRenewals)
        .values({
          loanId,
          enterpriseId: loan.enterpriseId,
          institutionId: loan.institutionId,
          amountFen: input.amountFen,
          termMonths: input.termMonths,
          note: input.note,
          authorizationId,
          status: "requested",
          requestedAt: now,
          requestedByUserId: user.id,
        })
        .returning({ id: loanRenewals.id })
        .get().id;
      const maturesOn = maturityDateOf(loan.disbursedOn, loan.termMonths);
      recordNeedEvent(tx, {
        needId: loan.needId,
        loanId,
        type: "renewal_requested",
        actorUserId: user.id,
        at: now,
        detail: { renewalId, loanId, amountFen: input.amountFen, termMonths: input.termMonths, maturesOn },
      });
      const enterprise = tx.select({ name: enterprises.name }).from(enterprises).where(eq(enterprises.id, loan.enterpriseId)).get()!;
      notify(tx, {
        to: { institutionId: loan.institutionId },
        kind: "renewal.requested",
        title: "收到无还本续贷申请",
        body: `${enterprise.name}申请续贷 ${formatMoney(input.amountFen)}，期限 ${input.termMonths} 个月（原贷款 ${formatMoney(loan.amountFen)}，${maturesOn} 到期），请在到期前审批`,
        link: `/bank/loans/${loanId}`,
        at: now,
      });
      return { ok: true as const, renewalId };
    });
  } catch (error) {
    // Two requests at once: the partial unique index lets one through.
    if (sqliteErrorOf(error)?.code === "SQLITE_CONSTRAINT_UNIQUE") return openRequestTaken;
    throw error;
  }
}

/** The authorization given with a request serves its review only: it ends when the request is closed. */
function endRenewalAuthorization(tx: Tx, renewal: Renewal, now: number): void {
  if (renewal.authorizationId === null) return;
  tx.update(authorizations)
    .set({ revokedAt: now })
    .where(and(eq(authorizations.id, renewal.authorizationId), isNull(authorizations.revokedAt)))
    .run();
}

function closeRenewal(tx: Tx, renewal: Renewal, to: RenewalStatus, by: string | null, now: number, extra: Partial<Renewal> = {}) {
  tx.update(loanRenewals)
    .set({ status: to, decidedAt: now, decidedByUserId: by, ...extra })
    .where(eq(loanRenewals.id, renewal.id))
    .run();
  endRenewalAuthorization(tx, renewal, now);
}

/** A request with its loan, when `owner` (the enterprise's or the institution's side) holds. */
function renewalWithLoan(tx: Tx, renewalId: number, owner?: SQL) {
  return tx
    .select({ renewal: loanRenewals, loan: loans })
    .from(loanRenewals)
    .innerJoin(loans, eq(loans.id, loanRenewals.loanId))
    .where(and(eq(loanRenewals.id, renewalId), owner))
    .get();
}

/** The enterprise withdraws its undecided request. */
export function withdrawRenewal(db: AppDatabase, user: SessionUser, renewalId: number, now: number): Outcome {
  return writeTransaction(db, (tx) => {
    const found = renewalWithLoan(tx, renewalId, eq(loanRenewals.enterpriseId, user.enterpriseId ?? -1));
    if (!found) return fail(404, "找不到该续贷申请");
    const move = renewalTransition(found.renewal.status, "withdraw");
    if (!move.ok) return fail(409, move.message);
    closeRenewal(tx, found.renewal, move.to, user.id, now);
    recordNeedEvent(tx, {
      needId: found.loan.needId,
      loanId: found.loan.id,
      type: "renewal_withdrawn",
      actorUserId: user.id,
      at: now,
      detail: { renewalId, loanId: found.loan.id },
    });
    notify(tx, {
      to: { institutionId: found.renewal.institutionId },
      kind: "renewal.withdrawn",
      title: "企业撤回续贷申请",
      body: `企业撤回了贷款 #${found.loan.id}（${formatMoney(found.loan.amountFen)}）的续贷申请`,
      link: `/bank/loans/${found.loan.id}`,
      at: now,
    });
    return { ok: true as const };
  });
}

/** A request to the officer's institution with its loan; another institution's is "not found". */
const ownRenewal = (tx: Tx, officer: SessionUser, renewalId: number) =>
  renewalWithLoan(tx, renewalId, eq(loanRenewals.institutionId, officer.institutionId ?? -1));

export type RenewalApproval = { rateBp: number; channel: DisbursementChannel; disbursedOn: string | null };

/**
 * The officer approves: the renewal loan is disbursed on `disbursedOn` (today unless given) and the
 * old loan settled that same day, so there is no gap.
 */
export function approveRenewal(
  db: AppDatabase,
  officer: SessionUser,
  renewalId: number,
  input: RenewalApproval,
  now: number,
): Outcome<{ loanId: number }> {
  return writeTransaction(db, (tx) => {
    const found = ownRenewal(tx, officer, renewalId);
    if (!found) return fail(404, "找不到该续贷申请");
    const { renewal, loan: old } = found;
    const move = renewalTransition(renewal.status, "approve");
    if (!move.ok) return fail(409, move.message);
    const today = dateOf(now);
    const disbursedOn = input.disbursedOn ?? today;
    const maturesOn = maturityDateOf(old.disbursedOn, old.termMonths);
    if (disbursedOn > today) return fail(400, "放款日期不能晚于今天", { field: "disbursedOn" });
    if (disbursedOn < dateOf(renewal.requestedAt)) {
      return fail(400, `放款日期不能早于续贷申请日期 ${dateOf(renewal.requestedAt)}`, { field: "disbursedOn" });
    }
    if (disbursedOn > maturesOn) return fail(409, `原贷款已于 ${maturesOn} 到期，续贷须在到期日前（含当日）放款`);
    if (old.status !== "normal") return fail(409, `原贷款当前状态为“${LOAN_STATUS_LABELS[old.status]}”，不能办理无还本续贷`);
    // The old loan is settled in the month of the new disbursement, as the bank's own report would say.
    const settleMonth = monthOf(startOfDate(disbursedOn));
    const later = tx
      .select({ month: loanStatusReports.month })
      .from(loanStatusReports)
      .where(and(eq(loanStatusReports.loanId, old.id), sql`${loanStatusReports.month} > ${settleMonth}`))
      .get();
    if (later) return fail(400, `原贷款已报送 ${later.month} 的状态，续贷放款日期不能早于该月`, { field: "disbursedOn" });
    const settleRefused = loanStatusRefusal(old, settleMonth, "settled", now);
    if (settleRefused) return settleRefused;
    const product =
      old.productId === null
        ? undefined
        : tx
            .select({ rateMinBp: products.rateMinBp, rateMaxBp: products.rateMaxBp })
            .from(products)
            .where(eq(products.id, old.productId))
            .get();
    if (product && (input.rateBp < product.rateMinBp || input.rateBp > product.rateMaxBp)) {
      return fail(400, `年利率须在产品利率 ${formatRateBp(product.rateMinBp)}–${formatRateBp(product.rateMaxBp)} 内`, { field: "rate" });
    }
    // A renewal pays out new money on the need: the same interception as a disbursement, on the original claim.
    const claimId = tx
      .select({ id: claims.id })
      .from(claims)
      .where(and(eq(claims.needId, old.needId), eq(claims.institutionId, old.institutionId)))
      .get()?.id;
    const decision = {
      institutionId: old.institutionId,
      needId: old.needId,
      enterpriseId: old.enterpriseId,
      claimId: claimId ?? null,
      action: "disburse" as const,
      userId: officer.id,
    };
    const gate = interceptionGate(db, tx, decision, now);
    if (!gate.ok) return gate;
    if (claimId !== undefined) gate.passed(claimId);

    const disbursedAt = startOfDate(disbursedOn);
    const loanId = tx
      .insert(loans)
      .values({
        claimId: null,
        renewsLoanId: old.id,
        needId: old.needId,
        enterpriseId: old.enterpriseId,
        institutionId: old.institutionId,
        productId: old.productId,
        amountFen: renewal.amountFen,
        rateBp: input.rateBp,
        termMonths: renewal.termMonths,
        guaranteeMode: old.guaranteeMode,
        disbursedOn,
        disbursedAt,
        recordedAt: now,
        status: "normal",
        channel: input.channel,
      })
      .returning({ id: loans.id })
      .get().id;
    const detail = {
      renewalId,
      loanId: old.id,
      newLoanId: loanId,
      amountFen: renewal.amountFen,
      rateBp: input.rateBp,
      termMonths: renewal.termMonths,
      disbursedOn,
      channel: input.channel,
    };
    recordNeedEvent(tx, {
      needId: old.needId,
      loanId,
      type: "renewal_approved",
      actorUserId: officer.id,
      actorInstitutionId: old.institutionId,
      at: now,
      detail,
    });
    // Released as renewed on the day itself, before the settled report (whose own release is then a no-op).
    releaseFromRiskPool(tx, old.id, "renewed", disbursedAt);
    writeLoanStatus(tx, old, settleMonth, "settled", officer, now);
    enrolLoanInRiskPool(tx, loanId);
    closeRenewal(tx, renewal, move.to, officer.id, now, { newLoanId: loanId });
    const newMaturity = maturityDateOf(disbursedOn, renewal.termMonths);
    notify(tx, {
      to: { enterpriseId: old.enterpriseId },
      kind: "renewal.approved",
      title: "续贷已办理",
      body: `${institutionName(tx, old.institutionId)}同意续贷：新贷款 ${formatMoney(renewal.amountFen)}，年利率 ${formatRateBp(input.rateBp)}，期限 ${renewal.termMonths} 个月，${disbursedOn} 放款至${DISBURSEMENT_CHANNEL_LABELS[input.channel]}，${newMaturity} 到期；原贷款同日结清`,
      link: `/sme/loans/${loanId}`,
      at: now,
    });
    return { ok: true as const, loanId };
  });
}

/** The officer declines, with a reason the enterprise reads. */
export function declineRenewal(db: AppDatabase, officer: SessionUser, renewalId: number, reason: string, now: number): Outcome {
  return writeTransaction(db, (tx) => {
    const found = ownRenewal(tx, officer, renewalId);
    if (!found) return fail(404, "找不到该续贷申请");
    const move = renewalTransition(found.renewal.status, "decline");
    if (!move.ok) return fail(409, move.message);
    const why = reason.trim();
    if (why.length < 4) return fail(400, "请写明不同意续贷的原因（至少4个字）", { field: "reason" });
    closeRenewal(tx, found.renewal, move.to, officer.id, now, { declineReason: why });
    recordNeedEvent(tx, {
      needId: found.loan.needId,
      loanId: found.loan.id,
      type: "renewal_declined",
      actorUserId: officer.id,
      actorInstitutionId: found.loan.institutionId,
      at: now,
      detail: { renewalId, loanId: found.loan.id, reason: why },
    });
    notify(tx, {
      to: { enterpriseId: found.loan.enterpriseId },
      kind: "renewal.declined",
      title: "续贷申请未获同意",
      body: `${institutionName(tx, found.loan.institutionId)}未同意贷款 #${found.loan.id} 的续贷申请：${why}。请按期还款或与银行联系。`,
      link: `/sme/loans/${found.loan.id}`,
      at: now,
    });
    return { ok: true as const };
  });
}

/** Requests still undecided whose loan matured before today lapse; the enterprise is told. Run by the sweep. */
export function lapseRenewals(db: AppDatabase, now: number): number {
  const today = dateOf(now);
  const due = db.$client
    .prepare(
      `SELECT r.id, ${MATURES_ON_SQL} AS maturesOn FROM loan_renewals r JOIN loans l ON l.id = r.loan_id
       WHERE r.status = 'requested' AND ${MATURES_ON_SQL} < ? ORDER BY r.id`,
    )
    .all(today) as { id: number; maturesOn: string }[];
  if (due.length === 0) return 0;
  return writeTransaction(db, (tx) => {
    let lapsed = 0;
    for (const { id, maturesOn } of due) {
      const found = renewalWithLoan(tx, id)!;
      const move = renewalTransition(found.renewal.status, "lapse");
      // Decided by a request that came in since the query above.
      if (!move.ok) continue;
      closeRenewal(tx, found.renewal, move.to, null, now);
      recordNeedEvent(tx, {
        needId: found.loan.needId,
        loanId: found.loan.id,
        type: "renewal_lapsed",
        actorUserId: null,
        at: now,
        detail: { renewalId: id, loanId: found.loan.id, maturesOn },
      });
      const body = `贷款 #${found.loan.id}（${formatMoney(found.loan.amountFen)}）已于 ${maturesOn} 到期，续贷申请未获审批，已失效。`;
      notify(tx, {
        to: { enterpriseId: found.loan.enterpriseId },
        kind: "renewal.lapsed",
        title: "续贷申请已失效",
        body: `${body}请尽快与银行联系还款事宜。`,
        link: `/sme/loans/${found.loan.id}`,
        at: now,
      });
      notify(tx, {
        to: { institutionId: found.loan.institutionId },
        kind: "renewal.lapsed",
        title: "续贷申请到期未审批",
        body,
        link: `/bank/loans/${found.loan.id}`,
        at: now,
      });
      lapsed += 1;
    }
    return lapsed;
  });
}

// ---- the loan pages ----------------------------------------------------------------------------

export type ChainLink = Pick<Loan, "id" | "amountFen" | "rateBp" | "termMonths" | "disbursedOn" | "status" | "channel"> & {
  maturesOn: string;
};

/** The renewal chain a loan belongs to: the original loan, its renewal, the renewal's renewal …, oldest first. */
export function renewalChain(db: Tx, loanId: number): ChainLink[] {
  const columns = {
    id: loans.id,
    renewsLoanId: loans.renewsLoanId,
    amountFen: loans.amountFen,
    rateBp: loans.rateBp,
    termMonths: loans.termMonths,
    disbursedOn: loans.disbursedOn,
    status: loans.status,
    channel: loans.channel,
  };
  let root = db.select(columns).from(loans).where(eq(loans.id, loanId)).get();
  if (!root) return [];
  while (root.renewsLoanId !== null) root = db.select(columns).from(loans).where(eq(loans.id, root.renewsLoanId)).get()!;
  const chain = [root];
  for (let next = db.select(columns).from(loans).where(eq(loans.renewsLoanId, root.id)).get(); next;) {
    chain.push(next);
    next = db.select(columns).from(loans).where(eq(loans.renewsLoanId, next.id)).get();
  }
  return chain.map(({ renewsLoanId: _, ...link }) => ({ ...link, maturesOn: maturityDateOf(link.disbursedOn, link.termMonths) }));
}

/** Everything a loan page shows, for the loan's enterprise or its institution (another's is undefined: "not found"). */
function loanView(db: AppDatabase, owner: SQL, loanId: number, now: number) {
  const found = db
    .select({
      loan: loans,
      institutionName: institutions.name,
      enterpriseName: enterprises.name,
      product: { name: products.name, rateMinBp: products.rateMinBp, rateMaxBp: products.rateMaxBp },
    })
    .from(loans)
    .innerJoin(institutions, eq(institutions.id, loans.institutionId))
    .innerJoin(enterprises, eq(enterprises.id, loans.enterpriseId))
    .leftJoin(products, eq(products.id, loans.productId))
    .where(and(eq(loans.id, loanId), owner))
    .get();
  if (!found) return undefined;
  const { loan } = found;
  const today = dateOf(now);
  const requests = db.select().from(loanRenewals).where(eq(loanRenewals.loanId, loanId)).orderBy(desc(loanRenewals.requestedAt)).all();
  const openRequest = requests.find((r) => r.status === "requested") ?? null;
  return {
    loan: { ...loan, ...maturityOf(loan, today) },
    institutionName: found.institutionName,
    enterpriseName: found.enterpriseName,
    product: found.product,
    chain: renewalChain(db, loanId),
    cover: loanPoolCover(db, loanId),
    requests,
    openRequest,
    /** Why no renewal may be requested now (null: it may); an open request is said apart. */
    renewalRefusal: openRequest ? null : renewalRefusal({ ...loan, renewedByLoanId: renewedByLoanId(db, loanId) }, today),
    reports: db.select().from(loanStatusReports).where(eq(loanStatusReports.loanId, loanId)).orderBy(desc(loanStatusReports.month)).all(),
  };
}

export function enterpriseLoanView(db: AppDatabase, enterpriseId: number, loanId: number, now: number) {
  return loanView(db, eq(loans.enterpriseId, enterpriseId), loanId, now);
}

export function institutionLoanView(db: AppDatabase, institutionId: number, loanId: number, now: number) {
  return loanView(db, eq(loans.institutionId, institutionId), loanId, now);
}

/** The institution's renewal requests: open ones first (soonest maturity first), then the latest decided. */
export function institutionRenewals(db: AppDatabase, institutionId: number, now: number, limit = 200) {
  const today = dateOf(now);
  return db
    .select({
      renewal: loanRenewals,
      enterpriseName: enterprises.name,
      loan: {
        id: loans.id,
        amountFen: loans.amountFen,
        disbursedOn: loans.disbursedOn,
        termMonths: loans.termMonths,
        status: loans.status,
      },
    })
    .from(loanRenewals)
    .innerJoin(loans, eq(loans.id, loanRenewals.loanId))
    .innerJoin(enterprises, eq(enterprises.id, loanRenewals.enterpriseId))
    .where(eq(loanRenewals.institutionId, institutionId))
    .orderBy(
      sql`${loanRenewals.status} <> 'requested'`,
      sql`CASE WHEN ${loanRenewals.status} = 'requested' THEN ${sql.raw(maturesOnSql('"loans"."disbursed_on"', '"loans"."term_months"'))} END`,
      desc(loanRenewals.requestedAt),
      asc(loanRenewals.id),
    )
    .limit(limit)
    .all()
    .map((row) => {
      const { maturesOn, daysLeft } = maturityOf(row.loan, today);
      return { ...row, maturesOn, daysLeft };
    });
}
