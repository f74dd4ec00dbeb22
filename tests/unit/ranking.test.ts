import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkEligibility, type ProductTerms } from "~/lib/eligibility";
import { agePoints, fitReasons, fitScore, passes, productFit } from "~/lib/ranking";
import { DAY_MS, startOfDate, yearsSince } from "~/lib/time";
import { applicantArb, needArb, productArb } from "../support/ranking-arbitraries";

const now = startOfDate("2026-11-22") + 10 * 3600_000;
const product: ProductTerms = {
  amountMinFen: 10_000_000,
  amountMaxFen: 510_000_000,
  rateMinBp: 400,
  rateMaxBp: 600,
  termMinMonths: 6,
  termMaxMonths: 36,
  guaranteeModes: ["credit"],
  eligibleDistricts: null,
  eligibleIndustries: null,
  minGrade: null,
  minYearsInOperation: 0,
};

describe("hard filters", () => {
  it("passes() is exactly checkEligibility's verdict, whatever the need, applicant and product", () => {
    fc.assert(
      fc.property(needArb, applicantArb, productArb, (need, applicant, p) => {
        const years = yearsSince(applicant.establishedOn, now);
        expect(passes({ ...need, ...applicant, years }, p)).toBe(checkEligibility(need, applicant, p, now).eligible);
      }),
      { numRuns: 2000 },
    );
  });

  it("an enterprise without a score passes only products with no minimum grade", () => {
    const need = {
      amountFen: 100_000_000,
      termMonths: 12,
      guaranteeMode: null,
      rateCeilingBp: null,
      districtCode: "320505",
      industrySection: "C",
      years: 3,
      grade: null,
    };
    expect(passes(need, product)).toBe(true);
    expect(passes(need, { ...product, minGrade: "D" })).toBe(false);
    expect(passes({ ...need, grade: "B" }, { ...product, minGrade: "B" })).toBe(true);
    expect(passes({ ...need, grade: "C" }, { ...product, minGrade: "B" })).toBe(false);
  });
});

describe("fit score", () => {
  it("gives full amount and term points at the middle of the range and none at its ends", () => {
    expect(productFit({ amountFen: 260_000_000, termMonths: 21, rateCeilingBp: null }, product)).toEqual({
      amount: 10,
      term: 10,
      rate: 20,
      total: 40,
    });
    expect(productFit({ amountFen: 510_000_000, termMonths: 6, rateCeilingBp: null }, product)).toMatchObject({ amount: 0, term: 0 });
  });

  it("gives rate points in proportion to the share of the product's rates the enterprise accepts", () => {
    expect(productFit({ amountFen: 260_000_000, termMonths: 21, rateCeilingBp: 500 }, product).rate).toBe(10);
    expect(productFit({ amountFen: 260_000_000, termMonths: 21, rateCeilingBp: 400 }, product).rate).toBe(0);
    expect(productFit({ amountFen: 260_000_000, termMonths: 21, rateCeilingBp: 650 }, product).rate).toBe(20);
  });

  it("stays within 0–40 for any eligible product and never falls as the rate ceiling rises", () => {
    fc.assert(
      fc.property(needArb, productArb, fc.integer({ min: 0, max: 200 }), (need, p, raise) => {
        const f = productFit(need, p);
        expect(f.total).toBeGreaterThanOrEqual(0);
        expect(f.total).toBeLessThanOrEqual(40);
        if (need.rateCeilingBp !== null && need.rateCeilingBp >= p.rateMinBp) {
          expect(productFit({ ...need, rateCeilingBp: need.rateCeilingBp + raise }, p).rate).toBeGreaterThanOrEqual(f.rate);
        }
      }),
    );
  });

  it("adds 2 points a waiting day up to 20, 30 for an application, and says so", () => {
    // Calendar days in Shanghai: posted late on the 18th, seen on the morning of the 22nd = 4 days.
    expect(agePoints(startOfDate("2026-11-18") + 23 * 3600_000, now)).toBe(8);
    expect(agePoints(now - 3600_000, now)).toBe(0);
    expect(agePoints(now - 40 * DAY_MS, now)).toBe(20);
    const fit = fitScore(712, { amount: 8, term: 10, rate: 20, total: 38 }, now - 2 * DAY_MS, true, now);
    expect(fit.total).toBe(712 + 38 + 4 + 30);
    expect(fitReasons(fit, true, "苏科贷")).toEqual([
      "信用评分 712 分",
      "最匹配产品“苏科贷”：额度 +8、期限 +10、利率空间 +20",
      "已等待，+4",
      "申请本机构产品，+30",
    ]);
    expect(fitScore(null, { amount: 0, term: 0, rate: 0, total: 0 }, now, false, now).total).toBe(600);
  });
});
