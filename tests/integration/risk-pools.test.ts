/**
 * 风险补偿资金池 against a real migrated database: the bureau's pool, the banks' cover requests,
 * enrolment at disbursement, 代偿 claims and recoveries, the append-only ledger and the report.
 *
 * The worked example (amounts in 万元; pool 相城, district 320507, share 50 %, cap 30 per loan and
 * 50 per year, leverage 5×):
 *   2026-01-05  pool created, capital 100                    balance 100, room 5 × 100 = 500
 *   2026-02-10  L1 200 to a 相城 firm, 甲's covered product   enrolled; covered 200
 *   2026-02-11  a 姑苏 firm's loan under the same product     not enrolled (another district)
 *   2026-02-12  乙's product, refused by the bureau           not enrolled
 *   2026-02-20  L3 100 to a 相城 firm                         enrolled; covered 300, room 200
 *   2026-03-02  250 to a 相城 firm                            not enrolled (over the room of 200)
 *   2026-03-03  L2 200                                         enrolled (exactly the room); covered 500
 *   2026-03-04  capital + 20                                   balance 120, room 100
 *   2026-03-05  enrolment stopped; a 50 loan on 03-06 is not enrolled; resumed 03-06
 *   2026-03     L1 and L2 reported npl
 *   2026-03-20  L1 claim, loss 150: share 75, per-loan cap 30 → pays 30; L1 released (compensated)
 *   2026-03-21  L2 claim refused (reason); refiled 03-22, loss 200: share 100, loan cap 30, year cap
 *               50 − 30 = 20 → pays 20 (year cap) on 03-25; L2 released
 *   March:      入池 1 笔 200; 代偿 2 笔 50; 回收 0; balance 100 + 20 − 50 = 70; covered 500 − 400 = 100
 *   2026-04-02  L1 recovered 40 → 50 % = 20 back;  04-10  recovered 30 → 15, but only 30 − 20 = 10 left → 10
 *   2026-04     L3 reported settled → released from April's start
 *   April:      回收 30; balance 100; covered 0
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { computeReport } from "~/services/statistics.server";
import { decideCompensation, fileCompensation, payoutPreview, reportRecovery } from "~/services/compensation-claims.server";
import { bankCompensations, bankPoolsView, listPools, poolDecisionsWaiting, poolDetail } from "~/services/risk-pool-views.server";
import {
  addCapital,
  coveredOutstandingFen,
  createPool,
  decidePoolProduct,
  poolBalanceFen,
  requestPoolCover,
  setPoolActive,
  withdrawPoolCover,
} from "~/services/risk-pools.server";
import type { PoolInput } from "~/lib/validation/risk-pools";
import { auditLog, loans as loansTable, notifications, riskPoolEnrolments, riskPoolLedger } from "~db/schema";
import { needTimeline } from "~/services/need-events.server";
import { createTestDatabase } from "../support/db";
import { at, wan } from "../support/facts";
import { createPoolCity } from "../support/risk-pools";

const { db } = createTestDatabase();
const city = createPoolCity(db);
const XIANGCHENG = "320507";
const GUSU = "320508";
const jia = city.bank("甲银行");
const yi = city.bank("乙银行");
const firms = [city.enterprise(XIANGCHENG), city.enterprise(XIANGCHENG), city.enterprise(XIANGCHENG), city.enterprise(GUSU)];

const POOL: PoolInput = {
  name: "相城区风险补偿资金池",
  sponsor: XIANGCHENG,
  capital: wan(100),
  lossShare: 5000,
  capPerLoan: wan(30),
  capPerYear: wan(50),
  leverageLimit: 5,
};

let poolId: number;
const loans: Record<string, number> = {};
const claims: Record<string, number> = {};
const enrolledIn = (loanId: number) => db.select().from(riskPoolEnrolments).where(eq(riskPoolEnrolments.loanId, loanId)).get();

describe("the bureau sets a pool up", () => {
  it("refuses a per-loan cap above the yearly cap, at the field", () => {
    expect(createPool(db, city.bureau, { ...POOL, capPerLoan: wan(60) }, at("2026-01-05 09:00"))).toMatchObject({
      ok: false,
      status: 400,
      field: "capPerLoan",
    });
  });

  it("creates the pool with its capital as the ledger's first row, audited", () => {
    const created = createPool(db, city.bureau, POOL, at("2026-01-05 09:00"));
    expect(created.ok).toBe(true);
    poolId = (created as { poolId: number }).poolId;
    expect(poolBalanceFen(db, poolId)).toBe(wan(100));
    expect(db.select().from(riskPoolLedger).all()).toMatchObject([{ kind: "capital", amountFen: wan(100), poolId }]);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "risk_pool.create")).all()).toHaveLength(1);
    expect(createPool(db, city.bureau, POOL, at("2026-01-05 09:00"))).toMatchObject({ status: 400, field: "name" });
  });
});

describe("banks ask for their products' cover", () => {
  let jiaRequest: number;
  let yiRequest: number;

  it("takes one live request per product and pool; another bank's product is not found", () => {
    const asked = requestPoolCover(db, jia.officer, jia.productId, poolId, at("2026-01-06 09:00"));
    expect(asked.ok).toBe(true);
    jiaRequest = (asked as { poolProductId: number }).poolProductId;
    expect(requestPoolCover(db, jia.officer, jia.productId, poolId, at("2026-01-06 10:00"))).toMatchObject({ status: 409 });
    expect(requestPoolCover(db, yi.officer, jia.productId, poolId, at("2026-01-06 10:00"))).toMatchObject({ status: 404 });
    expect(requestPoolCover(db, jia.officer, jia.productId, 999, at("2026-01-06 10:00"))).toMatchObject({ status: 404 });
    const yiAsked = requestPoolCover(db, yi.officer, yi.productId, poolId, at("2026-01-06 11:00"));
    yiRequest = (yiAsked as { poolProductId: number }).poolProductId;
  });

  it("lets the bureau approve once, and refuse only with a reason the bank is told", () => {
    expect(decidePoolProduct(db, city.bureau, jiaRequest, { decision: "approve", reason: "" }, at("2026-01-07 09:00")).ok).toBe(true);
    expect(decidePoolProduct(db, city.bureau, jiaRequest, { decision: "approve", reason: "" }, at("2026-01-07 09:00"))).toMatchObject({
      status: 409,
    });
    expect(decidePoolProduct(db, city.bureau, yiRequest, { decision: "refuse", reason: "" }, at("2026-01-07 09:00"))).toMatchObject({
      status: 400,
      field: "reason",
    });
    expect(decidePoolProduct(db, city.bureau, yiRequest, { decision: "refuse", reason: "非信用类产品" }, at("2026-01-07 09:00")).ok).toBe(
      true,
    );
    const told = db.select().from(notifications).where(eq(notifications.institutionId, yi.institutionId)).all();
    expect(told.at(-1)?.body).toContain("非信用类产品");
  });

  it("lets a bank withdraw only its own entry", () => {
    const other = requestPoolCover(db, yi.officer, yi.productId, poolId, at("2026-01-08 09:00"));
    const id = (other as { poolProductId: number }).poolProductId;
    expect(withdrawPoolCover(db, jia.officer, id, at("2026-01-08 10:00"))).toMatchObject({ status: 404 });
    expect(withdrawPoolCover(db, yi.officer, id, at("2026-01-08 10:00")).ok).toBe(true);
    expect(withdrawPoolCover(db, yi.officer, id, at("2026-01-08 10:00"))).toMatchObject({ status: 409 });
    expect(bankPoolsView(db, yi.institutionId).requests.map((r) => r.status)).toEqual(["withdrawn", "refused"]);
  });
});

describe("enrolment at disbursement", () => {
  it("enrols a covered product's loan to a firm of the district", () => {
    loans.L1 = city.disburse(jia, firms[0]!, wan(200), "2026-02-10");
    expect(enrolledIn(loans.L1)).toMatchObject({ poolId, amountFen: wan(200), enrolledAt: at("2026-02-10") });
  });

  it("leaves out another district's firm and a product the bureau did not admit", () => {
    expect(enrolledIn(city.disburse(jia, firms[3]!, wan(50), "2026-02-11"))).toBeUndefined();
    expect(enrolledIn(city.disburse(yi, firms[1]!, wan(50), "2026-02-12"))).toBeUndefined();
  });

  it("never lets covered outstanding pass leverage × balance: a loan over the room waits outside, one that fits goes in", () => {
    loans.L3 = city.disburse(jia, firms[1]!, wan(100), "2026-02-20");
    expect(enrolledIn(loans.L3)).toBeDefined();
    expect(listPools(db)[0]).toMatchObject({ coveredFen: wan(300), roomFen: wan(200), leverage: 3 });
    expect(enrolledIn(city.disburse(jia, firms[2]!, wan(250), "2026-03-02"))).toBeUndefined();
    loans.L2 = city.disburse(jia, firms[2]!, wan(200), "2026-03-03");
    expect(enrolledIn(loans.L2)).toBeDefined();
    expect(coveredOutstandingFen(db, poolId)).toBe(5 * poolBalanceFen(db, poolId));
  });

  it("adds capital as a ledger row; a stopped pool enrols nothing until resumed", () => {
    expect(addCapital(db, city.bureau, poolId, { amount: wan(20), note: "" }, at("2026-03-04 09:00")).ok).toBe(true);
    expect(listPools(db)[0]).toMatchObject({ balanceFen: wan(120), roomFen: wan(100) });
    expect(setPoolActive(db, city.bureau, poolId, false, at("2026-03-05 09:00")).ok).toBe(true);
    expect(setPoolActive(db, city.bureau, poolId, false, at("2026-03-05 09:00"))).toMatchObject({ status: 409 });
    expect(requestPoolCover(db, yi.officer, yi.productId, poolId, at("2026-03-05 10:00"))).toMatchObject({ status: 409 });
    expect(enrolledIn(city.disburse(jia, firms[0]!, wan(50), "2026-03-06"))).toBeUndefined();
    expect(setPoolActive(db, city.bureau, poolId, true, at("2026-03-06 12:00")).ok).toBe(true);
  });
});

describe("代偿", () => {
  it("takes a claim only on the bank's own enrolled npl loan, with a loss within the loan", () => {
    const file = (who = jia.officer, lossFen = wan(150), loanId = loans.L1!) =>
      fileCompensation(db, who, { loanId, lossFen, documentsRef: "核销档案 2026-017" }, at("2026-03-11 09:00"));
    expect(file()).toMatchObject({ status: 409, message: "仅不良贷款可申请代偿，该贷款当前为“正常”" });
    city.report(jia.officer, loans.L1!, "npl", "2026-03-10 09:00");
    city.report(jia.officer, loans.L2!, "npl", "2026-03-10 09:00");
    expect(file(yi.officer)).toMatchObject({ status: 404 });
    expect(file(jia.officer, wan(201))).toMatchObject({ status: 400, field: "loss" });
    const filed = file();
    expect(filed.ok).toBe(true);
    claims.L1 = (filed as { claimId: number }).claimId;
    expect(file()).toMatchObject({ status: 409, message: expect.stringContaining("已有代偿申请") });
    expect(bankCompensations(db, jia.institutionId).claimable.map((e) => e.loanId)).toEqual([loans.L2]);
    // It waits on the bureau's workbench.
    expect(poolDecisionsWaiting(db).claims).toBe(1);
  });

  it("pays the share within the per-loan cap, releases the loan, and refuses a second decision", () => {
    expect(payoutPreview(db, claims.L1!, at("2026-03-20 09:00"))).toMatchObject({ payoutFen: wan(30), limitedBy: "loan_cap" });
    expect(decideCompensation(db, city.bureau, claims.L1!, { decision: "approve", reason: "" }, at("2026-03-20 09:00"))).toMatchObject({
      ok: true,
      payoutFen: wan(30),
      limitedBy: "loan_cap",
    });
    expect(poolBalanceFen(db, poolId)).toBe(wan(90));
    expect(poolDecisionsWaiting(db).claims).toBe(0);
    // On the loan's need timeline: the enterprise's and the lending bank's, not another bank's.
    const needId = db.select({ needId: loansTable.needId }).from(loansTable).where(eq(loansTable.id, loans.L1!)).get()!.needId;
    const texts = (institutionId?: number) => needTimeline(db, needId, institutionId).map((e) => e.text);
    expect(texts()).toEqual(
      expect.arrayContaining(["贷款银行向风险补偿资金池申请代偿，损失 150.00 万元", "风险补偿资金池代偿 30.00 万元（损失 150.00 万元）"]),
    );
    expect(texts(jia.institutionId)).toContain("风险补偿资金池代偿 30.00 万元（损失 150.00 万元）");
    expect(texts(yi.institutionId).filter((t) => t.includes("代偿"))).toEqual([]);
    expect(enrolledIn(loans.L1!)).toMatchObject({ releasedAt: at("2026-03-20 09:00"), releaseReason: "compensated" });
    expect(decideCompensation(db, city.bureau, claims.L1!, { decision: "refuse", reason: "重复" }, at("2026-03-20 10:00"))).toMatchObject({
      status: 409,
    });
    // Released: the loan can no longer be claimed on, whatever happens to the claim.
    expect(
      fileCompensation(db, jia.officer, { loanId: loans.L1!, lossFen: wan(10), documentsRef: "x1" }, at("2026-03-21 09:00")),
    ).toMatchObject({ status: 409 });
  });

  it("refuses only with a reason; a refused claim may be filed again and is then held to the yearly cap", () => {
    const file = () =>
      fileCompensation(
        db,
        jia.officer,
        { loanId: loans.L2!, lossFen: wan(200), documentsRef: "核销档案 2026-021" },
        at("2026-03-21 08:00"),
      );
    const first = (file() as { claimId: number }).claimId;
    expect(decideCompensation(db, city.bureau, first, { decision: "refuse", reason: "" }, at("2026-03-21 09:00"))).toMatchObject({
      status: 400,
      field: "reason",
    });
    expect(decideCompensation(db, city.bureau, first, { decision: "refuse", reason: "缺少法院判决书" }, at("2026-03-21 09:00")).ok).toBe(
      true,
    );
    const again = file();
    expect(again.ok).toBe(true);
    claims.L2 = (again as { claimId: number }).claimId;
    expect(decideCompensation(db, city.bureau, claims.L2, { decision: "approve", reason: "" }, at("2026-03-25 09:00"))).toMatchObject({
      payoutFen: wan(20),
      limitedBy: "year_cap",
    });
    expect(poolBalanceFen(db, poolId)).toBe(wan(70));
  });

  it("returns the fund's share of recoveries, never more than it paid", () => {
    const recover = (recoveredFen: number, when: string, who = jia.officer, claimId = claims.L1!) =>
      reportRecovery(db, who, { claimId, recoveredFen, note: "处置抵债资产" }, at(when));
    expect(recover(wan(40), "2026-04-02 09:00", yi.officer)).toMatchObject({ status: 404 });
    expect(recover(wan(151), "2026-04-02 09:00")).toMatchObject({ status: 400, field: "recovered" });
    expect(recover(wan(40), "2026-04-02 09:00")).toMatchObject({ ok: true, returnedFen: wan(20) });
    expect(recover(wan(30), "2026-04-10 09:00")).toMatchObject({ ok: true, returnedFen: wan(10) });
    expect(recover(wan(10), "2026-04-11 09:00")).toMatchObject({ status: 409, message: expect.stringContaining("已收回全部代偿款") });
    // capital, capital, two payouts, two recoveries: the refused reports wrote nothing.
    expect(db.select().from(riskPoolLedger).all()).toHaveLength(6);
    expect(poolBalanceFen(db, poolId)).toBe(wan(100));
    city.report(jia.officer, loans.L3!, "settled", "2026-04-15 09:00");
    expect(enrolledIn(loans.L3!)).toMatchObject({ releasedAt: at("2026-04-01"), releaseReason: "settled" });
  });

  it("keeps the ledger append-only: the triggers abort an update or a delete", () => {
    expect(() => db.run(sql`UPDATE risk_pool_ledger SET amount_fen = 1 WHERE id = 1`)).toThrow();
    expect(() => db.run(sql`DELETE FROM risk_pool_ledger WHERE id = 1`)).toThrow();
    expect(poolBalanceFen(db, poolId)).toBe(wan(100));
  });
});

describe("the numbers", () => {
  const W = (amount: number) => BigInt(wan(amount));

  it("counts March and April in the monthly report as worked out above", () => {
    const march = computeReport(db, "2026-03", at("2026-05-01")).total;
    expect(march.month).toMatchObject({
      poolEnrolmentsCount: 1n,
      poolEnrolmentsAmount: W(200),
      compensationsCount: 2n,
      compensationsAmount: W(50),
      recoveriesAmount: 0n,
    });
    expect(march.cumulative).toMatchObject({ poolBalanceDelta: W(70), coveredOutstandingDelta: W(100), poolEnrolmentsCount: 3n });
    const april = computeReport(db, "2026-04", at("2026-05-01")).total;
    expect(april.month).toMatchObject({ poolEnrolmentsCount: 0n, compensationsCount: 0n, recoveriesAmount: W(30) });
    expect(april.cumulative).toMatchObject({ poolBalanceDelta: W(100), coveredOutstandingDelta: 0n });
  });

  it("draws the same month ends on the pool page", () => {
    const detail = poolDetail(db, poolId, at("2026-04-20"))!;
    expect(
      detail.months.map((m) => [m.month, m.balanceFen / wan(1), m.coveredFen / wan(1), m.payoutsFen / wan(1), m.recoveriesFen / wan(1)]),
    ).toEqual([
      ["2026-01", 100, 0, 0, 0],
      ["2026-02", 100, 300, 0, 0],
      ["2026-03", 70, 100, 50, 0],
      ["2026-04", 100, 0, 0, 30],
    ]);
    expect(detail.totals).toMatchObject({ capital: wan(120), payouts: wan(50), recoveries: wan(30), payoutCount: 2 });
    expect(detail.claims.map((c) => c.status)).toEqual(["approved", "refused", "approved"]);
    expect(detail.enrolments).toHaveLength(3);
    expect(detail.enrolmentsPage).toMatchObject({ page: 1, pageCount: 1, total: 3 });
    // A page past the last shows the last one.
    expect(poolDetail(db, poolId, at("2026-04-20"), 7)!.enrolmentsPage.page).toBe(1);
    expect(poolDetail(db, 999, at("2026-04-20"))).toBeNull();
  });
});
