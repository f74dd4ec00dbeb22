/** March 2026 of the hand-made city (tests/support/hand-made-city.ts), checked against numbers worked out by hand. */
import { describe, expect, it } from "vitest";
import { indicatorsOf, stocksOf, type Measures } from "~/lib/statistics";
import type { Breakdown, ReportData } from "~/lib/report-layout";
import { computeReport } from "~/services/statistics.server";
import { createTestDatabase } from "../support/db";
import { wan } from "../support/facts";
import { buildHandMadeCity } from "../support/hand-made-city";

const { db } = createTestDatabase();
const { B1, B2, B3 } = buildHandMadeCity(db);

const report = computeReport(db, "2026-03");
const slice = (dim: Breakdown, key: string) => report.breakdowns[dim].find((s) => s.key === key)!;

describe("March 2026, the whole city", () => {
  it("counts the month's flows", () => {
    expect(indicatorsOf(report.total.month)).toEqual({
      enterprisesNew: 2n, // E3, E4
      needsCount: 5n, // N3 N4 N5 N6 and the 23:30 need; not the 00:10 April one
      needsAmountFen: BigInt(wan(620)), // 200 + 80 + 300 + 30 + 10
      claimsCount: 5n, // C3 C4 C5 C6 C7
      grantsCount: 3n, // C3 C5 C7 (C6 is granted in April)
      grantsAmountFen: BigInt(wan(310)), // 200 + 80 + 30
      loansCount: 3n, // L2 L3 L5
      loansAmountFen: BigInt(wan(310)),
      creditLoansCount: 2n, // L3 L5
      creditLoansAmountFen: BigInt(wan(110)),
      creditShare: "35.48", // 110 / 310
      firstLoanEnterprises: 1n, // E4 (E1's first loan was in December, E2's in January)
      weightedRate: "3.95", // (200×3.80 + 80×4.50 + 30×3.50) / 310 = 3.9516
      avgClaimHours: "16.0", // (6 + 24 + 24 + 2 + 24) / 5
      avgDisburseDays: "7.6", // (6d15h + 11d14h + 4d13h) / 3 = 7.583
      renewalsCount: 0n, // no renewal, e-CNY loan or pool in the hand-made city (see statistics-after-loan.test.ts)
      renewalsAmountFen: 0n,
      ecnyLoansCount: 0n,
      ecnyLoansAmountFen: 0n,
      poolEnrolmentsCount: 0n,
      poolEnrolmentsAmountFen: 0n,
      compensationsCount: 0n,
      compensationsAmountFen: 0n,
      recoveriesAmountFen: 0n,
    });
  });

  it("adds up January to March (本年累计) and everything since launch (累计)", () => {
    const ytd = indicatorsOf(report.total.ytd);
    expect(ytd).toMatchObject({
      enterprisesNew: 3n,
      needsCount: 6n,
      needsAmountFen: BigInt(wan(670)),
      claimsCount: 7n, // + C8 (Jan), C2 (Feb)
      grantsCount: 4n, // + C8
      grantsAmountFen: BigInt(wan(350)),
      loansCount: 4n, // + L4
      loansAmountFen: BigInt(wan(350)),
      creditLoansAmountFen: BigInt(wan(150)),
      creditShare: "42.86",
      firstLoanEnterprises: 2n, // E2 (Jan), E4 (Mar)
      weightedRate: "4.07", // (76000 + 36000 + 10500 + 40×500) / 350 = 407.14 bp
    });
    const all = indicatorsOf(report.total.cumulative);
    expect(all).toMatchObject({
      needsCount: 8n - 1n, // every need but April's
      claimsCount: 8n,
      grantsCount: 5n,
      grantsAmountFen: BigInt(wan(440)),
      loansCount: 5n,
      loansAmountFen: BigInt(wan(440)),
      firstLoanEnterprises: 3n,
    });
  });

  it("states the stocks at the end of March", () => {
    expect(stocksOf(report.total.cumulative)).toEqual({
      enterprises: 4n,
      institutions: 2n, // 丙银行 left on 15 March
      listedProducts: 2n, // one of 乙银行's was delisted on 25 March
      outstandingAmountFen: BigInt(wan(400)), // L1 90 + L2 200 + L3 80 + L5 30 (L4 settled)
      nplAmountFen: BigInt(wan(90)), // L1
      nplRatio: "22.50",
      // Nothing after the loan in the hand-made city's March (tests/integration/statistics-after-loan.test.ts):
      maturedUnsettledCount: 0n, // every loan matures after March
      maturedUnsettledAmountFen: 0n,
      coveredOutstandingFen: 0n,
      poolBalanceFen: 0n,
    });
  });

  it("gives February's stock as February saw it, whatever was reported later", () => {
    const february = computeReport(db, "2026-02");
    expect(stocksOf(february.total.cumulative)).toMatchObject({
      institutions: 3n,
      listedProducts: 2n,
      outstandingAmountFen: BigInt(wan(90)), // L1 overdue; L4 settled in February
      nplAmountFen: 0n,
      nplRatio: "0.00",
    });
  });
});

describe("March 2026 by district and by institution", () => {
  it("splits 姑苏 and 昆山 as worked out by hand", () => {
    expect(indicatorsOf(slice("district", "320508").periods.month)).toMatchObject({
      enterprisesNew: 1n,
      needsCount: 2n,
      needsAmountFen: BigInt(wan(230)),
      claimsCount: 3n,
      grantsAmountFen: BigInt(wan(230)),
      loansCount: 2n,
      creditLoansAmountFen: BigInt(wan(30)),
      firstLoanEnterprises: 1n,
    });
    expect(stocksOf(slice("district", "320508").periods.cumulative).nplRatio).toBe("28.13"); // 90 / 320
    expect(indicatorsOf(slice("district", "320583").periods.month)).toMatchObject({
      needsCount: 3n,
      needsAmountFen: BigInt(wan(390)),
      claimsCount: 2n,
      loansCount: 1n,
      firstLoanEnterprises: 0n,
    });
    expect(stocksOf(slice("district", "320583").periods.cumulative).nplRatio).toBe("0.00");
    expect(indicatorsOf(slice("district", "320505").periods.month).loansCount).toBe(0n);
  });

  it("gives each institution its claims, grants, loans, response time and listed products", () => {
    const b1 = slice("institution", String(B1)).periods;
    expect(indicatorsOf(b1.month)).toMatchObject({
      claimsCount: 3n,
      avgClaimHours: "10.7",
      grantsCount: 2n,
      loansAmountFen: BigInt(wan(230)),
      firstLoanEnterprises: 1n,
    });
    expect(stocksOf(b1.cumulative).listedProducts).toBe(1n);
    const b2 = slice("institution", String(B2)).periods;
    expect(indicatorsOf(b2.month)).toMatchObject({
      claimsCount: 2n,
      avgClaimHours: "24.0",
      loansAmountFen: BigInt(wan(80)),
      weightedRate: "4.50",
    });
    expect(stocksOf(b2.cumulative).listedProducts).toBe(1n);
    expect(indicatorsOf(slice("institution", String(B3)).periods.month).claimsCount).toBe(0n);
  });

  it("has every breakdown add up to the city's figure, for every additive measure and period", () => {
    expectBreakdownsAddUp(report);
  });
});

describe("service levels in March", () => {
  it("counts the claim decided after its 10-working-day deadline (20 March) and no unclaimed need", () => {
    // N5 was claimed by 甲银行 on Friday 6 March at 16:00 and granted only on 2 April.
    expect(report.serviceLevels.undecidedClaims).toBe(1);
    expect(report.serviceLevels.unclaimedNeeds).toBe(0);
    expect(report.serviceLevels.byInstitution.find((i) => i.key === String(B1))).toMatchObject({
      label: "甲银行",
      undecidedClaims: 1,
      unclaimedApplications: 0,
    });
  });
});

describe("sparse months", () => {
  it("shows — rather than 0 or NaN for rates in a month without loans", () => {
    const empty = indicatorsOf(computeReport(db, "2026-05").total.month);
    expect(empty).toMatchObject({ loansCount: 0n, weightedRate: null, creditShare: null, avgDisburseDays: null, avgClaimHours: null });
  });

  it("reports the first month of operation, and a month before it, without failing", () => {
    const first = computeReport(db, "2025-12");
    expect(indicatorsOf(first.total.month)).toMatchObject({ needsCount: 1n, loansCount: 1n, firstLoanEnterprises: 1n });
    expect(first.total.ytd).toEqual(first.total.month);
    const before = computeReport(db, "2025-11");
    expect(stocksOf(before.total.cumulative)).toMatchObject({ enterprises: 0n, nplRatio: null });
  });
});

/** Σ over every breakdown's slices equals the total, except measures a breakdown does not carry. */
export function expectBreakdownsAddUp(data: ReportData) {
  // Needs and registrations belong to enterprises, not institutions; institutions count themselves.
  const notByInstitution = new Set(["enterprisesNew", "needsCount", "needsAmount", "institutionsDelta"]);
  const notByEnterprise = new Set(["institutionsDelta", "productsDelta"]);
  for (const [dim, slices] of Object.entries(data.breakdowns)) {
    for (const period of ["month", "ytd", "cumulative"] as const) {
      const total = data.total[period];
      for (const measure of Object.keys(total) as (keyof Measures)[]) {
        if (dim === "institution" ? notByInstitution.has(measure) : notByEnterprise.has(measure)) continue;
        const sum = slices.reduce((acc, s) => acc + s.periods[period][measure], 0n);
        expect(sum, `${dim} ${period} ${measure}`).toBe(total[measure]);
      }
    }
  }
}
