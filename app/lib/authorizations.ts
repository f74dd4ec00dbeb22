/** Authorizations (授权) and the query log as the enterprise sees them: statuses from dates, officer names masked. */
import type { AuthorizationStatus } from "~/domain/authorizations";

/** Revoked wins over expired: the enterprise's own act is what it remembers. */
export function authorizationStatus(a: { revokedAt: number | null; expiresAt: number }, now: number): AuthorizationStatus {
  if (a.revokedAt !== null) return "revoked";
  return a.expiresAt <= now ? "expired" : "active";
}

/**
 * An officer's name in the enterprise's query log: the family name and one mark per further
 * character (王小明 → 王**). The institution is shown in full; see docs/decisions/005-objections.md.
 */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return "*";
  return chars[0] + "*".repeat(Math.max(1, chars.length - 1));
}
