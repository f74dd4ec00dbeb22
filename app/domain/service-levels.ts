/**
 * Service levels of the marketplace (DESIGN.md: a need not claimed within 3 working days, or a claim
 * undecided after 10, is a breach). Pure: the moment a breach happened, if it did, from the facts.
 *
 * A deadline counted across days the working-day calendar does not cover is provisional and never a
 * breach: it would accuse an institution of lateness over what may be a public holiday. Once the year's
 * notice is entered the deadline is exact and the breach, if any, counts from then on
 * (docs/decisions/022-calendar-and-lpr-as-data.md).
 */
import { addWorkingDays, type WorkingDayCalendar } from "~/lib/working-days";

export const CLAIM_WITHIN_WORKING_DAYS = 3;
export const DECIDE_WITHIN_WORKING_DAYS = 10;

/**
 * When a need breached "claimed within 3 working days": its deadline, if no institution claimed it
 * by then and it was still open then; otherwise null. `closedAt` is when it was withdrawn/expired.
 */
export function unclaimedBreachAt(
  calendar: WorkingDayCalendar,
  postedAt: number,
  firstClaimAt: number | null,
  closedAt: number | null,
  now: number,
): number | null {
  const deadline = addWorkingDays(calendar, postedAt, CLAIM_WITHIN_WORKING_DAYS);
  if (deadline.provisional || deadline.at > now) return null;
  if (firstClaimAt !== null && firstClaimAt <= deadline.at) return null;
  if (closedAt !== null && closedAt <= deadline.at) return null;
  return deadline.at;
}

/** When a claim breached "decided within 10 working days", or null. */
export function undecidedBreachAt(calendar: WorkingDayCalendar, claimedAt: number, decidedAt: number | null, now: number): number | null {
  const deadline = addWorkingDays(calendar, claimedAt, DECIDE_WITHIN_WORKING_DAYS);
  if (deadline.provisional || deadline.at > now) return null;
  if (decidedAt !== null && decidedAt <= deadline.at) return null;
  return deadline.at;
}
