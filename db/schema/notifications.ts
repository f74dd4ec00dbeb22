/**
 * In-app notifications. Addressed to an enterprise (all its users), an institution (all its staff)
 * or one user; exactly one recipient column is set.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { enterprises, institutions, users } from "./accounts";

export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: integer("enterprise_id").references(() => enterprises.id),
    institutionId: integer("institution_id").references(() => institutions.id),
    userId: text("user_id").references(() => users.id),
    /** Machine-readable kind, e.g. need.claimed, claim.sla_overdue, objection.resolved. */
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** Where the notification leads in the portal. */
    link: text("link"),
    createdAt: integer("created_at").notNull(),
    readAt: integer("read_at"),
  },
  (t) => [
    index("notifications_enterprise_idx").on(t.enterpriseId, t.createdAt),
    index("notifications_institution_idx").on(t.institutionId, t.createdAt),
    index("notifications_user_idx").on(t.userId, t.createdAt),
    check(
      "notifications_one_recipient",
      sql`(${t.enterpriseId} IS NOT NULL) + (${t.institutionId} IS NOT NULL) + (${t.userId} IS NOT NULL) = 1`,
    ),
  ],
);
