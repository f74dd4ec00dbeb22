/** Accounts: enterprises, institutions, users and their sessions. */
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ENTERPRISE_SIZES, INSTITUTION_KINDS, REGISTRATION_DISPUTE_STATUSES, REGISTRY_CHECKS, ROLES } from "~/domain/accounts";

/** 企业. `registeredAt` is when it joined the platform (入驻), epoch ms. */
export const enterprises = sqliteTable(
  "enterprises",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Unique among enterprises not disabled: a firm registered by someone else is disabled and the real one registers. */
    uscc: text("uscc").notNull(),
    name: text("name").notNull(),
    districtCode: text("district_code").notNull(),
    industrySection: text("industry_section").notNull(),
    size: text("size", { enum: ENTERPRISE_SIZES }).notNull(),
    establishedOn: text("established_on").notNull(),
    legalRepName: text("legal_rep_name").notNull(),
    contactName: text("contact_name").notNull(),
    contactPhone: text("contact_phone").notNull(),
    registeredAt: integer("registered_at").notNull(),
    /**
     * 登记信息核验 (REGISTRY_CHECKS): `matched` or `not_held` at registration; a later registry file may make it
     * `mismatch`, `deregistered` or `revoked` (app/services/registry-checks.server.ts). Plain text, no CHECK.
     */
    registryCheck: text("registry_check", { enum: REGISTRY_CHECKS }).notNull().default("not_held"),
    disabledAt: integer("disabled_at"),
    disabledReason: text("disabled_reason"),
  },
  (t) => [
    uniqueIndex("enterprises_uscc_active_unique")
      .on(t.uscc)
      .where(sql`${t.disabledAt} IS NULL`),
    index("enterprises_uscc_idx").on(t.uscc),
    index("enterprises_district_idx").on(t.districtCode),
    index("enterprises_registered_at_idx").on(t.registeredAt),
  ],
);

/** 金融机构. `joinedAt` is when it joined the platform, epoch ms. */
export const institutions = sqliteTable("institutions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  shortName: text("short_name").notNull(),
  kind: text("kind", { enum: INSTITUTION_KINDS }).notNull(),
  joinedAt: integer("joined_at").notNull(),
  disabledAt: integer("disabled_at"),
});

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    /** Lower-cased login name; an enterprise's is its USCC. */
    username: text("username").notNull().unique(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    displayName: text("display_name").notNull(),
    enterpriseId: integer("enterprise_id").references(() => enterprises.id),
    institutionId: integer("institution_id").references(() => institutions.id),
    createdAt: integer("created_at").notNull(),
    disabledAt: integer("disabled_at"),
    lastLoginAt: integer("last_login_at"),
  },
  (t) => [
    index("users_institution_idx").on(t.institutionId),
    index("users_enterprise_idx").on(t.enterpriseId),
    // A user belongs to exactly what its role says: an enterprise, an institution, or neither.
    check(
      "users_role_owner",
      sql`(${t.role} = 'enterprise' AND ${t.enterpriseId} IS NOT NULL AND ${t.institutionId} IS NULL)
       OR (${t.role} IN ('bank_officer', 'bank_admin') AND ${t.institutionId} IS NOT NULL AND ${t.enterpriseId} IS NULL)
       OR (${t.role} IN ('bureau', 'admin') AND ${t.institutionId} IS NULL AND ${t.enterpriseId} IS NULL)`,
    ),
  ],
);

/** Lucia sessions; `expiresAt` is in unix seconds as the adapter expects. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * A firm says its code was registered by someone else (冒名注册). The admin upholds it (the
 * registration is disabled, its data detached so the real firm can register) or dismisses it.
 */
export const registrationDisputes = sqliteTable(
  "registration_disputes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    uscc: text("uscc").notNull(),
    claimantName: text("claimant_name").notNull(),
    claimantLegalRepName: text("claimant_legal_rep_name").notNull(),
    contactName: text("contact_name").notNull(),
    contactPhone: text("contact_phone").notNull(),
    statement: text("statement").notNull(),
    status: text("status", { enum: REGISTRATION_DISPUTE_STATUSES }).notNull().default("open"),
    filedAt: integer("filed_at").notNull(),
    resolvedAt: integer("resolved_at"),
    resolvedByUserId: text("resolved_by_user_id").references(() => users.id),
    resolution: text("resolution"),
  },
  (t) => [index("registration_disputes_status_idx").on(t.status, t.filedAt)],
);
