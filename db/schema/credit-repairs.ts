/**
 * 信用修复 applications with their evidence files and timeline, the 信用承诺 an enterprise signs, and
 * the 违诺 (breaches) officers record (app/domain/credit-repairs.ts, app/domain/commitments.ts).
 * Commitments, steps and breaches are append-only (triggers in the migration refuse changes).
 */
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { COMMITMENT_KINDS } from "~/domain/commitments";
import { EVIDENCE_TYPES, REPAIR_STATUSES, REPAIR_STEP_KINDS, REPAIRABLE_EVENT_KINDS } from "~/domain/credit-repairs";
import { enterprises, institutions, users } from "./accounts";
import { creditBatches, creditEvents } from "./credit";

/** A signed 信用承诺: who ticked which version of which text, when, for what. */
export const commitments = sqliteTable(
  "commitments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    kind: text("kind", { enum: COMMITMENT_KINDS }).notNull(),
    version: text("version").notNull(),
    signedByUserId: text("signed_by_user_id")
      .notNull()
      .references(() => users.id),
    signedAt: integer("signed_at").notNull(),
    /** What it was signed for: the need (kind need) or the repair application (kind repair). */
    subjectId: integer("subject_id").notNull(),
  },
  (t) => [
    uniqueIndex("commitments_subject_unique").on(t.kind, t.subjectId),
    index("commitments_enterprise_idx").on(t.enterpriseId, t.signedAt),
  ],
);

export const creditRepairs = sqliteTable(
  "credit_repairs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    /** The record to repair, as it stood when the application was made. */
    eventId: integer("event_id")
      .notNull()
      .references(() => creditEvents.id),
    eventKind: text("event_kind", { enum: REPAIRABLE_EVENT_KINDS }).notNull(),
    eventReference: text("event_reference").notNull(),
    /** 整改说明: what the firm did to correct the offence. */
    statement: text("statement").notNull(),
    status: text("status", { enum: REPAIR_STATUSES }).notNull(),
    filedAt: integer("filed_at").notNull(),
    filedByUserId: text("filed_by_user_id")
      .notNull()
      .references(() => users.id),
    /** The last (re)submission, which starts the bureau's 5 working days. */
    submittedAt: integer("submitted_at").notNull(),
    dueAt: integer("due_at").notNull(),
    decidedAt: integer("decided_at"),
    decidedByUserId: text("decided_by_user_id").references(() => users.id),
    /** The reason of a refusal, or what the bureau asks for. */
    bureauNote: text("bureau_note"),
    /** The batch that wrote the credit_repair event when accepted. */
    repairBatchId: integer("repair_batch_id").references(() => creditBatches.id),
  },
  (t) => [
    index("credit_repairs_enterprise_idx").on(t.enterpriseId, t.filedAt),
    index("credit_repairs_status_idx").on(t.status, t.dueAt),
    // One open application per record.
    uniqueIndex("credit_repairs_open_unique")
      .on(t.enterpriseId, t.eventKind, t.eventReference)
      .where(sql`${t.status} IN ('submitted', 'more_requested')`),
  ],
);

/** Evidence files, stored on disk next to the database by content hash; the type is read from the bytes. */
export const creditRepairFiles = sqliteTable(
  "credit_repair_files",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    repairId: integer("repair_id")
      .notNull()
      .references(() => creditRepairs.id),
    /** The name the firm gave it, shown only. */
    filename: text("filename").notNull(),
    mediaType: text("media_type", { enum: EVIDENCE_TYPES }).notNull(),
    bytes: integer("bytes").notNull(),
    sha256: text("sha256").notNull(),
    uploadedAt: integer("uploaded_at").notNull(),
    uploadedByUserId: text("uploaded_by_user_id")
      .notNull()
      .references(() => users.id),
  },
  (t) => [index("credit_repair_files_repair_idx").on(t.repairId)],
);

export const creditRepairSteps = sqliteTable(
  "credit_repair_steps",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    repairId: integer("repair_id")
      .notNull()
      .references(() => creditRepairs.id),
    kind: text("kind", { enum: REPAIR_STEP_KINDS }).notNull(),
    actorUserId: text("actor_user_id")
      .notNull()
      .references(() => users.id),
    note: text("note"),
    at: integer("at").notNull(),
  },
  (t) => [index("credit_repair_steps_repair_idx").on(t.repairId, t.at)],
);

/**
 * A 违诺 recorded by an officer (a bank's on a need it works, or the bureau's on a repair application):
 * written to the firm's public record as a commitment_breach event, so it is scored, shown and disputable.
 */
export const commitmentBreaches = sqliteTable(
  "commitment_breaches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enterpriseId: integer("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    commitmentId: integer("commitment_id")
      .notNull()
      .references(() => commitments.id),
    reason: text("reason").notNull(),
    recordedByUserId: text("recorded_by_user_id")
      .notNull()
      .references(() => users.id),
    /** The recorder's bank; null for the bureau. */
    institutionId: integer("institution_id").references(() => institutions.id),
    recordedAt: integer("recorded_at").notNull(),
    /** The commitment_breach event's reference (文书号) and the batch that wrote it. */
    reference: text("reference").notNull().unique(),
    batchId: integer("batch_id")
      .notNull()
      .references(() => creditBatches.id),
  },
  (t) => [
    index("commitment_breaches_enterprise_idx").on(t.enterpriseId),
    uniqueIndex("commitment_breaches_commitment_unique").on(t.commitmentId),
    check("commitment_breaches_reason", sql`length(${t.reason}) > 0`),
  ],
);
