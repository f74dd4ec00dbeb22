/**
 * Request counters of the rate limits (app/http/rate-limits.server.ts), in the database so that every
 * server process counts the same attempts (docs/decisions/028-several-server-processes.md).
 */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const rateLimitCounters = sqliteTable(
  "rate_limit_counters",
  {
    /** Which limit, e.g. login_failures_by_address. */
    limiter: text("limiter").notNull(),
    /** What it counts for: a username and address, an address, a user id, a provider id. */
    key: text("key").notNull(),
    count: integer("count").notNull(),
    /** Start of the window, or the last failure of a back-off. */
    at: integer("at").notNull(),
    /** From then on the counter means nothing and the maintenance sweep may delete it. */
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.limiter, t.key] }), index("rate_limit_counters_expiry_idx").on(t.expiresAt)],
);
