/**
 * Reference data the administrator maintains, with history (docs/decisions/022-calendar-and-lpr-as-data.md):
 * the State Council's annual holiday notices (国务院办公厅关于部分节假日安排的通知) that make up the
 * working-day calendar, and the published one-year Loan Prime Rate behind the rate ceiling.
 *
 * All three tables are append-only (triggers in the migrations refuse UPDATE and DELETE). A correction
 * of a year's notice is a new version of it, carrying the whole set of days again and naming the
 * version it supersedes; the version in force for a year is its newest. Likewise a later entry for the
 * same LPR effective date corrects an earlier one.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { CALENDAR_DAY_KINDS } from "~/domain/calendar";
import { users } from "./accounts";

/** One version of a year's holiday notice. Its id also versions the whole calendar (it only grows). */
export const holidayNotices = sqliteTable(
  "holiday_notices",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    year: integer("year").notNull(),
    /** The notice's document number, e.g. 国办发明电〔2025〕7号. */
    reference: text("reference").notNull(),
    /** The version this one corrects; null for a year's first entry. */
    supersedesId: integer("supersedes_id").references((): AnySQLiteColumn => holidayNotices.id),
    /** Why the notice was corrected (required for a correction), or where a first entry came from. */
    note: text("note"),
    /** Null for rows the migrations loaded. */
    enteredByUserId: text("entered_by_user_id").references(() => users.id),
    enteredAt: integer("entered_at").notNull(),
  },
  (t) => [
    index("holiday_notices_year_idx").on(t.year, t.id),
    uniqueIndex("holiday_notices_supersedes_unique").on(t.supersedesId),
    check("holiday_notices_correction_note", sql`${t.supersedesId} IS NULL OR ${t.note} IS NOT NULL`),
  ],
);

/** The days a notice version declares: a day off, or a weekend day declared a working day (调休上班). */
export const holidayNoticeDays = sqliteTable(
  "holiday_notice_days",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    noticeId: integer("notice_id")
      .notNull()
      .references(() => holidayNotices.id),
    date: text("date").notNull(),
    kind: text("kind", { enum: CALENDAR_DAY_KINDS }).notNull(),
  },
  (t) => [uniqueIndex("holiday_notice_days_notice_date_unique").on(t.noticeId, t.date)],
);

/** 贷款市场报价利率 as published by the National Interbank Funding Center, from its effective date. */
export const lprPublications = sqliteTable(
  "lpr_publications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    effectiveOn: text("effective_on").notNull(),
    oneYearBp: integer("one_year_bp").notNull(),
    fiveYearBp: integer("five_year_bp"),
    note: text("note"),
    /** Null for rows the migrations loaded. */
    enteredByUserId: text("entered_by_user_id").references(() => users.id),
    enteredAt: integer("entered_at").notNull(),
  },
  (t) => [
    index("lpr_publications_effective_idx").on(t.effectiveOn, t.id),
    check("lpr_publications_positive", sql`${t.oneYearBp} > 0 AND (${t.fiveYearBp} IS NULL OR ${t.fiveYearBp} > 0)`),
  ],
);
