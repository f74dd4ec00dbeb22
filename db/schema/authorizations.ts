/**
 * 授权: an enterprise lets one institution (or all, institutionId null) read its detailed credit
 * profile for a purpose until an expiry, revocable at any time. A need's posting creates one.
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { enterprises, institutions, users } from "./accounts";

export const authorizations = sqliteTable(
  "authorizations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    /** Null: every institution on the platform. */
    institutionId: integer("institution_id").references(() => institutions.id),
    /** What may be read: the detailed credit profile. */
    scope: text("scope").notNull().default("credit_profile"),
    /** Why, in words shown to the enterprise and logged with each read (e.g. 融资需求 #12 贷前审查). */
    purpose: text("purpose").notNull(),
    /** The need it was given for, if any (the need table points back through needs.authorizationId). */
    needId: integer("need_id"),
    grantedAt: integer("granted_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
    grantedByUserId: text("granted_by_user_id").references(() => users.id),
  },
  (t) => [index("authorizations_enterprise_idx").on(t.enterpriseId), index("authorizations_institution_idx").on(t.institutionId)],
);
