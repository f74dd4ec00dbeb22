/** The marketplace workflows against a real migrated database: the rules a user runs into. */
import { currentCommitment } from "~/domain/commitments";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/auth/session.server";
import { actingUser } from "~/services/accounts.server";
import { claimDetail } from "~/services/claim-views.server";
import { claimNeed, disburseClaim, grantClaim, rejectClaim } from "~/services/claims.server";
import { reportLoanStatus } from "~/services/loans.server";
import { officerQueue } from "~/services/queue.server";
import { flagServiceLevelBreaches, serviceLevelBreaches, standingBreaches } from "~/services/service-levels.server";
import { declineOffer, editNeed, enterpriseNeedDetail, expireNeeds, postNeed, withdrawNeed } from "~/services/needs.server";
import { createProduct, setProductListed } from "~/services/products.server";
import { seedDemoCity } from "~db/seed";
import {
  auditLog,
  authorizations,
  claims,
  enterprises,
  institutions,
  loans,
  needEvents,
  needs,
  notifications,
  productListings,
} from "~db/schema";
import type { ProductInput } from "~/lib/validation/marketplace";
import { createTestDatabase } from "../support/db";
import { at } from "../support/facts";

const { db } = createTestDatabase();
const WAN = 1_000_000;

const sessionOf = (username: string): SessionUser => actingUser(db, { username })!;

let sme: SessionUser;
let szAdmin: SessionUser;
let szOfficer: SessionUser;
let icbcAdmin: SessionUser;
let icbcOfficer: SessionUser;
let suKeDai: number;
let icbcLoan: number;

const product = {
  name: "苏科贷",
  description: "面向科技型中小企业的信用贷款",
  amountMinFen: 10 * WAN,
  amountMaxFen: 1000 * WAN,
  rateMinBp: 345,
  rateMaxBp: 600,
  termMinMonths: 6,
  termMaxMonths: 36,
  guaranteeModes: ["credit", "guarantee"] as ("credit" | "guarantee")[],
  eligibleDistricts: null,
  eligibleIndustries: null,
  minGrade: null,
  minYearsInOperation: 1,
  tags: ["科技"] as ProductInput["tags"],
};
const needInput = {
  amountFen: 200 * WAN,
  termMonths: 12,
  purpose: "设备购置：购买数控机床",
  guaranteeMode: null,
  rateCeilingBp: 550,
  expiresOn: "2026-12-31",
  targetProductId: null,
  commitmentVersion: currentCommitment("need").version,
};
const T0 = at("2026-11-02 09:00"); // a Monday

beforeAll(async () => {
  await seedDemoCity(db, { seed: 5, enterprises: 30, months: 3, asOf: "2026-11-01" });
  sme = sessionOf("9132050852601815xm");
  szAdmin = sessionOf("szbank_admin");
  szOfficer = sessionOf("szbank_officer");
  icbcAdmin = sessionOf("icbc_admin");
  icbcOfficer = sessionOf("icbc_officer");
  suKeDai = createProduct(db, szAdmin, product, T0);
  setProductListed(db, szAdmin, suKeDai, true, T0);
  icbcLoan = createProduct(db, icbcAdmin, { ...product, name: "经营快贷", rateMinBp: 380 }, T0);
  setProductListed(db, icbcAdmin, icbcLoan, true, T0);
});

describe("products", () => {
  it("records every listing period and refuses a second 上架 or another bank's product", () => {
    expect(setProductListed(db, szAdmin, suKeDai, true, T0)).toMatchObject({ ok: false, status: 409 });
    expect(setProductListed(db, icbcAdmin, suKeDai, false, T0)).toMatchObject({ ok: false, status: 404 });
    const p = createProduct(db, szAdmin, { ...product, name: "苏农贷" }, T0);
    setProductListed(db, szAdmin, p, true, at("2026-11-03 09:00"));
    setProductListed(db, szAdmin, p, false, at("2026-11-10 09:00"));
    setProductListed(db, szAdmin, p, true, at("2026-11-12 09:00"));
    const periods = db.select().from(productListings).where(eq(productListings.productId, p)).all();
    expect(periods.map((l) => [l.listedAt, l.delistedAt])).toEqual([
      [at("2026-11-03 09:00"), at("2026-11-10 09:00")],
      [at("2026-11-12 09:00"), null],
    ]);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "product.delist")).all()).toHaveLength(1);
  });
});

describe("a need from posting to loan", () => {
  let needId: number;
  let szClaim: number;
  let icbcClaim: number;

  it("posts a need with an authorization for every institution, valid 90 days past its expiry", () => {
    const posted = postNeed(db, sme, needInput, T0);
    if (!posted.ok) throw new Error(posted.message);
    needId = posted.needId;
    const need = db.select().from(needs).where(eq(needs.id, needId)).get()!;
    const auth = db.select().from(authorizations).where(eq(authorizations.id, need.authorizationId!)).get()!;
    expect(auth).toMatchObject({
      enterpriseId: sme.enterpriseId,
      institutionId: null,
      needId,
      purpose: `融资需求 #${needId} 贷前审查`,
      revokedAt: null,
    });
    expect(auth.expiresAt).toBe(at("2027-04-01 00:00")); // end of 2026-12-31 plus 90 days
  });

  it("shows the need in both banks' queues, with the products that fit", () => {
    const queue = officerQueue(db, szOfficer.institutionId!, { sort: "oldest", page: 1 }, T0 + 3600_000);
    const row = queue.rows.find((r) => r.needId === needId)!;
    expect(row.fits.map((f) => f.productName)).toContain("苏科贷");
    expect(row.enterprise.name).toBe("苏州姑苏精密机械有限公司");
    expect(
      officerQueue(db, icbcOfficer.institutionId!, { sort: "oldest", page: 1 }, T0 + 3600_000).rows.some((r) => r.needId === needId),
    ).toBe(true);
  });

  it("lets the enterprise edit only until an institution claims it", () => {
    expect(editNeed(db, sme, needId, { ...needInput, amountFen: 250 * WAN }, T0 + 60_000)).toMatchObject({ ok: true });
    const claimed = claimNeed(db, szOfficer, needId, at("2026-11-02 14:00"));
    if (!claimed.ok) throw new Error(claimed.message);
    szClaim = claimed.claimId;
    expect(editNeed(db, sme, needId, needInput, at("2026-11-02 15:00"))).toMatchObject({ ok: false, status: 409 });
    expect(claimNeed(db, szOfficer, needId, at("2026-11-02 15:00"))).toMatchObject({ ok: false, status: 409 });
    const second = claimNeed(db, icbcOfficer, needId, at("2026-11-03 10:00"));
    if (!second.ok) throw new Error(second.message);
    icbcClaim = second.claimId;
    expect(
      officerQueue(db, szOfficer.institutionId!, { sort: "oldest", page: 1 }, at("2026-11-03 11:00")).rows.some((r) => r.needId === needId),
    ).toBe(false);
  });

  it("refuses grants outside the request, the product or the enterprise's rate ceiling", () => {
    const grant = { productId: suKeDai, amount: 250 * WAN, rate: 480, termMonths: 12, guaranteeMode: "credit" as const };
    expect(grantClaim(db, szOfficer, szClaim, { ...grant, amount: 300 * WAN }, at("2026-11-04 10:00"))).toMatchObject({
      ok: false,
      field: "amount",
      message: expect.stringContaining("超过企业申请"),
    });
    expect(grantClaim(db, szOfficer, szClaim, { ...grant, rate: 580 }, at("2026-11-04 10:00"))).toMatchObject({
      ok: false,
      field: "rate",
      message: expect.stringContaining("高于企业可接受"),
    });
    expect(grantClaim(db, szOfficer, szClaim, { ...grant, termMonths: 48 }, at("2026-11-04 10:00"))).toMatchObject({
      ok: false,
      field: "termMonths",
    });
    expect(grantClaim(db, szOfficer, szClaim, { ...grant, guaranteeMode: "mortgage" }, at("2026-11-04 10:00"))).toMatchObject({
      ok: false,
      field: "guaranteeMode",
    });
    expect(grantClaim(db, szOfficer, szClaim, { ...grant, productId: icbcLoan }, at("2026-11-04 10:00"))).toMatchObject({
      ok: false,
      field: "productId",
    });
    expect(grantClaim(db, icbcOfficer, szClaim, grant, at("2026-11-04 10:00"))).toMatchObject({ ok: false, status: 404 });
    expect(grantClaim(db, szOfficer, szClaim, grant, at("2026-11-04 10:00"))).toEqual({ ok: true });
    expect(grantClaim(db, szOfficer, szClaim, grant, at("2026-11-04 11:00"))).toMatchObject({
      ok: false,
      status: 409,
      message: "该业务当前为“已授信”，不能授信",
    });
    expect(rejectClaim(db, szOfficer, szClaim, "credit_record", "", at("2026-11-04 11:00"))).toMatchObject({ ok: false, status: 409 });
  });

  it("refuses a disbursement above the grant, in the future or before the grant", () => {
    const now = at("2026-11-06 10:00");
    expect(disburseClaim(db, szOfficer, szClaim, { amount: 260 * WAN, disbursedOn: "2026-11-06" }, now)).toMatchObject({
      ok: false,
      field: "amount",
    });
    expect(disburseClaim(db, szOfficer, szClaim, { amount: 250 * WAN, disbursedOn: "2026-11-07" }, now)).toMatchObject({
      ok: false,
      field: "disbursedOn",
      message: "放款日期不能晚于今天",
    });
    expect(disburseClaim(db, szOfficer, szClaim, { amount: 250 * WAN, disbursedOn: "2026-11-03" }, now)).toMatchObject({
      ok: false,
      field: "disbursedOn",
    });
  });

  it("disburses: a loan, a fulfilled need, the other bank's pending claim cancelled and told", () => {
    const result = disburseClaim(db, szOfficer, szClaim, { amount: 240 * WAN, disbursedOn: "2026-11-06" }, at("2026-11-06 10:00"));
    if (!result.ok) throw new Error(result.message);
    expect(db.select().from(loans).where(eq(loans.id, result.loanId)).get()).toMatchObject({
      amountFen: 240 * WAN,
      rateBp: 480,
      guaranteeMode: "credit",
      disbursedOn: "2026-11-06",
      disbursedAt: at("2026-11-06 00:00"),
      status: "normal",
    });
    expect(db.select().from(needs).where(eq(needs.id, needId)).get()!.status).toBe("fulfilled");
    expect(db.select().from(claims).where(eq(claims.id, icbcClaim)).get()!.status).toBe("cancelled");
    const told = db
      .select()
      .from(notifications)
      .where(and(eq(notifications.institutionId, icbcOfficer.institutionId!), eq(notifications.kind, "claim.cancelled")))
      .all();
    expect(told.at(-1)!.body).toContain("该需求已由其他机构放款");
  });

  it("gives the enterprise the whole timeline in words, and tells it at each step", () => {
    const detail = enterpriseNeedDetail(db, sme.enterpriseId!, needId, at("2026-11-06 12:00"))!;
    expect(detail.timeline.map((e) => [e.type, e.institution])).toEqual([
      ["posted", null],
      ["edited", null],
      ["claimed", "苏州银行"],
      ["claimed", "工商银行"],
      ["granted", "苏州银行"],
      ["disbursed", "苏州银行"],
      ["cancelled", "工商银行"],
    ]);
    expect(detail.timeline.find((e) => e.type === "granted")!.text).toBe("授信 250.00 万元，年利率 4.80%，期限 12 个月");
    const kinds = db
      .select({ kind: notifications.kind })
      .from(notifications)
      .where(eq(notifications.enterpriseId, sme.enterpriseId!))
      .all()
      .map((n) => n.kind);
    expect(kinds).toEqual(expect.arrayContaining(["need.claimed", "claim.granted", "claim.disbursed"]));
  });

  it("shows a bank only its own claim and its own events", () => {
    expect(claimDetail(db, icbcOfficer, szClaim, T0)).toBeUndefined();
    const icbcView = claimDetail(db, icbcOfficer, icbcClaim, at("2026-11-06 12:00"))!;
    expect(icbcView.timeline.map((e) => e.institution ?? "企业")).not.toContain("苏州银行");
  });

  it("takes monthly loan statuses, keeps loans.status current, and treats settled as final", () => {
    const loan = db.select().from(loans).where(eq(loans.claimId, szClaim)).get()!;
    const now = at("2027-02-10 10:00");
    expect(reportLoanStatus(db, szOfficer, loan.id, "2026-10", "normal", now)).toMatchObject({ ok: false, field: "month" });
    expect(reportLoanStatus(db, szOfficer, loan.id, "2027-03", "normal", now)).toMatchObject({ ok: false, field: "month" });
    expect(reportLoanStatus(db, icbcOfficer, loan.id, "2026-12", "npl", now)).toMatchObject({ ok: false, status: 404 });
    expect(reportLoanStatus(db, szOfficer, loan.id, "2026-12", "overdue", now)).toEqual({ ok: true });
    expect(reportLoanStatus(db, szOfficer, loan.id, "2027-01", "npl", now)).toEqual({ ok: true });
    expect(db.select().from(loans).where(eq(loans.id, loan.id)).get()!.status).toBe("npl");
    expect(reportLoanStatus(db, szOfficer, loan.id, "2027-01", "overdue", now)).toEqual({ ok: true }); // same-month correction
    expect(db.select().from(loans).where(eq(loans.id, loan.id)).get()!.status).toBe("overdue");
    expect(reportLoanStatus(db, szOfficer, loan.id, "2027-02", "settled", now)).toEqual({ ok: true });
    expect(reportLoanStatus(db, szOfficer, loan.id, "2027-02", "normal", now)).toMatchObject({
      ok: false,
      status: 409,
      message: "该笔贷款已结清，状态不能再变更",
    });
  });
});

describe("withdrawing, declining, expiring", () => {
  it("withdraws: the authorization is revoked and claims in progress are cancelled", () => {
    const posted = postNeed(db, sme, needInput, T0);
    if (!posted.ok) throw new Error();
    const claimed = claimNeed(db, icbcOfficer, posted.needId, T0 + 3600_000);
    if (!claimed.ok) throw new Error();
    expect(withdrawNeed(db, sme, posted.needId, T0 + 7200_000)).toEqual({ ok: true });
    const need = db.select().from(needs).where(eq(needs.id, posted.needId)).get()!;
    expect(need.status).toBe("withdrawn");
    expect(db.select().from(authorizations).where(eq(authorizations.id, need.authorizationId!)).get()!.revokedAt).toBe(T0 + 7200_000);
    expect(db.select().from(claims).where(eq(claims.id, claimed.claimId)).get()!.status).toBe("cancelled");
    expect(withdrawNeed(db, sme, posted.needId, T0 + 7300_000)).toMatchObject({ ok: false, status: 409, message: "该需求已撤回" });
  });

  it("lets the enterprise decline an offer it will not take", () => {
    const posted = postNeed(db, sme, needInput, T0);
    if (!posted.ok) throw new Error();
    const claimed = claimNeed(db, szOfficer, posted.needId, T0 + 3600_000);
    if (!claimed.ok) throw new Error();
    grantClaim(
      db,
      szOfficer,
      claimed.claimId,
      { productId: suKeDai, amount: 100 * WAN, rate: 450, termMonths: 12, guaranteeMode: "credit" },
      T0 + 7200_000,
    );
    expect(declineOffer(db, sme, claimed.claimId, T0 + 9000_000)).toEqual({ ok: true });
    expect(declineOffer(db, sme, claimed.claimId, T0 + 9000_000)).toMatchObject({ ok: false, status: 409 });
  });

  it("expires needs at the end of their date: no new claims, claims in progress carry on", () => {
    const posted = postNeed(db, sme, { ...needInput, expiresOn: "2026-11-20" }, T0);
    if (!posted.ok) throw new Error();
    const claimed = claimNeed(db, szOfficer, posted.needId, T0 + 3600_000);
    if (!claimed.ok) throw new Error();
    // Before the sweep has run, an expired need already refuses claims.
    expect(claimNeed(db, icbcOfficer, posted.needId, at("2026-11-21 08:00"))).toMatchObject({
      ok: false,
      status: 409,
      message: "该需求已过期",
    });
    expect(expireNeeds(db, at("2026-11-21 08:00"))).toBeGreaterThanOrEqual(1);
    expect(expireNeeds(db, at("2026-11-21 09:00"))).toBe(0);
    expect(db.select().from(needs).where(eq(needs.id, posted.needId)).get()).toMatchObject({
      status: "expired",
      closedAt: at("2026-11-21 00:00"),
    });
    grantClaim(
      db,
      szOfficer,
      claimed.claimId,
      { productId: suKeDai, amount: 100 * WAN, rate: 450, termMonths: 12, guaranteeMode: "credit" },
      at("2026-11-23 10:00"),
    );
    expect(
      disburseClaim(db, szOfficer, claimed.claimId, { amount: 100 * WAN, disbursedOn: "2026-11-24" }, at("2026-11-24 10:00")),
    ).toMatchObject({ ok: true });
    expect(db.select().from(needs).where(eq(needs.id, posted.needId)).get()!.status).toBe("fulfilled");
  });
});

describe("service levels", () => {
  it("flags a need applying to a product, unclaimed after 3 working days, once, to that bank", () => {
    const posted = postNeed(db, sme, { ...needInput, targetProductId: icbcLoan }, at("2026-11-13 16:00")); // Friday
    if (!posted.ok) throw new Error();
    const flags = () =>
      db
        .select()
        .from(needEvents)
        .where(and(eq(needEvents.needId, posted.needId), eq(needEvents.type, "sla_flagged")))
        .all();
    flagServiceLevelBreaches(db, at("2026-11-18 15:00")); // also flags the seeded history's breaches
    expect(flags()).toHaveLength(0);
    expect(flagServiceLevelBreaches(db, at("2026-11-18 16:30"))).toBe(1);
    expect(flagServiceLevelBreaches(db, at("2026-11-18 17:00"))).toBe(0);
    expect(flags()).toHaveLength(1);
    const told = db
      .select()
      .from(notifications)
      .where(and(eq(notifications.institutionId, icbcOfficer.institutionId!), eq(notifications.kind, "sla.unclaimed")))
      .all();
    expect(told.some((n) => n.body.includes(`需求 #${posted.needId}`))).toBe(true);
    expect(standingBreaches(db, at("2026-11-18 17:00")).unclaimedNeeds).toBeGreaterThanOrEqual(1);
  });

  it("counts the month's breaches for the bureau, per institution", () => {
    const posted = postNeed(db, sme, needInput, at("2026-11-02 09:00"));
    if (!posted.ok) throw new Error();
    const claimed = claimNeed(db, icbcOfficer, posted.needId, at("2026-11-02 10:00"));
    if (!claimed.ok) throw new Error();
    const counts = serviceLevelBreaches(db, at("2026-11-01 00:00"), at("2026-12-01 00:00"), at("2026-12-01 00:00"));
    const icbc = counts.byInstitution.find((i) => i.name === "工商银行")!;
    expect(icbc.undecidedClaims).toBeGreaterThanOrEqual(1);
    expect(counts.undecidedClaims).toBe(counts.byInstitution.reduce((a, i) => a + i.undecidedClaims, 0));
    expect(serviceLevelBreaches(db, at("2026-11-01 00:00"), at("2026-11-16 00:00"), at("2026-11-16 00:00")).undecidedClaims).toBe(
      counts.undecidedClaims -
        serviceLevelBreaches(db, at("2026-11-16 00:00"), at("2026-12-01 00:00"), at("2026-12-01 00:00")).undecidedClaims,
    );
  });
});

describe("the queue", () => {
  it("puts applications to the bank's own products first and hides other banks' applications", () => {
    const applied = postNeed(db, sme, { ...needInput, targetProductId: suKeDai }, at("2026-11-25 09:00"));
    if (!applied.ok) throw new Error();
    const now = at("2026-11-25 10:00");
    const sz = officerQueue(db, szOfficer.institutionId!, { sort: "newest", page: 1 }, now);
    expect(sz.rows[0]!.appliedProduct).toEqual({ id: suKeDai, name: "苏科贷" });
    expect(
      officerQueue(db, icbcOfficer.institutionId!, { sort: "newest", page: 1 }, now).rows.some((r) => r.needId === applied.needId),
    ).toBe(false);
    expect(
      officerQueue(db, szOfficer.institutionId!, { sort: "newest", page: 1, onlyApplications: true }, now).rows.every(
        (r) => r.appliedProduct,
      ),
    ).toBe(true);
    const far = db.select().from(enterprises).where(eq(enterprises.uscc, "9132050852601815XM")).get()!;
    expect(
      officerQueue(db, szOfficer.institutionId!, { sort: "newest", page: 1, districtCode: "320583" }, now).rows.every(
        (r) => r.enterprise.district !== far.districtCode,
      ),
    ).toBe(true);
    expect(db.select().from(institutions).all().length).toBeGreaterThan(2);
  });
});
