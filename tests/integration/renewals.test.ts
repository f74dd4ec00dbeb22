/**
 * 无还本续贷 through the services against a migrated database, and the e-CNY channel of a
 * disbursement. The cast (dates Asia/Shanghai; every loan 12 months, on 甲's product P1, rates 3–8 %):
 *   E1  甲 (B1) loan L1 100 万 2026-01-10 → matures 2027-01-10 (renewal window opens 2026-12-11);
 *       甲 loan L5 30 万 2025-12-25 → matures 2026-12-25 (its request lapses).
 *   E2  乙 (B2) loan L2 60 万 2026-01-15 → matures 2027-01-15 (its request is declined).
 *   E3  甲 loan L3 40 万 2026-01-12 → 2027-01-12; listed as seriously dishonest on 2026-12-01.
 *   E4  a claim of 甲 granted, disbursed into its e-CNY wallet in December.
 * A city pool covers P1; L1 is enrolled in it.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { renewalRefusal } from "~/domain/renewals";
import { addDays, startOfDate } from "~/lib/time";
import { disburseClaim } from "~/services/claims.server";
import { runMaintenance } from "~/services/maintenance.server";
import { remindMaturities } from "~/services/maturities.server";
import { enrolLoanInRiskPool } from "~/services/risk-pools.server";
import { needTimeline } from "~/services/need-events.server";
import {
  approveRenewal,
  declineRenewal,
  enterpriseLoanView,
  institutionLoanView,
  institutionRenewals,
  renewalChain,
  requestRenewal,
  withdrawRenewal,
} from "~/services/renewals.server";
import { computeReport } from "~/services/statistics.server";
import {
  authorizations,
  claims,
  interceptions,
  loanRenewals,
  loans,
  loanStatusReports,
  notifications,
  products,
  riskPoolEnrolments,
  riskPoolLedger,
  riskPoolProducts,
  riskPools,
} from "~db/schema";
import { enterpriseUser, ingest, sessionOf } from "../support/credit";
import { createTestDatabase } from "../support/db";
import { at, createFacts, wan } from "../support/facts";

const { db } = createTestDatabase();
const f = createFacts(db);

const E1 = f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2025-11-01 09:00" });
const E2 = f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2025-11-01 09:00" });
const E3 = f.enterprise({ district: "320583", industry: "F", size: "micro", registered: "2025-11-01 09:00" });
const E4 = f.enterprise({ district: "320583", industry: "F", size: "micro", registered: "2025-11-01 09:00" });
const B1 = f.institution({ name: "甲银行", joined: "2025-10-01 09:00" });
const B2 = f.institution({ name: "乙银行", joined: "2025-10-01 09:00" });
const P1 = f.product(B1, [{ listed: "2025-10-02 09:00" }]);
const P2 = f.product(B2, [{ listed: "2025-10-02 09:00" }]);

function loanFor(enterpriseId: number, institutionId: number, productId: number, amountWan: number, disbursedOn: string) {
  const posted = `${addDays(disbursedOn, -20)} 09:00`;
  const need = f.need(enterpriseId, amountWan, posted);
  const claim = f.claim(need, institutionId, `${addDays(disbursedOn, -19)} 09:00`, {
    granted: `${addDays(disbursedOn, -10)} 09:00`,
    amountWan,
  });
  const loanId = f.loan(claim, { disbursedOn, amountWan, rateBp: 450, mode: "credit" });
  db.update(loans).set({ productId }).where(eq(loans.id, loanId)).run();
  return { needId: need, claimId: claim, loanId };
}

const L1 = loanFor(E1, B1, P1, 100, "2026-01-10");
const L5 = loanFor(E1, B1, P1, 30, "2025-12-25");
const L2 = loanFor(E2, B2, P2, 60, "2026-01-15");
const L3 = loanFor(E3, B1, P1, 40, "2026-01-12");

const sme1 = enterpriseUser(db, E1);
const sme2 = enterpriseUser(db, E2);
const sme3 = enterpriseUser(db, E3);
const officer1 = sessionOf(db, `officer-${B1}`);
const officer2 = sessionOf(db, `officer-${B2}`);

const ask = { amountFen: wan(80), termMonths: 1, note: "订单稳定，周转需要", consent: true };
const loanRow = (id: number) => db.select().from(loans).where(eq(loans.id, id)).get()!;
const renewalRow = (id: number) => db.select().from(loanRenewals).where(eq(loanRenewals.id, id)).get()!;
const noticesOf = (kind: string) => db.select().from(notifications).where(eq(notifications.kind, kind)).all();

let renewalId: number;
let newLoanId: number;

let poolId: number;

beforeAll(() => {
  db.update(products).set({ rateMinBp: 300, rateMaxBp: 800 }).where(eq(products.id, P1)).run();
  // A city pool covering P1, with L1 enrolled at its disbursement.
  poolId = db
    .insert(riskPools)
    .values({
      name: "市级信易贷风险补偿资金池",
      capitalFen: wan(1000),
      lossShareBp: 5000,
      capPerLoanFen: wan(100),
      capPerYearFen: wan(500),
      leverageLimit: 10,
      createdAt: at("2025-10-01 09:00"),
    })
    .returning()
    .get().id;
  db.insert(riskPoolLedger)
    .values({ poolId, kind: "capital", amountFen: wan(1000), at: at("2025-10-01 09:00") })
    .run();
  db.insert(riskPoolProducts)
    .values({ poolId, productId: P1, institutionId: B1, status: "approved", requestedAt: at("2025-10-02 09:00") })
    .run();
  expect(enrolLoanInRiskPool(db, L1.loanId)).toBe(poolId);
});

describe("maturity reminders", () => {
  it("link to the loan's page", () => {
    expect(remindMaturities(db, at("2026-12-11 09:00"))).toBe(2); // L1 and L5
    expect(noticesOf("loan.maturity_soon").map((n) => n.link)).toEqual([
      `/sme/loans/${L1.loanId}`,
      `/bank/loans/${L1.loanId}`,
      `/sme/loans/${L5.loanId}`,
      `/bank/loans/${L5.loanId}`,
    ]);
  });
});

describe("asking for a renewal", () => {
  it("refuses another enterprise's loan as not found", () => {
    expect(requestRenewal(db, sme2, L1.loanId, ask, at("2026-12-20 09:00"))).toMatchObject({ ok: false, status: 404 });
  });

  it("opens 30 days before maturity, and says from when", () => {
    expect(requestRenewal(db, sme1, L1.loanId, ask, at("2026-12-10 09:00"))).toEqual({
      ok: false,
      status: 409,
      message: "到期前 30 天内可申请续贷（该笔贷款 2027-01-10 到期，可于 2026-12-11 起申请）",
    });
  });

  it("refuses an amount above the loan, a term out of range and a missing authorization at their fields", () => {
    const now = at("2026-12-20 09:00");
    expect(requestRenewal(db, sme1, L1.loanId, { ...ask, amountFen: wan(100) + 1 }, now)).toMatchObject({
      status: 400,
      field: "amount",
      message: "续贷金额不能超过原贷款金额 100.00 万元",
    });
    expect(requestRenewal(db, sme1, L1.loanId, { ...ask, termMonths: 61 }, now)).toMatchObject({ status: 400, field: "termMonths" });
    expect(requestRenewal(db, sme1, L1.loanId, { ...ask, consent: false }, now)).toMatchObject({ status: 400, field: "consent" });
    expect(db.select().from(loanRenewals).all()).toEqual([]);
  });

  it("records the request under a fresh authorization for the lender alone, and tells its officers", () => {
    const now = at("2026-12-20 09:00");
    const asked = requestRenewal(db, sme1, L1.loanId, ask, now);
    expect(asked.ok).toBe(true);
    renewalId = (asked as { renewalId: number }).renewalId;
    const renewal = renewalRow(renewalId);
    expect(renewal).toMatchObject({ loanId: L1.loanId, enterpriseId: E1, institutionId: B1, amountFen: wan(80), status: "requested" });
    const authorization = db.select().from(authorizations).where(eq(authorizations.id, renewal.authorizationId!)).get()!;
    expect(authorization).toMatchObject({
      enterpriseId: E1,
      institutionId: B1,
      purpose: `续贷审查（贷款 #${L1.loanId}）`,
      needId: null,
      revokedAt: null,
      expiresAt: startOfDate("2027-02-18") + 86_400_000,
    });
    expect(noticesOf("renewal.requested")).toMatchObject([{ institutionId: B1, link: `/bank/loans/${L1.loanId}` }]);
    expect(needTimeline(db, L1.needId).at(-1)!.text).toBe(
      `申请无还本续贷 80.00 万元，期限 1 个月（原贷款 #${L1.loanId}，2027-01-10 到期）`,
    );
  });

  it("takes one open request per loan", () => {
    expect(requestRenewal(db, sme1, L1.loanId, ask, at("2026-12-20 10:00"))).toMatchObject({ ok: false, status: 409 });
  });

  it("lets the enterprise withdraw it (ending its authorization) and ask again", () => {
    expect(withdrawRenewal(db, sme2, renewalId, at("2026-12-20 11:00"))).toMatchObject({ status: 404 });
    expect(withdrawRenewal(db, sme1, renewalId, at("2026-12-20 11:00"))).toEqual({ ok: true });
    expect(withdrawRenewal(db, sme1, renewalId, at("2026-12-20 11:05"))).toMatchObject({ status: 409 });
    const withdrawn = renewalRow(renewalId);
    expect(withdrawn.status).toBe("withdrawn");
    expect(db.select().from(authorizations).where(eq(authorizations.id, withdrawn.authorizationId!)).get()!.revokedAt).toBe(
      at("2026-12-20 11:00"),
    );
    const again = requestRenewal(db, sme1, L1.loanId, ask, at("2026-12-21 09:00"));
    expect(again.ok).toBe(true);
    renewalId = (again as { renewalId: number }).renewalId;
  });

  it("the bank's list shows open requests first with the maturity date", () => {
    expect(requestRenewal(db, sme1, L5.loanId, { ...ask, amountFen: wan(30) }, at("2026-12-20 09:00")).ok).toBe(true);
    const rows = institutionRenewals(db, B1, at("2026-12-21 12:00"));
    expect(rows.map((r) => [r.loan.id, r.renewal.status, r.maturesOn])).toEqual([
      [L5.loanId, "requested", "2026-12-25"],
      [L1.loanId, "requested", "2027-01-10"],
      [L1.loanId, "withdrawn", "2027-01-10"],
    ]);
    expect(institutionRenewals(db, B2, at("2026-12-21 12:00"))).toEqual([]);
  });
});

describe("the bank approves", () => {
  const approval = { rateBp: 420, channel: "ecny" as const, disbursedOn: null };

  it("refuses another bank's officer as not found, and bad dates and rates at their fields", () => {
    const now = at("2026-12-22 10:00");
    expect(approveRenewal(db, officer2, renewalId, approval, now)).toMatchObject({ status: 404 });
    expect(declineRenewal(db, officer2, renewalId, "经营状况不佳", now)).toMatchObject({ status: 404 });
    expect(approveRenewal(db, officer1, renewalId, { ...approval, disbursedOn: "2026-12-20" }, now)).toMatchObject({
      status: 400,
      field: "disbursedOn",
      message: "放款日期不能早于续贷申请日期 2026-12-21",
    });
    expect(approveRenewal(db, officer1, renewalId, { ...approval, disbursedOn: "2026-12-23" }, now)).toMatchObject({
      field: "disbursedOn",
    });
    expect(approveRenewal(db, officer1, renewalId, { ...approval, rateBp: 900 }, now)).toMatchObject({
      status: 400,
      field: "rate",
      message: "年利率须在产品利率 3.00%–8.00% 内",
    });
    expect(declineRenewal(db, officer1, renewalId, "  ", now)).toMatchObject({ status: 400, field: "reason" });
    expect(renewalRow(renewalId).status).toBe("requested");
  });

  it("writes the renewal loan on the same need and settles the old one the same day; no new 首贷户", () => {
    const before = computeReport(db, "2026-12", at("2026-12-22 10:00")).total.month;
    const approved = approveRenewal(db, officer1, renewalId, approval, at("2026-12-22 10:00"));
    expect(approved.ok).toBe(true);
    newLoanId = (approved as { loanId: number }).loanId;
    const old = loanRow(L1.loanId);
    expect(loanRow(newLoanId)).toMatchObject({
      claimId: null,
      renewsLoanId: L1.loanId,
      needId: L1.needId,
      enterpriseId: E1,
      institutionId: B1,
      productId: P1,
      guaranteeMode: old.guaranteeMode,
      amountFen: wan(80),
      rateBp: 420,
      termMonths: 1,
      disbursedOn: "2026-12-22",
      disbursedAt: startOfDate("2026-12-22"),
      recordedAt: at("2026-12-22 10:00"),
      status: "normal",
      channel: "ecny",
    });
    expect(old.status).toBe("settled");
    expect(
      db
        .select({ month: loanStatusReports.month, status: loanStatusReports.status, by: loanStatusReports.reportedByUserId })
        .from(loanStatusReports)
        .where(eq(loanStatusReports.loanId, L1.loanId))
        .all(),
    ).toEqual([{ month: "2026-12", status: "settled", by: officer1.id }]);
    expect(renewalRow(renewalId)).toMatchObject({ status: "approved", newLoanId, decidedByUserId: officer1.id });

    const after = computeReport(db, "2026-12", at("2026-12-22 10:00")).total.month;
    expect(after.firstLoans).toBe(before.firstLoans);
    expect(after.loansCount - before.loansCount).toBe(1n);
    expect(after.renewalsCount - before.renewalsCount).toBe(1n);
    expect(after.renewalsAmount - before.renewalsAmount).toBe(BigInt(wan(80)));
    expect(after.ecnyLoansCount - before.ecnyLoansCount).toBe(1n);
    expect(after.ecnyLoansAmount - before.ecnyLoansAmount).toBe(BigInt(wan(80)));

    expect(noticesOf("renewal.approved")).toMatchObject([{ enterpriseId: E1, link: `/sme/loans/${newLoanId}` }]);
  });

  it("moves the pool cover to the renewal loan: the old one released as renewed that day", () => {
    const enrolments = db.select().from(riskPoolEnrolments).orderBy(riskPoolEnrolments.id).all();
    expect(enrolments).toMatchObject([
      { poolId, loanId: L1.loanId, releasedAt: startOfDate("2026-12-22"), releaseReason: "renewed" },
      { poolId, loanId: newLoanId, amountFen: wan(80), enrolledAt: startOfDate("2026-12-22"), releasedAt: null },
    ]);
    expect(enterpriseLoanView(db, E1, newLoanId, at("2026-12-22 12:00"))!.cover).toMatchObject({
      poolName: "市级信易贷风险补偿资金池",
      releasedAt: null,
    });
  });

  it("refuses impossible moves with 409", () => {
    const now = at("2026-12-22 11:00");
    expect(approveRenewal(db, officer1, renewalId, approval, now)).toMatchObject({
      status: 409,
      message: "该续贷申请当前为“已续贷”，不能同意续贷",
    });
    expect(declineRenewal(db, officer1, renewalId, "重复操作测试", now)).toMatchObject({ status: 409 });
    expect(withdrawRenewal(db, sme1, renewalId, now)).toMatchObject({ status: 409 });
    // The old loan is renewed: no second renewal of it.
    expect(requestRenewal(db, sme1, L1.loanId, ask, now)).toMatchObject({ status: 409, message: "该笔贷款已办理续贷" });
  });

  it("shows the chain on both loan pages and the original need's timeline", () => {
    const chain = renewalChain(db, L1.loanId).map((l) => [l.id, l.disbursedOn, l.maturesOn, l.status]);
    expect(chain).toEqual([
      [L1.loanId, "2026-01-10", "2027-01-10", "settled"],
      [newLoanId, "2026-12-22", "2027-01-22", "normal"],
    ]);
    expect(renewalChain(db, newLoanId).map((l) => l.id)).toEqual([L1.loanId, newLoanId]);
    const page = enterpriseLoanView(db, E1, newLoanId, at("2026-12-22 12:00"))!;
    expect(page.chain.map((l) => l.id)).toEqual([L1.loanId, newLoanId]);
    expect(page.loan.maturesOn).toBe("2027-01-22");
    expect(page.renewalRefusal).toBe("到期前 30 天内可申请续贷（该笔贷款 2027-01-22 到期，可于 2026-12-23 起申请）");
    expect(enterpriseLoanView(db, E2, newLoanId, at("2026-12-22 12:00"))).toBeUndefined();
    expect(institutionLoanView(db, B2, newLoanId, at("2026-12-22 12:00"))).toBeUndefined();
    expect(institutionLoanView(db, B1, newLoanId, at("2026-12-22 12:00"))!.chain).toHaveLength(2);

    const texts = needTimeline(db, L1.needId).map((e) => e.text);
    expect(texts).toContain(
      `银行同意续贷：新贷款 #${newLoanId} 80.00 万元，年利率 4.20%，期限 1 个月，2026-12-22 放款至数字人民币钱包；原贷款 #${L1.loanId} 同日结清`,
    );
    expect(texts).toContain("贷款状态：已结清（2026-12）");
  });

  it("shows a loan's events to its own bank and hides them from any other", () => {
    // The renewal loan's enrolment is dated when it was recorded: after the approval and the old loan's settlement.
    expect(needTimeline(db, L1.needId, B1).map((e) => e.type)).toEqual([
      "pool_enrolled",
      "renewal_requested",
      "renewal_withdrawn",
      "renewal_requested",
      "renewal_approved",
      "loan_status",
      "pool_enrolled",
    ]);
    expect(needTimeline(db, L1.needId, B2)).toEqual([]);
  });

  it("reminds of the renewal loan's own maturity (a need's loans each get their reminder)", () => {
    // L1 was reminded on 2026-12-11; the renewal loan (same need) matures 2027-01-22, as do L3 and L2 soon.
    expect(remindMaturities(db, at("2026-12-23 09:00"))).toBe(3);
    expect(
      noticesOf("loan.maturity_soon")
        .filter((n) => n.enterpriseId === E1)
        .map((n) => n.link),
    ).toEqual(expect.arrayContaining([`/sme/loans/${L1.loanId}`, `/sme/loans/${newLoanId}`]));
    expect(
      noticesOf("loan.maturity_soon")
        .filter((n) => n.institutionId === B1)
        .map((n) => n.link),
    ).toContain(`/bank/loans/${newLoanId}`);
  });
});

describe("the bank declines", () => {
  it("records the reason, ends the authorization and tells the enterprise", () => {
    const asked = requestRenewal(db, sme2, L2.loanId, { ...ask, amountFen: wan(60), termMonths: 12 }, at("2026-12-20 09:00"));
    expect(asked.ok).toBe(true);
    const id = (asked as { renewalId: number }).renewalId;
    expect(declineRenewal(db, officer2, id, "近三个月用电量下降超过一半，请按期还款", at("2026-12-21 15:00"))).toEqual({ ok: true });
    const renewal = renewalRow(id);
    expect(renewal).toMatchObject({ status: "declined", declineReason: "近三个月用电量下降超过一半，请按期还款" });
    expect(db.select().from(authorizations).where(eq(authorizations.id, renewal.authorizationId!)).get()!.revokedAt).not.toBeNull();
    expect(noticesOf("renewal.declined")).toMatchObject([{ enterpriseId: E2, body: expect.stringContaining("用电量下降") }]);
    expect(needTimeline(db, L2.needId).at(-1)!.text).toBe(`银行未同意续贷（原贷款 #${L2.loanId}）：近三个月用电量下降超过一半，请按期还款`);
    expect(loanRow(L2.loanId).status).toBe("normal");
  });
});

describe("interception", () => {
  it("refuses to renew for a firm knocked out now, as a disbursement would be refused", () => {
    expect(requestRenewal(db, sme3, L3.loanId, { ...ask, amountFen: wan(40) }, at("2026-12-15 09:00")).ok).toBe(true);
    const uscc = db.$client.prepare("SELECT uscc FROM enterprises WHERE id = ?").pluck().get(E3) as string;
    ingest(
      db,
      "event",
      [
        {
          uscc,
          kind: "dishonest_entry",
          occurredOn: "2026-12-01",
          reference: "苏税稽〔2026〕18号",
          authority: "国家税务总局苏州市税务局",
          description: "列入重大税收违法失信主体名单",
        },
      ],
      at("2026-12-16 09:00"),
    );
    const id = db.select().from(loanRenewals).where(eq(loanRenewals.loanId, L3.loanId)).get()!.id;
    const refused = approveRenewal(db, officer1, id, { rateBp: 450, channel: "bank_account", disbursedOn: null }, at("2026-12-18 10:00"));
    expect(refused).toMatchObject({
      ok: false,
      status: 409,
      code: "intercepted",
      message: expect.stringMatching(/^该企业存在否决项，不能放款/),
    });
    expect(
      db
        .select()
        .from(interceptions)
        .where(and(eq(interceptions.enterpriseId, E3), eq(interceptions.action, "disburse")))
        .all(),
    ).toHaveLength(1);
    expect(db.select().from(loans).where(eq(loans.renewsLoanId, L3.loanId)).all()).toEqual([]);
    expect(renewalRow(id).status).toBe("requested");
  });
});

describe("past maturity", () => {
  it("an approval after the loan matured is refused; the sweep lapses the request and tells the enterprise", () => {
    const id = db.select().from(loanRenewals).where(eq(loanRenewals.loanId, L5.loanId)).get()!.id;
    expect(
      approveRenewal(db, officer1, id, { rateBp: 450, channel: "bank_account", disbursedOn: null }, at("2026-12-27 10:00")),
    ).toMatchObject({
      status: 409,
      message: "原贷款已于 2026-12-25 到期，续贷须在到期日前（含当日）放款",
    });
    expect(renewalRefusal({ ...loanRow(L5.loanId), renewedByLoanId: null }, "2026-12-27")).toMatch(/已于 2026-12-25 到期/);
    const lines: string[] = [];
    runMaintenance(db, at("2026-12-27 10:10"), (line) => lines.push(line));
    expect(lines).toContain("例行处理：1 笔续贷申请因原贷款到期未获审批而失效");
    expect(renewalRow(id).status).toBe("lapsed");
    expect(noticesOf("renewal.lapsed")).toMatchObject([
      { enterpriseId: E1, link: `/sme/loans/${L5.loanId}` },
      { institutionId: B1, link: `/bank/loans/${L5.loanId}` },
    ]);
    // E3's request (loan maturing 2027-01-12) is still open.
    expect(db.select().from(loanRenewals).where(eq(loanRenewals.loanId, L3.loanId)).get()!.status).toBe("requested");
  });
});

describe("e-CNY disbursement", () => {
  it("stores the channel on the loan and counts it", () => {
    const need = f.need(E4, 50, "2026-12-01 09:00");
    const claim = f.claim(need, B1, "2026-12-01 10:00", { granted: "2026-12-02 09:00", amountWan: 50 });
    db.update(claims).set({ grantedProductId: P1, grantedGuaranteeMode: "credit" }).where(eq(claims.id, claim)).run();
    const before = computeReport(db, "2026-12", at("2026-12-03 10:00")).total.month;
    const out = disburseClaim(db, officer1, claim, { amount: wan(50), disbursedOn: "2026-12-03", channel: "ecny" }, at("2026-12-03 10:00"));
    expect(out.ok).toBe(true);
    expect(loanRow((out as { loanId: number }).loanId).channel).toBe("ecny");
    const after = computeReport(db, "2026-12", at("2026-12-03 10:00")).total.month;
    expect(after.ecnyLoansCount - before.ecnyLoansCount).toBe(1n);
    expect(after.ecnyLoansAmount - before.ecnyLoansAmount).toBe(BigInt(wan(50)));
    expect(after.renewalsCount).toBe(before.renewalsCount);
    expect(after.firstLoans - before.firstLoans).toBe(1n);
  });
});
