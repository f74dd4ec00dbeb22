/**
 * Authorizations' words (授权): the status an enterprise sees for each one, and what an authorization
 * opens. The status is derived from the dates (app/lib/authorizations.ts), never stored.
 */

export const AUTHORIZATION_STATUSES = ["active", "expired", "revoked"] as const;
export type AuthorizationStatus = (typeof AUTHORIZATION_STATUSES)[number];
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
