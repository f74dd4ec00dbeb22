/**
 * June 2026 after the loan (tests/support/after-loan-city.ts on top of the hand-made city), checked
 * against numbers worked out by hand. The facts, in 万元:
 *
 *   L7  E2 昆山 B2  60  credit  04-03, 2 months → matures 06-03; in 市级池 from 04-03
 *   R7  renews L7   50  4.00 %  06-02, 12 months, e-CNY; L7 settled 2026-06, released 06-02; R7 in 市级池
 *   L8  E1 姑苏 B1 100  4.50 %  04-15, 1 month → matured 05-15, npl 2026-05, never settled; in 市级池;
 *                               代偿 05-25: 40 (half of an 80 loss), released; recovery 06-20: 10 back
 *   L10 E4 姑苏 B1  20  5.00 %  04-25, 2 months → matures 06-25; settled 2026-06 (released 06-01)
 *   L9  E3 昆山 B2  30  3.80 %  06-08, 12 months, e-CNY, E3's first loan; need N9 posted 06-04 09:00,
 *                               claimed 06-04 11:00; in 昆山池 (created 06-03 with 200)
 *   市级池 created 04-01 with 1,000.
 *
 * June (本月):
 *   放款 R7 + L9 = 2 笔, 80; 其中续贷 R7: 1 笔, 50; 其中数字人民币 R7 + L9: 2 笔, 80
 *   信用贷款 R7 (renews a credit loan) + L9 = 80, 占比 100.00 %
 *   加权平均利率 (50 × 4.00 + 30 × 3.80) / 80 = 3.925 → 3.93 %
 *   平台首贷户 E3 = 1 (a renewal never makes one: E2's first loan was L4 in January)
 *   平均放款时长 over the loans answering a need, L9 only: 06-08 00:00 − 06-04 09:00 = 3 d 15 h = 3.625 → 3.6 天
 *   新增入池 R7 + L9 = 2 笔, 80; 代偿 none; 回收 10
 * End of June (期末): 到期未续未结清 L8 = 1 笔, 100 (L7 renewed, L10 settled, the rest mature later)
 *   在保余额 R7 50 + L9 30 = 80 (end of May: L7 60 + L10 20 = 80, L8 released on its payout)
 *   资金池余额 1,000 + 200 − 40 + 10 = 1,170 (end of May: 960)
 *   贷款余额 hand-made city's L1 90 + L2 200 + L3 80 + L5 30, + R7 50 + L8 100 + L9 30 = 580; 不良 L1 + L8 = 190, 32.76 %
 * January–June (本年累计): 新增入池 L7 L8 L10 R7 L9 = 5 笔, 260; 代偿 1 笔, 40; 回收 10; 续贷 1 笔, 50.
 */
import { describe, expect, it } from "vitest";
import { indicatorsOf, stocksOf, type Measures } from "~/lib/statistics";
import { formatWanYuan } from "~/lib/money";
import { computeReport, dashboard } from "~/services/statistics.server";
import { createTestDatabase } from "../support/db";
import { wan } from "../support/facts";
import { buildAfterLoanMonths } from "../support/after-loan-city";
import { buildHandMadeCity } from "../support/hand-made-city";

const { db } = createTestDatabase();
const city = buildHandMadeCity(db);
buildAfterLoanMonths(city);
const { B1, B2 } = city;

const june = computeReport(db, "2026-06");
const may = computeReport(db, "2026-05");
const fen = (amountWan: number) => BigInt(wan(amountWan));
const slice = (report: typeof june, dim: "district" | "institution", key: string) =>
  report.breakdowns[dim].find((s) => s.key === key)!.periods;
const previousEnd = (report: typeof june) =>
  stocksOf(
    Object.fromEntries(
      Object.entries(report.total.cumulative).map(([k, v]) => [k, v - report.total.month[k as keyof Measures]]),
    ) as Measures,
  );

describe("June 2026 after the loan, the whole city", () => {
  it("counts renewals and e-CNY loans within the month's loans, and keeps renewals out of 首贷户 and 放款时长", () => {
    expect(indicatorsOf(june.total.month)).toMatchObject({
      loansCount: 2n,
      loansAmountFen: fen(80),
      renewalsCount: 1n,
      renewalsAmountFen: fen(50),
      ecnyLoansCount: 2n,
      ecnyLoansAmountFen: fen(80),
      creditLoansAmountFen: fen(80),
      creditShare: "100.00",
      weightedRate: "3.93",
      firstLoanEnterprises: 1n,
      avgDisburseDays: "3.6",
      avgClaimHours: "2.0",
    });
  });

  it("counts the pools' month: enrolments, payouts, recoveries", () => {
    expect(indicatorsOf(june.total.month)).toMatchObject({
      poolEnrolmentsCount: 2n,
      poolEnrolmentsAmountFen: fen(80),
      compensationsCount: 0n,
      compensationsAmountFen: 0n,
      recoveriesAmountFen: fen(10),
    });
    expect(indicatorsOf(may.total.month)).toMatchObject({
      compensationsCount: 1n,
      compensationsAmountFen: fen(40),
      recoveriesAmountFen: 0n,
    });
    expect(indicatorsOf(june.total.ytd)).toMatchObject({
      poolEnrolmentsCount: 5n,
      poolEnrolmentsAmountFen: fen(260),
      compensationsCount: 1n,
      compensationsAmountFen: fen(40),
      recoveriesAmountFen: fen(10),
      renewalsCount: 1n,
      renewalsAmountFen: fen(50),
    });
  });

  it("gives the stocks at the end of June and of May", () => {
    expect(stocksOf(june.total.cumulative)).toMatchObject({
      maturedUnsettledCount: 1n,
      maturedUnsettledAmountFen: fen(100),
      coveredOutstandingFen: fen(80),
      poolBalanceFen: fen(1170),
      outstandingAmountFen: fen(580),
      nplAmountFen: fen(190),
      nplRatio: "32.76",
    });
    expect(previousEnd(june)).toMatchObject({
      maturedUnsettledCount: 1n,
      maturedUnsettledAmountFen: fen(100),
      coveredOutstandingFen: fen(80),
      poolBalanceFen: fen(960),
    });
    // April: L8 had not matured yet; the city's pool held its capital only.
    expect(stocksOf(computeReport(db, "2026-04").total.cumulative)).toMatchObject({
      maturedUnsettledCount: 0n,
      coveredOutstandingFen: fen(180), // L7 60 + L8 100 + L10 20
      poolBalanceFen: fen(1000),
    });
  });
});

describe("June 2026 after the loan, by slice", () => {
  it("puts renewals and e-CNY loans on the lending bank and the firms' district", () => {
    expect(slice(june, "institution", String(B2)).month).toMatchObject({ loansCount: 2n, renewalsCount: 1n, ecnyLoansCount: 2n });
    expect(slice(june, "institution", String(B1)).month).toMatchObject({ loansCount: 0n, renewalsCount: 0n });
    expect(slice(june, "district", "320583").month).toMatchObject({
      ecnyLoansCount: 2n,
      ecnyLoansAmount: fen(80),
      poolEnrolmentsCount: 2n,
    });
  });

  it("puts the payout and the loan past maturity on B1 and 姑苏", () => {
    expect(slice(may, "institution", String(B1)).month).toMatchObject({ compensationsCount: 1n, compensationsAmount: fen(40) });
    expect(slice(june, "district", "320508").cumulative).toMatchObject({
      maturedUnsettledDelta: 1n,
      maturedUnsettledAmountDelta: fen(100),
      coveredOutstandingDelta: 0n,
    });
    // The pools' balance is the city's alone: it belongs to no district or bank.
    expect(slice(june, "district", "320583").cumulative.poolBalanceDelta).toBe(0n);
  });
});

describe("the bureau's dashboard for June 2026", () => {
  it("shows the after-loan figures with their change on May", () => {
    const board = dashboard(db, "2026-06", Date.now());
    const card = (label: string) => board.afterLoan.find((h) => h.label === label)!;
    expect(card("其中续贷金额")).toMatchObject({ value: formatWanYuan(wan(50)), change: null }); // none in May to compare with
    expect(card("其中数字人民币放款").value).toBe(formatWanYuan(wan(80)));
    expect(card("到期未续未结清")).toMatchObject({ value: formatWanYuan(wan(100)), change: "0.0" });
    expect(card("在保余额（风险补偿）").value).toBe(formatWanYuan(wan(80)));
    expect(card("风险补偿资金池余额")).toMatchObject({ value: formatWanYuan(wan(1170)), change: "21.9" }); // 1,170 / 960 − 1
    expect(card("本月代偿金额")).toMatchObject({ value: formatWanYuan(0), change: "-100.0" });
    expect(board.afterLoanCounts).toEqual({ renewals: 1, ecnyLoans: 2, maturedUnsettled: 1, compensations: 0, recoveriesWan: 10 });
    expect(board.trend.poolBalanceWan.slice(-3)).toEqual([1000, 960, 1170]);
  });
});
