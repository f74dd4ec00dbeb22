/** fast-check generators of needs, applicants and products, shared by the ranking tests. */
import fc from "fast-check";
import { GUARANTEE_MODES, type GuaranteeMode } from "~/domain/marketplace";
import { CREDIT_GRADES, type CreditGrade } from "~/domain/scoring";
import type { ProductTerms } from "~/lib/eligibility";

const DISTRICTS = ["320505", "320506", "320571", "320583"];
const INDUSTRIES = ["C", "F", "I", "M"];
const WAN = 1_000_000;

const sortedPair = (min: number, max: number) =>
  fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
const subsetOrAll = (all: string[]) => fc.option(fc.subarray(all, { minLength: 1 }), { nil: null });

export const productArb: fc.Arbitrary<ProductTerms> = fc
  .record({
    amount: sortedPair(1, 500),
    rate: sortedPair(300, 800),
    term: sortedPair(1, 60),
    guaranteeModes: fc.subarray([...GUARANTEE_MODES], { minLength: 1 }),
    eligibleDistricts: subsetOrAll(DISTRICTS),
    eligibleIndustries: subsetOrAll(INDUSTRIES),
    minGrade: fc.option(fc.constantFrom<CreditGrade>(...CREDIT_GRADES), { nil: null }),
    minYearsInOperation: fc.integer({ min: 0, max: 5 }),
  })
  .map((p) => ({
    amountMinFen: p.amount[0] * WAN,
    amountMaxFen: p.amount[1] * WAN,
    rateMinBp: p.rate[0],
    rateMaxBp: p.rate[1],
    termMinMonths: p.term[0],
    termMaxMonths: p.term[1],
    guaranteeModes: p.guaranteeModes as GuaranteeMode[],
    eligibleDistricts: p.eligibleDistricts,
    eligibleIndustries: p.eligibleIndustries,
    minGrade: p.minGrade,
    minYearsInOperation: p.minYearsInOperation,
  }));

export const needArb = fc.record({
  amountFen: fc.integer({ min: 1, max: 500 }).map((w) => w * WAN),
  termMonths: fc.integer({ min: 1, max: 60 }),
  guaranteeMode: fc.option(fc.constantFrom<GuaranteeMode>(...GUARANTEE_MODES), { nil: null }),
  rateCeilingBp: fc.option(fc.integer({ min: 300, max: 800 }), { nil: null }),
});

export const applicantArb = fc.record({
  districtCode: fc.constantFrom(...DISTRICTS),
  industrySection: fc.constantFrom(...INDUSTRIES),
  establishedOn: fc.constantFrom("2025-06-01", "2024-01-15", "2022-11-30", "2019-03-01", "2010-07-07"),
  grade: fc.option(fc.constantFrom<CreditGrade>(...CREDIT_GRADES), { nil: null }),
});
