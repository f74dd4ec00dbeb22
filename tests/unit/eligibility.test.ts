import { describe, expect, it } from "vitest";
import { checkEligibility, type ProductTerms } from "~/lib/eligibility";
import { startOfDate } from "~/lib/time";

const now = startOfDate("2026-11-22");
const product: ProductTerms = {
  amountMinFen: 10_000_000, // 10万
  amountMaxFen: 500_000_000, // 500万
  rateMinBp: 345,
  rateMaxBp: 600,
  termMinMonths: 6,
  termMaxMonths: 36,
  guaranteeModes: ["credit", "guarantee"],
  eligibleDistricts: ["320571", "320505"],
  eligibleIndustries: ["C", "I", "M"],
  minGrade: "B",
  minYearsInOperation: 2,
};
const need = { amountFen: 200_000_000, termMonths: 12, guaranteeMode: "credit" as const, rateCeilingBp: 500 };
const applicant = { districtCode: "320571", industrySection: "C", establishedOn: "2019-03-01" };

describe("product eligibility", () => {
  it("accepts a need that fits, saying why for each rule", () => {
    const result = checkEligibility(need, applicant, product, now);
    expect(result.eligible).toBe(true);
    expect(result.checks.map((c) => c.key)).toEqual(["amount", "term", "guarantee", "rate", "district", "industry", "years"]);
  });

  it.each([
    [{ amountFen: 600_000_000 }, {}, "amount", "需求金额超过产品上限（产品额度 10.00 万元–500.00 万元）"],
    [{ amountFen: 5_000_000 }, {}, "amount", "需求金额低于产品下限（产品额度 10.00 万元–500.00 万元）"],
    [{ termMonths: 48 }, {}, "term", "期限 48 个月不在产品期限 6–36 个月内"],
    [{ guaranteeMode: "mortgage" as const }, {}, "guarantee", "产品不提供抵押方式"],
    [{ rateCeilingBp: 300 }, {}, "rate", "产品最低利率 3.45% 高于可接受的 3.00%"],
    [{}, { districtCode: "320581" }, "district", "产品不服务常熟市"],
    [{}, { industrySection: "F" }, "industry", "产品不面向批发和零售业"],
    [{}, { establishedOn: "2025-06-01" }, "years", "经营 1 年，不足 2 年"],
  ])("refuses %o / %o at %s", (needChange, applicantChange, key, text) => {
    const result = checkEligibility({ ...need, ...needChange }, { ...applicant, ...applicantChange }, product, now);
    expect(result.eligible).toBe(false);
    expect(result.checks.filter((c) => !c.ok)).toEqual([{ key, ok: false, text }]);
  });

  it("takes 'any guarantee' and 'no rate ceiling' as fitting", () => {
    const result = checkEligibility({ ...need, guaranteeMode: null, rateCeilingBp: null }, applicant, product, now);
    expect(result.eligible).toBe(true);
    expect(result.checks.some((c) => c.key === "rate")).toBe(false);
  });

  it("checks the minimum grade only once the enterprise has a grade", () => {
    expect(checkEligibility(need, applicant, product, now).checks.some((c) => c.key === "grade")).toBe(false);
    expect(checkEligibility(need, { ...applicant, grade: "A" }, product, now).eligible).toBe(true);
    expect(checkEligibility(need, { ...applicant, grade: "C" }, product, now).checks.at(-1)).toEqual({
      key: "grade",
      ok: false,
      text: "信用等级未达到 B 级",
    });
    expect(checkEligibility(need, { ...applicant, grade: null }, product, now).eligible).toBe(false);
  });
});
