/**
 * Ranking arithmetic for the officer's queue and the enterprise's product list (issue 5). Pure.
 * Choices and their reasons: docs/decisions/007-ranking.md.
 *
 * Hard filters first: a need is shown only when the enterprise is not knocked out and at least one
 * listed product of the institution (or the product it applied to) passes every eligibility check —
 * `passes` is the same rule as checkEligibility (app/lib/eligibility.ts) without the words, so the
 * queue can test thousands of needs per request; a property test holds the two together.
 *
 * Then the fit score, all integers:
 *   credit score (an enterprise not yet scored counts as the neutral 600)
 *   + the best eligible product's fit: amount 0–10 and term 0–10 (10 at the middle of the product's
 *     range, falling to 0 at its ends), rate 0–20 (20 when the enterprise accepts every rate the
 *     product charges or set no ceiling; in proportion to the share of the product's rate range under
 *     its ceiling otherwise)
 *   + waiting 2 per calendar day since posting, at most 20 (claims are due within 3 working days)
 *   + 30 when the need applied to this institution's product (only it can serve it).
 */
import type { GuaranteeMode } from "~/domain/marketplace";
import type { CreditGrade } from "~/domain/scoring";
import { meetsMinGrade, type ProductTerms } from "./eligibility";
import { DAY_MS, dateOf, startOfDate } from "./time";

/** The officer queue's orders; "fit" is the ranking above. */
export const QUEUE_SORTS = ["fit", "score", "oldest", "newest", "amount"] as const;

export const UNSCORED_POINTS = 600;
export const APPLICATION_POINTS = 30;
const AGE_POINTS_PER_DAY = 2;
const AGE_POINTS_MAX = 20;

/** A best: a grade "at least B" is a rank at most 1. */
export const GRADE_RANK: Record<CreditGrade, number> = { A: 0, B: 1, C: 2, D: 3 };

/** What the hard filters need to know about a need and its enterprise. */
export type RankNeed = {
  amountFen: number;
  termMonths: number;
  guaranteeMode: GuaranteeMode | null;
  rateCeilingBp: number | null;
  districtCode: string;
  industrySection: string;
  /** Whole years in operation, computed once per need. */
  years: number;
  /** Null when the enterprise has no score yet. */
  grade: CreditGrade | null;
};

/** The eligibility rule of checkEligibility, without the words. */
export function passes(need: RankNeed, p: ProductTerms): boolean {
  return (
    need.amountFen >= p.amountMinFen &&
    need.amountFen <= p.amountMaxFen &&
    need.termMonths >= p.termMinMonths &&
    need.termMonths <= p.termMaxMonths &&
    (need.guaranteeMode === null || p.guaranteeModes.includes(need.guaranteeMode)) &&
    (need.rateCeilingBp === null || p.rateMinBp <= need.rateCeilingBp) &&
    (p.eligibleDistricts === null || p.eligibleDistricts.includes(need.districtCode)) &&
    (p.eligibleIndustries === null || p.eligibleIndustries.includes(need.industrySection)) &&
    need.years >= p.minYearsInOperation &&
    meetsMinGrade(need.grade, p.minGrade)
  );
}

/** 10 at the middle of [min, max], falling linearly to 0 at either end; 10 for a single-value range. */
function centred(value: number, min: number, max: number): number {
  if (max === min) return 10;
  const half = (max - min) / 2;
  return Math.max(0, 10 - Math.round((10 * Math.abs(value - (min + half))) / half));
}

export type ProductFit = { amount: number; term: number; rate: number; total: number };

/** How well an eligible product suits the need (0–40). */
export function productFit(need: Pick<RankNeed, "amountFen" | "termMonths" | "rateCeilingBp">, p: ProductTerms): ProductFit {
  const amount = centred(need.amountFen, p.amountMinFen, p.amountMaxFen);
  const term = centred(need.termMonths, p.termMinMonths, p.termMaxMonths);
  const rate =
    need.rateCeilingBp === null || need.rateCeilingBp >= p.rateMaxBp
      ? 20
      : Math.max(0, Math.round((20 * (need.rateCeilingBp - p.rateMinBp)) / (p.rateMaxBp - p.rateMinBp)));
  return { amount, term, rate, total: amount + term + rate };
}

/** Calendar days (Asia/Shanghai) since posting, so the points hold still through a day. */
export function agePoints(postedAt: number, now: number): number {
  const days = Math.round((startOfDate(dateOf(now)) - startOfDate(dateOf(postedAt))) / DAY_MS);
  return Math.min(AGE_POINTS_MAX, AGE_POINTS_PER_DAY * Math.max(0, days));
}

export type FitBreakdown = { credit: number; product: ProductFit; age: number; application: number; total: number };

export function fitScore(score: number | null, product: ProductFit, postedAt: number, applied: boolean, now: number): FitBreakdown {
  const credit = score ?? UNSCORED_POINTS;
  const age = agePoints(postedAt, now);
  const application = applied ? APPLICATION_POINTS : 0;
  return { credit, product, age, application, total: credit + product.total + age + application };
}

/** The breakdown in words for the officer, zh-CN. */
export function fitReasons(fit: FitBreakdown, scored: boolean, productName: string): string[] {
  const out = [scored ? `信用评分 ${fit.credit} 分` : `尚未评分，按中性 ${UNSCORED_POINTS} 分计`];
  out.push(`最匹配产品“${productName}”：额度 +${fit.product.amount}、期限 +${fit.product.term}、利率空间 +${fit.product.rate}`);
  if (fit.age > 0) out.push(`已等待，+${fit.age}`);
  if (fit.application > 0) out.push(`申请本机构产品，+${fit.application}`);
  return out;
}
