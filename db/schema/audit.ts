/** Append-only log of privileged actions; triggers in the migrations refuse UPDATE and DELETE. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    /** Null for actions the system itself takes (seeding, start-up). */
    actorUserId: text("actor_user_id").references(() => users.id),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    /** JSON object with the action's particulars; never a password or token. */
    detail: text("detail").notNull().default("{}"),
  },
  (t) => [index("audit_log_at_idx").on(t.at)],
);
