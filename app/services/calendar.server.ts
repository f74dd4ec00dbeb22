/**
 * The working-day calendar as data (docs/decisions/022-calendar-and-lpr-as-data.md): the State
 * Council's annual holiday notices, entered and corrected by the administrator, every version kept.
 * The calendar value the pure functions in app/lib/working-days.ts take is built from the versions in
 * force and cached per database handle, keyed on the newest version's id: an entry or a correction
 * changes that id, so the next read sees it at once, and a read costs one indexed max() otherwise.
 */
import { desc, eq, inArray, sql } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { CALENDAR_DAY_KIND_LABELS } from "~/domain/calendar";
import { dateOf } from "~/lib/time";
import type { HolidayNoticeInput } from "~/lib/validation/calendar";
import { buildCalendar, calendarWarning, type CalendarDay, type CalendarWarning, type WorkingDayCalendar } from "~/lib/working-days";
import { writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import { holidayNoticeDays, holidayNotices, users } from "~db/schema";
import { recordAudit } from "./audit.server";
import { failFields, type FieldsRefused, type Outcome } from "./outcome";

const cache = new WeakMap<AppDatabase, WorkingDayCalendar>();

function calendarVersion(db: AppDatabase | Tx): number {
  return (
    db
      .select({ id: sql<number | null>`max(${holidayNotices.id})` })
      .from(holidayNotices)
      .get()?.id ?? 0
  );
}

/** Each year's notice version in force: the newest one. */
function noticesInForce(db: AppDatabase | Tx) {
  return db
    .select()
    .from(holidayNotices)
    .where(sql`${holidayNotices.id} = (SELECT max(n2.id) FROM holiday_notices n2 WHERE n2.year = ${holidayNotices.year})`)
    .orderBy(holidayNotices.year)
    .all();
}

function daysOf(db: AppDatabase | Tx, noticeIds: number[]): Map<number, CalendarDay[]> {
  const byNotice = new Map<number, CalendarDay[]>(noticeIds.map((id) => [id, []]));
  if (noticeIds.length === 0) return byNotice;
  const rows = db
    .select({ noticeId: holidayNoticeDays.noticeId, date: holidayNoticeDays.date, kind: holidayNoticeDays.kind })
    .from(holidayNoticeDays)
    .where(inArray(holidayNoticeDays.noticeId, noticeIds))
    .orderBy(holidayNoticeDays.date)
    .all();
  for (const r of rows) byNotice.get(r.noticeId)!.push({ date: r.date, kind: r.kind });
  return byNotice;
}

/** The working-day calendar in force, from the database (cached until the data changes). */
export function workingCalendar(db: AppDatabase): WorkingDayCalendar {
  const version = calendarVersion(db);
  const cached = cache.get(db);
  if (cached && cached.version === version) return cached;
  const notices = noticesInForce(db);
  const days = daysOf(
    db,
    notices.map((n) => n.id),
  );
  const calendar = buildCalendar(
    version,
    notices.map((n) => ({ year: n.year, days: days.get(n.id)! })),
  );
  cache.set(db, calendar);
  return calendar;
}

/** What the administrator's home says about the calendar's coverage today, if anything. */
export function calendarStatus(db: AppDatabase, now: number): CalendarWarning | null {
  return calendarWarning(workingCalendar(db).years, dateOf(now));
}

export type NoticeVersion = {
  id: number;
  reference: string;
  note: string | null;
  enteredBy: string | null;
  enteredAt: number;
  holidays: string[];
  workdays: string[];
  /** Against the version it corrected: days added and removed, in words. */
  changes: string[];
};

export type CalendarYear = { year: number; current: NoticeVersion; history: NoticeVersion[] };

function changesBetween(before: CalendarDay[], after: CalendarDay[]): string[] {
  const key = (d: CalendarDay) => `${d.date}:${d.kind}`;
  const was = new Set(before.map(key));
  const is = new Set(after.map(key));
  return [
    ...after.filter((d) => !was.has(key(d))).map((d) => `新增 ${d.date} ${CALENDAR_DAY_KIND_LABELS[d.kind]}`),
    ...before.filter((d) => !is.has(key(d))).map((d) => `取消 ${d.date} ${CALENDAR_DAY_KIND_LABELS[d.kind]}`),
  ];
}

/** Every covered year, newest first, with the version in force and the earlier versions it replaced. */
export function calendarYears(db: AppDatabase): CalendarYear[] {
  const all = db
    .select({ notice: holidayNotices, enteredBy: users.displayName })
    .from(holidayNotices)
    .leftJoin(users, eq(users.id, holidayNotices.enteredByUserId))
    .orderBy(desc(holidayNotices.year), holidayNotices.id)
    .all();
  const days = daysOf(
    db,
    all.map((r) => r.notice.id),
  );
  const byYear = new Map<number, NoticeVersion[]>();
  for (const { notice, enteredBy } of all) {
    const versions = byYear.get(notice.year) ?? [];
    const own = days.get(notice.id)!;
    const previous = versions.at(-1);
    versions.push({
      id: notice.id,
      reference: notice.reference,
      note: notice.note,
      enteredBy,
      enteredAt: notice.enteredAt,
      holidays: own.filter((d) => d.kind === "holiday").map((d) => d.date),
      workdays: own.filter((d) => d.kind === "adjusted_workday").map((d) => d.date),
      changes: previous
        ? changesBetween(
            [
              ...previous.holidays.map((date) => ({ date, kind: "holiday" as const })),
              ...previous.workdays.map((date) => ({ date, kind: "adjusted_workday" as const })),
            ],
            own,
          )
        : [],
    });
    byYear.set(notice.year, versions);
  }
  return [...byYear].map(([year, versions]) => ({ year, current: versions.at(-1)!, history: versions.slice(0, -1).reverse() }));
}

/**
 * Enters a year's notice (intent "create": the year must have none yet) or corrects the one in force
 * (intent "correct": a new version naming the one it supersedes, with the reason). Audited.
 */
export function saveHolidayNotice(
  db: AppDatabase,
  actor: SessionUser,
  input: HolidayNoticeInput,
  now: number,
): Outcome<{ noticeId: number }, FieldsRefused> {
  return writeTransaction(db, (tx) => {
    const current = tx
      .select()
      .from(holidayNotices)
      .where(eq(holidayNotices.year, input.year))
      .orderBy(desc(holidayNotices.id))
      .limit(1)
      .get();
    if (input.intent === "create" && current) {
      return failFields({ year: `${input.year} 年的通知已录入（${current.reference}）；如需修改，请在该年份下“更正”` }, 409);
    }
    if (input.intent === "correct" && !current) {
      return failFields({ year: `${input.year} 年尚未录入通知，无可更正` }, 409);
    }
    if (current && input.intent === "correct") {
      const before = daysOf(tx, [current.id]).get(current.id)!;
      if (current.reference === input.reference && changesBetween(before, input.days).length === 0) {
        return failFields({ holidays: "与现行版本完全相同，没有需要更正的内容" }, 400);
      }
    }
    const noticeId = tx
      .insert(holidayNotices)
      .values({
        year: input.year,
        reference: input.reference,
        supersedesId: input.intent === "correct" ? current!.id : null,
        note: input.intent === "correct" ? input.reason : input.reason || null,
        enteredByUserId: actor.id,
        enteredAt: now,
      })
      .returning({ id: holidayNotices.id })
      .get().id;
    tx.insert(holidayNoticeDays)
      .values(input.days.map((d) => ({ noticeId, date: d.date, kind: d.kind })))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: input.intent === "create" ? "calendar.enter" : "calendar.correct",
      targetType: "holiday_notice",
      targetId: noticeId,
      detail: {
        year: input.year,
        reference: input.reference,
        holidays: input.days.filter((d) => d.kind === "holiday").length,
        adjustedWorkdays: input.days.filter((d) => d.kind === "adjusted_workday").length,
        ...(input.intent === "correct" ? { supersedes: current!.id, reason: input.reason } : {}),
      },
      at: now,
    });
    return { ok: true as const, noticeId };
  });
}
