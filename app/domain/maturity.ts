/**
 * A loan's maturity (到期): disbursed + term, and what is due around it. 苏州 四贷联动 asks banks to
 * contact a firm at least one month before its loan matures (无还本续贷), so both sides are reminded
 * MATURITY_REMINDER_DAYS before; a loan past its maturity and not settled is flagged.
 */
import { addMonthsToDate } from "~/lib/time";
import type { LoanStatus } from "./marketplace";

/** Days before maturity when the enterprise and the bank are reminded. */
export const MATURITY_REMINDER_DAYS = 30;
/** The windows of the officers' maturity queue. */
export const MATURITY_WINDOWS = [30, 60] as const;
export type MaturityWindow = (typeof MATURITY_WINDOWS)[number];

export type MaturityState = "settled" | "past_due" | "due_soon" | "later";
export const MATURITY_STATE_LABELS: Record<MaturityState, string> = {
  settled: "已结清",
  past_due: "已到期未结清",
  due_soon: `${MATURITY_REMINDER_DAYS} 天内到期`,
  later: "未到期",
};

/**
 * The maturity date of a loan disbursed on `disbursedOn` (YYYY-MM-DD) for `termMonths`: the same day
 * `termMonths` later, or that month's last day when it has no such day (01-31 + 1 month → 02-28/29).
 */
export function maturityDateOf(disbursedOn: string, termMonths: number): string {
  return addMonthsToDate(disbursedOn, termMonths);
}

/**
 * The maturity date in SQLite, as maturityDateOf computes it, of the columns named: date() with
 * '+N months' would roll 01-31 + 1 month over into March, so the day is clamped to the month's last day.
 */
export function maturesOnSql(disbursedOn: string, termMonths: string): string {
  return `min(date(${disbursedOn}, 'start of month', '+' || ${termMonths} || ' months', '+' || (CAST(strftime('%d', ${disbursedOn}) AS INTEGER) - 1) || ' days'), date(${disbursedOn}, 'start of month', '+' || (${termMonths} + 1) || ' months', '-1 day'))`;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function maturityState(maturesOn: string, today: string, status: LoanStatus): MaturityState {
  if (status === "settled") return "settled";
  const days = daysBetween(today, maturesOn);
  if (days < 0) return "past_due";
  return days <= MATURITY_REMINDER_DAYS ? "due_soon" : "later";
}

/** A loan's maturity as the pages show it on `today`: the date, the days left (negative past it) and the state. */
export function maturityOf(loan: { disbursedOn: string; termMonths: number; status: LoanStatus }, today: string) {
  const maturesOn = maturityDateOf(loan.disbursedOn, loan.termMonths);
  return { maturesOn, daysLeft: daysBetween(today, maturesOn), state: maturityState(maturesOn, today, loan.status) };
}
