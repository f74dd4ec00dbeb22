/**
 * The demo city's 无还本续贷, written through the services at the times they happened: a few renewals
 * approved in past months (the renewal loan linked, the old loan settled that day), open requests on
 * loans maturing within 30 days, one declined and one withdrawn; and a loan of the demo enterprise at
 * 苏州银行 maturing within the window and not yet asked about, for a visitor to renew.
 */
import { currentCommitment } from "~/domain/commitments";
import { and, eq, isNull, sql } from "drizzle-orm";
import { maturityDateOf } from "~/domain/maturity";
import { renewalRefusal, RENEWAL_WINDOW_DAYS } from "~/domain/renewals";
import type { Rng } from "~/lib/random";
import { addDays, addMonths, dateOf, DAY_MS, monthOf, monthsBetween, startOfDate } from "~/lib/time";
import { claimNeed, disburseClaim, grantClaim } from "~/services/claims.server";
import { knockOutsAt } from "~/services/scoring.server";
import { postNeed } from "~/services/needs.server";
import { approveRenewal, declineRenewal, requestRenewal, withdrawRenewal } from "~/services/renewals.server";
import { claims, enterprises, loans, loanStatusReports, products, users } from "~db/schema";
import { enterpriseSession, must, SEED_REFUSAL, userSession } from "./acting";
import type { SeedContext, SeedStep } from "./context";

const DEMO_ENTERPRISE = "9132050852601815XM";
const HOUR = 3600_000;

/** Renewal requests and their outcomes. */
const NOTES = [
  "订单稳定，回款正常，申请续贷用于流动资金周转",
  "新签年度供货合同，资金需求持续",
  "经营情况良好，按期付息，希望续贷避免过桥资金",
  "",
];
const DECLINE_REASONS = [
  "近三个月用电量与纳税额明显下降，经营情况需进一步核实，请按期归还本金",
  "企业在他行新增逾期记录，暂不符合续贷条件",
];

/** Runs `work` in a savepoint; a refusal it throws rolls back its writes and the loan is skipped. */
function attempt(ctx: SeedContext, work: () => void): boolean {
  try {
    ctx.db.transaction(work);
    return true;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(SEED_REFUSAL)) return false;
    throw error;
  }
}

/** Monthly "normal" reports of a loan from its second month to last month, as banks file them. */
function reportNormalMonths(ctx: SeedContext, loanId: number, disbursedAt: number, officerId: string) {
  const lastMonth = addMonths(monthOf(ctx.now), -1);
  const first = addMonths(monthOf(disbursedAt), 1);
  for (const month of first <= lastMonth ? monthsBetween(first, lastMonth) : []) {
    ctx.db
      .insert(loanStatusReports)
      .values({ loanId, month, status: "normal", reportedAt: startOfDate(`${addMonths(month, 1)}-03`), reportedByUserId: officerId })
      .run();
  }
}

/** The demo enterprise's 12-month loan at 苏州银行, maturing in 20 days: posted, claimed, granted, disbursed a year ago. */
function demoLoan(ctx: SeedContext): string {
  const demo = ctx.db.select().from(enterprises).where(eq(enterprises.uscc, DEMO_ENTERPRISE)).get();
  const officerRow = ctx.db.select().from(users).where(eq(users.username, "szbank_officer")).get();
  if (!demo || !officerRow) return "跳过演示企业的到期贷款（演示账号不存在）";
  const sme = enterpriseSession(ctx, demo.id);
  const officer = userSession(ctx, officerRow.id);
  const product = ctx.db
    .select()
    .from(products)
    .where(and(eq(products.institutionId, officerRow.institutionId!), eq(products.listed, true)))
    .orderBy(products.id)
    .get()!;
  const termMonths = Math.min(Math.max(12, product.termMinMonths), product.termMaxMonths);
  const amountFen = Math.min(Math.max(200 * 1_000_000, product.amountMinFen), product.amountMaxFen);
  const guaranteeMode = product.guaranteeModes.includes("credit") ? "credit" : product.guaranteeModes[0]!;
  const disbursedOn = maturityDateOf(addDays(dateOf(ctx.now), 20), -termMonths);
  const day = startOfDate(disbursedOn);
  const { needId } = must(
    postNeed(
      ctx.db,
      sme,
      {
        amountFen,
        termMonths,
        purpose: "流动资金周转：支付原材料采购款",
        guaranteeMode,
        rateCeilingBp: null,
        expiresOn: addDays(disbursedOn, 20),
        targetProductId: null,
        commitmentVersion: currentCommitment("need").version,
      },
      day - 12 * DAY_MS + 10 * HOUR,
    ),
    "演示企业发布需求",
  );
  const { claimId } = must(claimNeed(ctx.db, officer, needId, day - 11 * DAY_MS + 10 * HOUR), "苏州银行受理演示企业需求");
  must(
    grantClaim(
      ctx.db,
      officer,
      claimId,
      { productId: product.id, amount: amountFen, rate: Math.min(product.rateMinBp + 30, product.rateMaxBp), termMonths, guaranteeMode },
      day - 8 * DAY_MS + 10 * HOUR,
    ),
    "苏州银行授信",
  );
  const { loanId } = must(
    disburseClaim(ctx.db, officer, claimId, { amount: amountFen, disbursedOn, channel: "bank_account" }, day + 15 * HOUR),
    "苏州银行放款",
  );
  reportNormalMonths(ctx, loanId, day, officer.id);
  return `演示企业在苏州银行的贷款 #${loanId} 于 ${maturityDateOf(disbursedOn, termMonths)} 到期，可申请续贷`;
}

type Candidate = typeof loans.$inferSelect & { officerUserId: string; maturesOn: string };

/** Claims' loans (not the demo enterprise's) with their claim's officer and maturity date. */
function claimLoans(ctx: SeedContext): Candidate[] {
  return ctx.db
    .select({ loan: loans, officerUserId: claims.officerUserId })
    .from(loans)
    .innerJoin(claims, eq(claims.id, loans.claimId))
    .innerJoin(enterprises, eq(enterprises.id, loans.enterpriseId))
    .where(and(isNull(loans.renewsLoanId), sql`${enterprises.uscc} <> ${DEMO_ENTERPRISE}`))
    .orderBy(loans.id)
    .all()
    .map(({ loan, officerUserId }) => ({ ...loan, officerUserId, maturesOn: maturityDateOf(loan.disbursedOn, loan.termMonths) }));
}

/**
 * Loans that matured in the last five months and were reported settled that month, renewed instead: the
 * settled report is taken back and the services replay the request and the approval before maturity.
 */
function pastRenewals(ctx: SeedContext, rng: Rng, wanted: number): number {
  const today = dateOf(ctx.now);
  const candidates = rng.shuffle(
    claimLoans(ctx).filter((l) => {
      if (l.status !== "settled" || l.maturesOn < addDays(today, -150) || l.maturesOn > addDays(today, -20)) return false;
      const settled = ctx.db
        .select({ month: loanStatusReports.month })
        .from(loanStatusReports)
        .where(and(eq(loanStatusReports.loanId, l.id), eq(loanStatusReports.status, "settled")))
        .get();
      return settled?.month === monthOf(startOfDate(l.maturesOn));
    }),
  );
  let done = 0;
  for (const loan of candidates) {
    if (done >= wanted) break;
    const requestedAt = startOfDate(addDays(loan.maturesOn, -rng.int(6, RENEWAL_WINDOW_DAYS - 2))) + rng.int(9, 16) * HOUR;
    const approvedAt = Math.min(requestedAt + rng.int(1, 4) * DAY_MS, startOfDate(loan.maturesOn) + 11 * HOUR);
    // A firm knocked out by then would be intercepted (and counted so): such loans just matured.
    if (knockOutsAt(ctx.db, loan.enterpriseId, approvedAt).length > 0) continue;
    const renewed = attempt(ctx, () => {
      ctx.db
        .delete(loanStatusReports)
        .where(and(eq(loanStatusReports.loanId, loan.id), sql`${loanStatusReports.month} >= ${monthOf(startOfDate(loan.maturesOn))}`))
        .run();
      ctx.db.update(loans).set({ status: "normal" }).where(eq(loans.id, loan.id)).run();
      const product = loan.productId === null ? undefined : ctx.db.select().from(products).where(eq(products.id, loan.productId)).get();
      const rateBp = product ? Math.min(Math.max(loan.rateBp - 10, product.rateMinBp), product.rateMaxBp) : loan.rateBp;
      const { renewalId } = must(
        requestRenewal(
          ctx.db,
          enterpriseSession(ctx, loan.enterpriseId),
          loan.id,
          { amountFen: loan.amountFen, termMonths: 12, note: rng.pick(NOTES), consent: true },
          requestedAt,
        ),
        "续贷申请",
      );
      const { loanId } = must(
        approveRenewal(
          ctx.db,
          userSession(ctx, loan.officerUserId),
          renewalId,
          { rateBp, channel: rng.chance(0.2) ? "ecny" : "bank_account", disbursedOn: null },
          approvedAt,
        ),
        "续贷审批",
      );
      reportNormalMonths(ctx, loanId, startOfDate(dateOf(approvedAt)), loan.officerUserId);
    });
    if (renewed) done += 1;
  }
  return done;
}

/** Requests on loans maturing within the window as of today: most still open, one declined, one withdrawn. */
function recentRequests(ctx: SeedContext, rng: Rng, wanted: number) {
  const today = dateOf(ctx.now);
  const due = rng.shuffle(
    // Maturing in 4–28 days: the request went in over the last few days, inside the window.
    claimLoans(ctx).filter(
      (l) => l.status === "normal" && l.maturesOn > addDays(today, 3) && l.maturesOn <= addDays(today, RENEWAL_WINDOW_DAYS - 2),
    ),
  );
  const outcomes = { open: 0, declined: 0, withdrawn: 0 };
  for (const loan of due) {
    const fate = outcomes.declined === 0 ? "declined" : outcomes.withdrawn === 0 ? "withdrawn" : outcomes.open < wanted ? "open" : null;
    if (fate === null) break;
    const windowOpens = startOfDate(addDays(loan.maturesOn, -RENEWAL_WINDOW_DAYS));
    const requestedAt = Math.max(windowOpens, ctx.now - rng.int(3, 6) * DAY_MS) + rng.int(9, 16) * HOUR;
    if (renewalRefusal({ ...loan, renewedByLoanId: null }, dateOf(requestedAt)) !== null) continue;
    const sme = enterpriseSession(ctx, loan.enterpriseId);
    const done = attempt(ctx, () => {
      const { renewalId } = must(
        requestRenewal(
          ctx.db,
          sme,
          loan.id,
          { amountFen: loan.amountFen, termMonths: rng.pick([6, 12, 12]), note: rng.pick(NOTES), consent: true },
          requestedAt,
        ),
        "续贷申请",
      );
      const later = Math.min(requestedAt + rng.int(1, 2) * DAY_MS, ctx.now - HOUR);
      if (fate === "declined") {
        must(declineRenewal(ctx.db, userSession(ctx, loan.officerUserId), renewalId, rng.pick(DECLINE_REASONS), later), "不同意续贷");
      } else if (fate === "withdrawn") {
        must(withdrawRenewal(ctx.db, sme, renewalId, later), "撤回续贷申请");
      }
    });
    if (done) outcomes[fate] += 1;
  }
  return outcomes;
}

export const renewalsStep: SeedStep = {
  label: "无还本续贷",
  run(ctx, report) {
    const rng = ctx.rng.fork("renewals");
    const few = Math.max(3, Math.min(10, Math.round(ctx.options.enterprises / 250)));
    const approved = pastRenewals(ctx, rng, few);
    const recent = recentRequests(ctx, rng, few);
    report(`${approved} 笔已续贷，${recent.open} 笔待审批，${recent.declined} 笔未获同意，${recent.withdrawn} 笔已撤回；${demoLoan(ctx)}`);
  },
};
