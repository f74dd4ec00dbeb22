/**
 * Rate limits a product must respect: the judicial protection ceiling of four times the one-year Loan
 * Prime Rate in effect (最高人民法院关于审理民间借贷案件适用法律若干问题的规定, 2020 revision, art. 25).
 * The LPR itself is data: the administrator records each publication of the National Interbank Funding
 * Center (on the 20th of each month) at /admin/lpr, and app/services/lpr.server.ts reads the one in
 * effect; these functions take it as a value.
 */
import { formatRateBp } from "./money";

/** How many times the one-year LPR a loan's annual rate may be. */
export const RATE_CEILING_LPR_MULTIPLE = 4;

export function rateCeilingBpOf(lprOneYearBp: number): number {
  return RATE_CEILING_LPR_MULTIPLE * lprOneYearBp;
}

/** "LPR+85BP" / "LPR−20BP" / "LPR" — how banks quote loan rates against the one-year LPR. */
export function lprRelative(rateBp: number, lprOneYearBp: number): string {
  const spread = rateBp - lprOneYearBp;
  if (spread === 0) return "LPR";
  return `LPR${spread > 0 ? "+" : "−"}${Math.abs(spread)}BP`;
}

/** The hint under a rate field. */
export function rateCeilingText(lprOneYearBp: number): string {
  return `年化利率不得超过一年期 LPR（${formatRateBp(lprOneYearBp)}）的4倍，即 ${formatRateBp(rateCeilingBpOf(lprOneYearBp))}`;
}
