/**
 * A small, hand-made city whose March 2026 statistics were worked out on paper (numbers in the
 * comments). Two districts (姑苏 320508, 昆山 320583), two banks plus one that leaves in March.
 */
import { describe, expect, it } from "vitest";
import { indicatorsOf, stocksOf, type Measures } from "~/lib/statistics";
import { computeReport, type Breakdown, type ReportData } from "~/services/statistics.server";
import { createTestDatabase } from "../support/db";
import { createFacts, wan } from "../support/facts";

const { db } = createTestDatabase();
const f = createFacts(db);

// Enterprises: E1 姑苏 C small (Dec), E2 昆山 F micro (Jan), E3 昆山 C medium (Mar), E4 姑苏 I micro (Mar).
const E1 = f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2025-12-10 10:00" });
const E2 = f.enterprise({ district: "320583", industry: "F", size: "micro", registered: "2026-01-15 10:00" });
const E3 = f.enterprise({ district: "320583", industry: "C", size: "medium", registered: "2026-03-05 10:00" });
const E4 = f.enterprise({ district: "320508", industry: "I", size: "micro", registered: "2026-03-20 10:00" });
const B1 = f.institution({ name: "甲银行", joined: "2025-12-01 09:00" });
const B2 = f.institution({ name: "乙银行", joined: "2026-02-01 09:00" });
const B3 = f.institution({ name: "丙银行", joined: "2025-12-01 09:00", left: "2026-03-15 09:00" });
f.product(B1, [{ listed: "2025-12-05 09:00" }]);
f.product(B2, [{ listed: "2026-02-10 09:00", delisted: "2026-03-25 09:00" }]);
f.product(B2, [{ listed: "2026-03-01 09:00" }]);

const N1 = f.need(E1, 100, "2025-12-15 10:00");
const N2 = f.need(E2, 50, "2026-01-20 09:00");
const N3 = f.need(E1, 200, "2026-03-02 09:00");
const N4 = f.need(E2, 80, "2026-03-03 10:00");
const N5 = f.need(E3, 300, "2026-03-06 14:00");
const N6 = f.need(E4, 30, "2026-03-25 11:00");
f.need(E3, 10, "2026-03-31 23:30"); // last minutes of March in Shanghai: counts in March
f.need(E4, 20, "2026-04-01 00:10"); // first minutes of April: does not

const C1 = f.claim(N1, B1, "2025-12-16 10:00", { granted: "2025-12-20 10:00", amountWan: 90 });
f.claim(N2, B2, "2026-02-02 09:00", { rejected: "2026-02-10 09:00" });
const C8 = f.claim(N2, B1, "2026-01-21 09:00", { granted: "2026-01-25 09:00", amountWan: 40 });
const C3 = f.claim(N3, B1, "2026-03-02 15:00", { granted: "2026-03-05 09:00", amountWan: 200 }); // 6 h
f.claim(N3, B2, "2026-03-03 09:00", { rejected: "2026-03-04 09:00" }); // 24 h
const C5 = f.claim(N4, B2, "2026-03-04 10:00", { granted: "2026-03-10 09:00", amountWan: 80 }); // 24 h
f.claim(N5, B1, "2026-03-06 16:00", { granted: "2026-04-02 09:00", amountWan: 250 }); // 2 h, granted in April
const C7 = f.claim(N6, B1, "2026-03-26 11:00", { granted: "2026-03-28 09:00", amountWan: 30 }); // 24 h

const L1 = f.loan(C1, { disbursedOn: "2025-12-28", amountWan: 90, rateBp: 420, mode: "guarantee" }); // E1's first loan
const L4 = f.loan(C8, { disbursedOn: "2026-01-28", amountWan: 40, rateBp: 500, mode: "credit" }); // E2's first loan
const L2 = f.loan(C3, { disbursedOn: "2026-03-09", amountWan: 200, rateBp: 380, mode: "pledge" });
f.loan(C5, { disbursedOn: "2026-03-15", amountWan: 80, rateBp: 450, mode: "credit" });
f.loan(C7, { disbursedOn: "2026-03-30", amountWan: 30, rateBp: 350, mode: "credit" }); // E4's first loan

// Loan statuses, reported out of order: L1 overdue in February, npl from March; L4 settled in February.
f.status(L1, "2026-03", "npl");
f.status(L1, "2026-01", "normal");
f.status(L1, "2026-02", "overdue");
f.status(L4, "2026-02", "settled");
f.status(L2, "2026-03", "normal");

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
    expect(indicatorsOf(b1.month)).toMatchObject({ claimsCount: 3n, avgClaimHours: "10.7", grantsCount: 2n, loansAmountFen: BigInt(wan(230)), firstLoanEnterprises: 1n });
    expect(stocksOf(b1.cumulative).listedProducts).toBe(1n);
    const b2 = slice("institution", String(B2)).periods;
    expect(indicatorsOf(b2.month)).toMatchObject({ claimsCount: 2n, avgClaimHours: "24.0", loansAmountFen: BigInt(wan(80)), weightedRate: "4.50" });
    expect(stocksOf(b2.cumulative).listedProducts).toBe(1n);
    expect(indicatorsOf(slice("institution", String(B3)).periods.month).claimsCount).toBe(0n);
  });

  it("has every breakdown add up to the city's figure, for every additive measure and period", () => {
    expectBreakdownsAddUp(report);
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
