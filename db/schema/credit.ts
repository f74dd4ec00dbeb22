/**
 * Credit data (DESIGN.md §4): monthly records per enterprise, source and month; yearly tax credit
 * grades; dated public-record events. Every value names the batch that wrote it. A corrected batch does
 * not overwrite: the old row is marked superseded (by which batch, when) and a new current row is
 * written, so history is kept and "current" is one partial unique index away.
 */
import { sql, type SQL } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import {
  BATCH_KINDS,
  BATCH_ORIGINS,
  CREDIT_EVENT_KINDS,
  CREDIT_SOURCES,
  IMPORT_JOB_STATES,
  IMPORT_PHASES,
  PENALTY_SEVERITIES,
  REGISTRY_STATUSES,
  TAX_GRADES,
} from "~/domain/credit";
import { REPAIRABLE_EVENT_KINDS } from "~/domain/credit-repairs";
import { CREDIT_ITEM_TYPES, OBJECTION_STATUSES } from "~/domain/objections";
import { enterprises, institutions, users } from "./accounts";
import { authorizations } from "./authorizations";

/** Who delivers data: a utility, the tax bureau, the social-insurance centre … and what it may send. */
export const dataProviders = sqliteTable("data_providers", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  /** JSON array of the sources (and "tax_grade", "event") the provider may write. */
  sources: text("sources", { mode: "json" }).$type<string[]>().notNull(),
  createdAt: integer("created_at").notNull(),
  disabledAt: integer("disabled_at"),
});

/** API tokens of providers, stored as SHA-256 of the token; the token itself is shown once. */
export const providerTokens = sqliteTable(
  "provider_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    providerId: integer("provider_id")
      .notNull()
      .references(() => dataProviders.id),
    tokenHash: text("token_hash").notNull().unique(),
    /** The first characters, so staff can tell tokens apart without seeing them. */
    prefix: text("prefix").notNull(),
    label: text("label").notNull(),
    createdAt: integer("created_at").notNull(),
    createdByUserId: text("created_by_user_id").references(() => users.id),
    revokedAt: integer("revoked_at"),
    lastUsedAt: integer("last_used_at"),
  },
  (t) => [index("provider_tokens_provider_idx").on(t.providerId)],
);

export const creditBatches = sqliteTable(
  "credit_batches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    origin: text("origin", { enum: BATCH_ORIGINS }).notNull(),
    providerId: integer("provider_id").references(() => dataProviders.id),
    kind: text("kind", { enum: BATCH_KINDS }).notNull(),
    /** For monthly batches: the source; null when rows carry their own. */
    source: text("source"),
    month: text("month"),
    /** The sender's own id for the batch, the key of idempotent re-sending. */
    externalId: text("external_id"),
    contentHash: text("content_hash").notNull(),
    /**
     * "applying" while a large batch is written in chunks that each commit: neither the batch nor its
     * rows are visible yet (see CURRENT_ROW), and the rows it supersedes are still current.
     */
    status: text("status", { enum: ["applying", "applied", "rejected"] }).notNull(),
    rowsTotal: integer("rows_total").notNull(),
    rowsAccepted: integer("rows_accepted").notNull(),
    rowsRejected: integer("rows_rejected").notNull(),
    /** Current values this batch replaced with different ones. */
    rowsSuperseded: integer("rows_superseded").notNull().default(0),
    /** Rows identical to the current value: nothing to change. */
    rowsUnchanged: integer("rows_unchanged").notNull().default(0),
    /** Accepted rows for firms not (yet) registered on the portal: kept, attached when the firm registers. */
    rowsUnregistered: integer("rows_unregistered").notNull().default(0),
    filename: text("filename"),
    createdAt: integer("created_at").notNull(),
    createdByUserId: text("created_by_user_id").references(() => users.id),
    /** While applying: the process writing it, and when it last committed a chunk (an abandoned one is rolled back). */
    applyingPid: integer("applying_pid"),
    applyingAt: integer("applying_at"),
  },
  (t) => [
    uniqueIndex("credit_batches_external_unique").on(t.origin, t.providerId, t.externalId),
    // One batch applies at a time; the index is also how readers find it.
    uniqueIndex("credit_batches_one_applying")
      .on(t.status)
      .where(sql`${t.status} = 'applying'`),
    index("credit_batches_hash_idx").on(t.contentHash),
    index("credit_batches_created_idx").on(t.createdAt),
  ],
);

/**
 * Uploaded files being imported (app/services/import-jobs.server.ts): the upload page polls its job,
 * from whichever server process answers. `process_id` is the process running the import; a job whose
 * process is gone was cut off by a restart (and left nothing behind: a batch applies whole or not at all).
 */
export const creditImportJobs = sqliteTable(
  "credit_import_jobs",
  {
    id: text("id").primaryKey(),
    ownerUserId: text("owner_user_id")
      .notNull()
      .references(() => users.id),
    filename: text("filename").notNull(),
    state: text("state", { enum: IMPORT_JOB_STATES }).notNull(),
    phase: text("phase", { enum: IMPORT_PHASES }),
    done: integer("done").notNull().default(0),
    total: integer("total").notNull(),
    batchId: integer("batch_id").references(() => creditBatches.id),
    batchStatus: text("batch_status", { enum: ["applied", "rejected"] }),
    duplicate: integer("duplicate", { mode: "boolean" }).notNull().default(false),
    message: text("message"),
    processId: integer("process_id").notNull(),
    createdAt: integer("created_at").notNull(),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("credit_import_jobs_finished_idx").on(t.finishedAt)],
);

export const creditBatchRejections = sqliteTable(
  "credit_batch_rejections",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    batchId: integer("batch_id")
      .notNull()
      .references(() => creditBatches.id),
    /** 1-based, as the sender counts rows (for files: the data row after the header). */
    rowNumber: integer("row_number").notNull(),
    field: text("field").notNull(),
    reason: text("reason").notNull(),
    value: text("value"),
  },
  (t) => [index("credit_batch_rejections_batch_idx").on(t.batchId, t.rowNumber)],
);

/**
 * One source's figures for one enterprise and month. Meaning by source:
 *   electricity (kWh) / water (m³) / gas (m³): quantity, billed, paid, paid on time, arrears;
 *   tax: taxPaid, paid on time (filed and paid by the deadline), arrears (欠税);
 *   social_insurance / housing_fund: headcount, billed (应缴), paid, paid on time, arrears.
 */
export const creditMonthly = sqliteTable(
  "credit_monthly",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The firm the row is about, by code: whole-city files cover firms not on the portal too. */
    uscc: text("uscc").notNull(),
    /** Null until the firm registers; registration attaches its rows (see registerEnterprise). */
    enterpriseId: integer("enterprise_id").references(() => enterprises.id),
    source: text("source", { enum: CREDIT_SOURCES }).notNull(),
    month: text("month").notNull(),
    quantity: integer("quantity"),
    billedFen: integer("billed_fen"),
    paidFen: integer("paid_fen"),
    paidOnTime: integer("paid_on_time", { mode: "boolean" }),
    arrearsFen: integer("arrears_fen"),
    headcount: integer("headcount"),
    taxPaidFen: integer("tax_paid_fen"),
    batchId: integer("batch_id")
      .notNull()
      .references(() => creditBatches.id),
    supersededByBatchId: integer("superseded_by_batch_id").references(() => creditBatches.id),
    supersededAt: integer("superseded_at"),
  },
  (t) => [
    uniqueIndex("credit_monthly_current_unique")
      .on(t.uscc, t.source, t.month)
      .where(sql`${t.supersededByBatchId} IS NULL`),
    index("credit_monthly_unattached_idx")
      .on(t.uscc)
      .where(sql`${t.enterpriseId} IS NULL`),
    index("credit_monthly_history_idx").on(t.enterpriseId, t.source, t.month),
    index("credit_monthly_batch_idx").on(t.batchId),
    index("credit_monthly_source_month_idx").on(t.source, t.month),
    index("credit_monthly_superseded_idx")
      .on(t.supersededByBatchId)
      .where(sql`${t.supersededByBatchId} IS NOT NULL`),
  ],
);

export const creditTaxGrades = sqliteTable(
  "credit_tax_grades",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The firm the row is about, by code: whole-city files cover firms not on the portal too. */
    uscc: text("uscc").notNull(),
    /** Null until the firm registers; registration attaches its rows (see registerEnterprise). */
    enterpriseId: integer("enterprise_id").references(() => enterprises.id),
    year: integer("year").notNull(),
    grade: text("grade", { enum: TAX_GRADES }).notNull(),
    batchId: integer("batch_id")
      .notNull()
      .references(() => creditBatches.id),
    supersededByBatchId: integer("superseded_by_batch_id").references(() => creditBatches.id),
    supersededAt: integer("superseded_at"),
  },
  (t) => [
    uniqueIndex("credit_tax_grades_current_unique")
      .on(t.uscc, t.year)
      .where(sql`${t.supersededByBatchId} IS NULL`),
    index("credit_tax_grades_unattached_idx")
      .on(t.uscc)
      .where(sql`${t.enterpriseId} IS NULL`),
    index("credit_tax_grades_enterprise_idx").on(t.enterpriseId, t.year),
    index("credit_tax_grades_batch_idx").on(t.batchId),
    index("credit_tax_grades_superseded_idx")
      .on(t.supersededByBatchId)
      .where(sql`${t.supersededByBatchId} IS NOT NULL`),
  ],
);

/** A public-record event, identified by its authority's reference number (文书号). */
export const creditEvents = sqliteTable(
  "credit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The firm the row is about, by code: whole-city files cover firms not on the portal too. */
    uscc: text("uscc").notNull(),
    /** Null until the firm registers; registration attaches its rows (see registerEnterprise). */
    enterpriseId: integer("enterprise_id").references(() => enterprises.id),
    kind: text("kind", { enum: CREDIT_EVENT_KINDS }).notNull(),
    occurredOn: text("occurred_on").notNull(),
    severity: text("severity", { enum: PENALTY_SEVERITIES }),
    reference: text("reference").notNull(),
    authority: text("authority").notNull(),
    description: text("description").notNull(),
    /** For a credit_repair: the reference (文书号) of the penalty or listing it repairs; it lifts only that record. */
    repairsReference: text("repairs_reference"),
    /**
     * For a credit_repair: the kind of the record it repairs (a penalty and a listing of one firm may
     * share a reference), as the sender named it or as ingest found it among the firm's records. Null on
     * repairs recorded before migration 0027: they lift whatever record carries the reference.
     */
    repairsKind: text("repairs_kind", { enum: REPAIRABLE_EVENT_KINDS }),
    /** For a dishonest_exit: the reference (文书号) of the listing (dishonest_entry) it ends; it ends only that one. */
    listingReference: text("listing_reference"),
    batchId: integer("batch_id")
      .notNull()
      .references(() => creditBatches.id),
    supersededByBatchId: integer("superseded_by_batch_id").references(() => creditBatches.id),
    supersededAt: integer("superseded_at"),
  },
  (t) => [
    uniqueIndex("credit_events_current_unique")
      .on(t.uscc, t.kind, t.reference)
      .where(sql`${t.supersededByBatchId} IS NULL`),
    index("credit_events_enterprise_idx").on(t.enterpriseId, t.occurredOn),
    index("credit_events_uscc_idx").on(t.uscc),
    index("credit_events_batch_idx").on(t.batchId),
    index("credit_events_superseded_idx")
      .on(t.supersededByBatchId)
      .where(sql`${t.supersededByBatchId} IS NOT NULL`),
    check("credit_events_penalty_severity", sql`(${t.kind} = 'penalty') = (${t.severity} IS NOT NULL)`),
  ],
);

// ---- what readers see -------------------------------------------------------------------------------
// A large batch is written in chunks that each commit (credit-ingest.server.ts), under status
// "applying" until its last chunk commits. Until then its rows are not visible and the rows it
// supersedes are still current. Every reader of current credit rows uses one of these; the batch
// lookup is a tiny partial index, so with no batch applying they cost nothing noticeable.

const APPLYING_BATCHES = "(SELECT id FROM credit_batches WHERE status = 'applying')";

/** SQL condition: the row of table alias `t` is current as readers see it. */
export const currentRowSql = (t: string) =>
  `(${t}.superseded_by_batch_id IS NULL AND ${t}.batch_id NOT IN ${APPLYING_BATCHES} OR ${t}.superseded_by_batch_id IN ${APPLYING_BATCHES})`;

/**
 * SQL subquery: the current rows of `table`, for bulk reads that filter further (scoring). Two
 * branches rather than one OR, so SQLite pushes the caller's conditions into each and keeps the
 * indexes on current rows (the OR form falls back to a plainer index).
 */
export const currentRowsOf = (table: string) =>
  `(SELECT * FROM ${table} WHERE superseded_by_batch_id IS NULL AND batch_id NOT IN ${APPLYING_BATCHES}
    UNION ALL SELECT * FROM ${table} WHERE superseded_by_batch_id IN ${APPLYING_BATCHES})`;

type CreditRowColumns = { batchId: AnySQLiteColumn; supersededByBatchId: AnySQLiteColumn };

/** Drizzle condition: the row is current as readers see it. */
export const isCurrentRow = (t: CreditRowColumns): SQL =>
  sql`(${t.supersededByBatchId} IS NULL AND ${t.batchId} NOT IN ${sql.raw(APPLYING_BATCHES)} OR ${t.supersededByBatchId} IN ${sql.raw(APPLYING_BATCHES)})`;

/** Drizzle condition: the row was written by a batch readers can see (current or history). */
export const isVisibleRow = (t: CreditRowColumns): SQL => sql`${t.batchId} NOT IN ${sql.raw(APPLYING_BATCHES)}`;

/** Drizzle condition: the row has been superseded by a batch readers can see. */
export const isSupersededRow = (t: CreditRowColumns): SQL =>
  sql`(${t.supersededByBatchId} IS NOT NULL AND ${t.supersededByBatchId} NOT IN ${sql.raw(APPLYING_BATCHES)})`;

/** The tables of an enterprise's credit rows, keyed by its code and attached to it once registered. */
export const CREDIT_ROW_TABLES = [creditMonthly, creditTaxGrades, creditEvents] as const;

/**
 * 存续企业登记注册: the market regulator's record of a firm, by code. Registration on the portal is
 * checked against it when the platform holds the firm's record. Kept like the other credit data: a
 * changed record supersedes the old one.
 */
export const businessRegistry = sqliteTable(
  "business_registry",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    uscc: text("uscc").notNull(),
    name: text("name").notNull(),
    legalRepName: text("legal_rep_name").notNull(),
    status: text("status", { enum: REGISTRY_STATUSES }).notNull(),
    batchId: integer("batch_id")
      .notNull()
      .references(() => creditBatches.id),
    supersededByBatchId: integer("superseded_by_batch_id").references(() => creditBatches.id),
    supersededAt: integer("superseded_at"),
  },
  (t) => [
    uniqueIndex("business_registry_current_unique")
      .on(t.uscc)
      .where(sql`${t.supersededByBatchId} IS NULL`),
    index("business_registry_superseded_idx")
      .on(t.supersededByBatchId)
      .where(sql`${t.supersededByBatchId} IS NOT NULL`),
    index("business_registry_batch_idx").on(t.batchId),
  ],
);

/** Pages of a sync download, kept until the whole month is applied as one batch; the cursor resumes it. */
export const syncStaging = sqliteTable(
  "sync_staging",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** kind:source:period, e.g. monthly:electricity:2026-10 */
    syncKey: text("sync_key").notNull(),
    page: integer("page").notNull(),
    /** The cursor to ask for next; null when this was the last page. */
    nextCursor: text("next_cursor"),
    externalBatchId: text("external_batch_id").notNull(),
    rows: text("rows", { mode: "json" }).$type<unknown[]>().notNull(),
    fetchedAt: integer("fetched_at").notNull(),
  },
  (t) => [uniqueIndex("sync_staging_key_page_unique").on(t.syncKey, t.page)],
);

/** Every read of an enterprise's detailed credit profile (append-only: triggers refuse changes). */
export const creditQueryLog = sqliteTable(
  "credit_query_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    officerUserId: text("officer_user_id")
      .notNull()
      .references(() => users.id),
    authorizationId: integer("authorization_id")
      .notNull()
      .references(() => authorizations.id),
    purpose: text("purpose").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("credit_query_log_enterprise_idx").on(t.enterpriseId, t.at)],
);

/** 异议: the enterprise disputes one data item; the bureau resolves it by a deadline. */
export const objections = sqliteTable(
  "objections",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    itemType: text("item_type", { enum: CREDIT_ITEM_TYPES }).notNull(),
    /** The row disputed (credit_monthly, credit_tax_grades or credit_events id). */
    itemId: integer("item_id").notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: OBJECTION_STATUSES }).notNull().default("open"),
    filedAt: integer("filed_at").notNull(),
    filedByUserId: text("filed_by_user_id").references(() => users.id),
    dueAt: integer("due_at").notNull(),
    resolvedAt: integer("resolved_at"),
    resolvedByUserId: text("resolved_by_user_id").references(() => users.id),
    resolution: text("resolution"),
    /** The batch that wrote the corrected value when the objection was upheld. */
    correctionBatchId: integer("correction_batch_id").references(() => creditBatches.id),
  },
  (t) => [
    index("objections_enterprise_idx").on(t.enterpriseId, t.filedAt),
    index("objections_status_idx").on(t.status, t.dueAt),
    uniqueIndex("objections_open_item_unique")
      .on(t.itemType, t.itemId)
      .where(sql`${t.status} = 'open'`),
  ],
);
