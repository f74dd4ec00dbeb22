/**
 * Credit scoring (issue 5): the scorecard versions and every score computed with them. A model's
 * points table is stored whole, so a score can always be explained by the version that made it.
 * The active version is the one activated last; activation is explicit and audited, never silent.
 * Scores keep their history: a new computation marks the enterprise's previous row not current.
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { CREDIT_GRADES, SCORE_MODEL_KINDS } from "~/domain/scoring";
import type { Improvement, ScoredAttribute, ScoreModel } from "~/lib/scorecard/model";
import type { KnockOut } from "~/lib/scorecard/features";
import { enterprises, institutions, users } from "./accounts";

export type ModelMetrics = {
  /** Hold-out figures of this version and of the version it was fitted from, side by side. */
  holdout?: {
    auc: number | null;
    ks: number | null;
    baseVersion: string;
    baseAuc: number | null;
    baseKs: number | null;
    size: number;
    bads?: number;
  };
  iv?: { key: string; label: string; iv: number; weight: number; dropped: boolean }[];
  trainSize?: number;
  trainBadRate?: number;
  /** How outcomes were read, in words. */
  badDefinition?: string;
};

export const scoreModels = sqliteTable("score_models", {
  version: text("version").primaryKey(),
  kind: text("kind", { enum: SCORE_MODEL_KINDS }).notNull(),
  params: text("params", { mode: "json" }).$type<ScoreModel>().notNull(),
  metrics: text("metrics", { mode: "json" }).$type<ModelMetrics>().notNull(),
  createdAt: integer("created_at").notNull(),
  createdByUserId: text("created_by_user_id").references(() => users.id),
  activatedAt: integer("activated_at"),
  activatedByUserId: text("activated_by_user_id").references(() => users.id),
  activationReason: text("activation_reason"),
});

/** What an enterprise can do and why it is knocked out: the parts of an explanation the points table cannot rebuild. */
/** Knock-outs are stored as code and reason, without the records behind them. */
export type StoredReasons = { improvements: Improvement[]; knockOuts: Omit<KnockOut, "references">[] };
/** The explanation as pages show it: the top reasons up and down come back from the version's table. */
export type ScoreReasons = StoredReasons & { up: string[]; down: string[] };

export const creditScores = sqliteTable(
  "credit_scores",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    modelVersion: text("model_version")
      .notNull()
      .references(() => scoreModels.version),
    /** The last month of the data window (YYYY-MM). */
    asOfMonth: text("as_of_month").notNull(),
    score: integer("score").notNull(),
    grade: text("grade", { enum: CREDIT_GRADES }).notNull(),
    knockedOut: integer("knocked_out", { mode: "boolean" }).notNull(),
    /** [attribute, points] per factor of the version's table, in its order (explainScore turns them into words). */
    contributions: text("contributions", { mode: "json" }).$type<ScoredAttribute[]>().notNull(),
    reasons: text("reasons", { mode: "json" }).$type<StoredReasons>().notNull(),
    computedAt: integer("computed_at").notNull(),
    isCurrent: integer("is_current", { mode: "boolean" }).notNull(),
  },
  (t) => [
    uniqueIndex("credit_scores_current_unique")
      .on(t.enterpriseId)
      .where(sql`${t.isCurrent} = 1`),
    index("credit_scores_history_idx").on(t.enterpriseId, t.computedAt),
    // Ranking and recommendation lists read current, ranked scores.
    index("credit_scores_rank_idx").on(t.isCurrent, t.knockedOut, t.score),
  ],
);

/** 推荐名单: one per district and month, built from current scores, reviewed and pushed by the bureau. */
export const recommendationLists = sqliteTable(
  "recommendation_lists",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    districtCode: text("district_code").notNull(),
    month: text("month").notNull(),
    createdAt: integer("created_at").notNull(),
    createdByUserId: text("created_by_user_id").references(() => users.id),
  },
  (t) => [uniqueIndex("recommendation_lists_unique").on(t.districtCode, t.month)],
);

export const recommendationEntries = sqliteTable(
  "recommendation_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    listId: integer("list_id")
      .notNull()
      .references(() => recommendationLists.id),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    /** Score and grade when the entry was added. */
    score: integer("score").notNull(),
    grade: text("grade", { enum: CREDIT_GRADES }).notNull(),
    modelVersion: text("model_version").notNull(),
    addedAt: integer("added_at").notNull(),
    removedAt: integer("removed_at"),
    removedByUserId: text("removed_by_user_id").references(() => users.id),
    removalReason: text("removal_reason"),
  },
  (t) => [uniqueIndex("recommendation_entries_unique").on(t.listId, t.enterpriseId)],
);

export const recommendationPushes = sqliteTable(
  "recommendation_pushes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    listId: integer("list_id")
      .notNull()
      .references(() => recommendationLists.id),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    pushedAt: integer("pushed_at").notNull(),
    pushedByUserId: text("pushed_by_user_id").references(() => users.id),
  },
  (t) => [
    uniqueIndex("recommendation_pushes_unique").on(t.listId, t.institutionId),
    index("recommendation_pushes_institution_idx").on(t.institutionId, t.pushedAt),
  ],
);
