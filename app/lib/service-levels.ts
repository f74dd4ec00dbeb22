/**
 * Service levels of the marketplace (DESIGN.md: a need not claimed within 3 working days, or a claim
 * undecided after 10, is a breach). Pure: the moment a breach happened, if it did, from the facts.
 */
import { addWorkingDays } from "./working-days";

export const CLAIM_WITHIN_WORKING_DAYS = 3;
export const DECIDE_WITHIN_WORKING_DAYS = 10;

/**
 * When a need breached "claimed within 3 working days": its deadline, if no institution claimed it
 * by then and it was still open then; otherwise null. `closedAt` is when it was withdrawn/expired.
 */
export function unclaimedBreachAt(postedAt: number, firstClaimAt: number | null, closedAt: number | null, now: number): number | null {
  const deadline = addWorkingDays(postedAt, CLAIM_WITHIN_WORKING_DAYS);
  if (deadline > now) return null;
  if (firstClaimAt !== null && firstClaimAt <= deadline) return null;
  if (closedAt !== null && closedAt <= deadline) return null;
  return deadline;
}

/** When a claim breached "decided within 10 working days", or null. */
export function undecidedBreachAt(claimedAt: number, decidedAt: number | null, now: number): number | null {
  const deadline = addWorkingDays(claimedAt, DECIDE_WITHIN_WORKING_DAYS);
  if (deadline > now) return null;
  if (decidedAt !== null && decidedAt <= deadline) return null;
  return deadline;
}
