/**
 * Interception at decision points (docs/decisions/021-interception-at-decision-points.md).
 *
 * Claiming (受理), granting (授信) and disbursing (放款) for an enterprise that is knocked out at that
 * moment (the scorecard's knock-outs: serious-dishonesty list, open court enforcement, tax grade D) is
 * refused unless an admin of the institution recorded an override for that need. Both tables are
 * append-only (triggers refuse UPDATE and DELETE); the monthly report counts them:
 * - interceptions (outcome refused)                 → 拦截次数, by `at`
 * - interceptionOverrides                           → 豁免记录数, by `at`
 * - interceptions (outcome overridden, claim)       → 豁免受理笔数, by `at` (= the claim's claimedAt)
 * - interceptions (outcome overridden, disburse)    → 豁免放款笔数, by the loan's disbursedAt
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { DECISION_ACTIONS, INTERCEPTION_OUTCOMES, type RecordedKnockOut } from "~/domain/interception";
import { enterprises, institutions, users } from "./accounts";
import { claims, needs } from "./marketplace";

/** 豁免: an institution admin lets its staff go on with one need despite the knock-outs it names. */
export const interceptionOverrides = sqliteTable(
  "interception_overrides",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    needId: integer("need_id")
      .notNull()
      .references(() => needs.id),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    /** JSON array of the knock-outs standing when it was recorded; it covers exactly these codes. */
    knockOuts: text("knock_outs", { mode: "json" }).$type<RecordedKnockOut[]>().notNull(),
    reason: text("reason").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    at: integer("at").notNull(),
  },
  (t) => [index("interception_overrides_need_idx").on(t.needId, t.institutionId), index("interception_overrides_at_idx").on(t.at)],
);

/**
 * Each decision taken for a knocked-out enterprise: refused (拦截), or let through by an override
 * (the override's ids are kept). A decision for an enterprise without knock-outs writes nothing.
 */
export const interceptions = sqliteTable(
  "interceptions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    needId: integer("need_id")
      .notNull()
      .references(() => needs.id),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    /** The claim decided on; for a claim attempt, the claim it created (null when refused). */
    claimId: integer("claim_id").references(() => claims.id),
    action: text("action", { enum: DECISION_ACTIONS }).notNull(),
    outcome: text("outcome", { enum: INTERCEPTION_OUTCOMES }).notNull(),
    knockOuts: text("knock_outs", { mode: "json" }).$type<RecordedKnockOut[]>().notNull(),
    /** JSON array of the override ids that let it through (empty when refused). */
    overrideIds: text("override_ids", { mode: "json" }).$type<number[]>().notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    at: integer("at").notNull(),
  },
  (t) => [index("interceptions_at_idx").on(t.at, t.outcome), index("interceptions_need_idx").on(t.needId)],
);
