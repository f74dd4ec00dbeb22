/** Authorizations (授权) and the query log as the enterprise sees them: statuses in words, officer names masked. */

export type AuthorizationStatus = "active" | "expired" | "revoked";

export const AUTHORIZATION_STATUS_LABELS: Record<AuthorizationStatus, string> = {
  active: "有效",
  expired: "已过期",
  revoked: "已撤销",
};

/** Shown where an authorization names no single institution. */
export const ALL_INSTITUTIONS_LABEL = "全部金融机构";

export const AUTHORIZATION_SCOPE_LABELS: Record<string, string> = {
  credit_profile: "企业信用数据（水电气、纳税、社保、公积金及公共信用记录）",
};

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
