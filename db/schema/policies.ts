/**
 * 政策直达 (app/domain/policies.ts): the bureau's policies with who qualifies, and each delivery to a
 * qualifying enterprise when a policy is published (notified, then read) — the policy's reach.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { EnterpriseSize } from "~/domain/accounts";
import { POLICY_BENEFIT_KINDS, POLICY_STATUSES } from "~/domain/policies";
import { CREDIT_GRADES } from "~/domain/scoring";
import { enterprises, users } from "./accounts";

export const policies = sqliteTable(
  "policies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** 发文单位, e.g. 苏州市地方金融监督管理局. */
    issuer: text("issuer").notNull(),
    benefitKind: text("benefit_kind", { enum: POLICY_BENEFIT_KINDS }).notNull(),
    /** Valid from … to (Asia/Shanghai dates, inclusive). */
    validFrom: text("valid_from").notNull(),
    validTo: text("valid_to").notNull(),
    /** JSON arrays; null for everyone. */
    districts: text("districts", { mode: "json" }).$type<string[] | null>(),
    industries: text("industries", { mode: "json" }).$type<string[] | null>(),
    sizes: text("sizes", { mode: "json" }).$type<EnterpriseSize[] | null>(),
    minGrade: text("min_grade", { enum: CREDIT_GRADES }),
    firstLoanOnly: integer("first_loan_only", { mode: "boolean" }).notNull().default(false),
    productTags: text("product_tags", { mode: "json" }).$type<string[] | null>(),
    status: text("status", { enum: POLICY_STATUSES }).notNull().default("draft"),
    createdAt: integer("created_at").notNull(),
    createdByUserId: text("created_by_user_id").references(() => users.id),
    publishedAt: integer("published_at"),
    publishedByUserId: text("published_by_user_id").references(() => users.id),
    withdrawnAt: integer("withdrawn_at"),
  },
  (t) => [index("policies_status_idx").on(t.status, t.publishedAt)],
);

/** A published policy delivered to one qualifying enterprise: notified at publishing, read when it opened it. */
export const policyDeliveries = sqliteTable(
  "policy_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    policyId: integer("policy_id")
      .notNull()
      .references(() => policies.id),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    notifiedAt: integer("notified_at").notNull(),
    readAt: integer("read_at"),
  },
  (t) => [
    uniqueIndex("policy_deliveries_unique").on(t.policyId, t.enterpriseId),
    index("policy_deliveries_enterprise_idx").on(t.enterpriseId),
  ],
);
