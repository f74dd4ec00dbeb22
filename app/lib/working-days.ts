/**
 * Working days in mainland China: Monday to Friday, minus the public holidays, plus the weekend days
 * declared working days (调休) — from the State Council's annual notices (国务院办公厅关于部分节假日安排
 * 的通知), which the administrator enters at /admin/calendar. The calendar is a value built from those
 * rows (app/services/calendar.server.ts loads it); nothing here reads a table or a constant of days.
 *
 * A year without a notice is not covered: its days are counted Monday to Friday, and every deadline
 * whose span touches such a year says so (`provisional`), so a holiday is never silently a working day
 * (docs/decisions/022-calendar-and-lpr-as-data.md).
 */
import type { CalendarDayKind } from "~/domain/calendar";
import { addDays, dateOf, DAY_MS, formatDateTime, SHANGHAI_OFFSET_MS, startOfDate, weekdayOf } from "./time";

export type CalendarDay = { date: string; kind: CalendarDayKind };

/** How a deadline is shown when the calendar does not cover its span. */
export const PROVISIONAL_DEADLINE_TEXT = "预计，按周一至周五推算";

/** A deadline as text (tables, exports), saying when it is an estimate. */
export function deadlineText(at: number, provisional: boolean): string {
  return provisional ? `${formatDateTime(at)}（${PROVISIONAL_DEADLINE_TEXT}）` : formatDateTime(at);
}

/** Days before the calendar runs out from which the administrator is warned. */
export const CALENDAR_WARNING_DAYS = 60;

export type WorkingDayCalendar = {
  /** Changes whenever the calendar's data changes (the newest notice version's id). */
  readonly version: number;
  /** Years that have a notice in force, ascending. */
  readonly years: readonly number[];
  readonly holidays: ReadonlySet<string>;
  readonly adjustedWorkdays: ReadonlySet<string>;
  /** Per (day, n): memo of deadlines, filled as they are asked for. */
  readonly memo: Map<number, { deadlineDayStart: number; startsOnWorkingDay: boolean; provisional: boolean }>;
};

/** A deadline, and whether it was counted across days the calendar does not cover. */
export type Deadline = { at: number; provisional: boolean };

/** The calendar of the notices in force: one list of days per covered year. */
export function buildCalendar(version: number, notices: readonly { year: number; days: readonly CalendarDay[] }[]): WorkingDayCalendar {
  const holidays = new Set<string>();
  const adjustedWorkdays = new Set<string>();
  for (const notice of notices) {
    for (const day of notice.days) (day.kind === "holiday" ? holidays : adjustedWorkdays).add(day.date);
  }
  return {
    version,
    years: [...new Set(notices.map((n) => n.year))].sort((a, b) => a - b),
    holidays,
    adjustedWorkdays,
    memo: new Map(),
  };
}

const yearOf = (date: string) => Number(date.slice(0, 4));

export function isCovered(calendar: WorkingDayCalendar, date: string): boolean {
  return calendar.years.includes(yearOf(date));
}

/** Whether every day from `fromDate` to `toDate` (inclusive) lies in a covered year. */
export function coversSpan(calendar: WorkingDayCalendar, fromDate: string, toDate: string): boolean {
  for (let year = yearOf(fromDate); year <= yearOf(toDate); year++) if (!calendar.years.includes(year)) return false;
  return true;
}

/** In an uncovered year, Monday to Friday (check `isCovered` before relying on the answer). */
export function isWorkingDay(calendar: WorkingDayCalendar, date: string): boolean {
  if (calendar.holidays.has(date)) return false;
  if (calendar.adjustedWorkdays.has(date)) return true;
  const weekday = weekdayOf(startOfDate(date));
  return weekday !== 0 && weekday !== 6;
}

/**
 * The instant at which `days` full working days have passed since `from`: the clock counts only
 * during working days (a need posted on Friday afternoon has until Wednesday afternoon for 3 days).
 * Provisional when a day from `from`'s date to the deadline's lies in a year without a notice.
 * Memoised per calendar day: service-level scans call this once per need and claim.
 */
export function addWorkingDays(calendar: WorkingDayCalendar, from: number, days: number): Deadline {
  const dayIndex = Math.floor((from + SHANGHAI_OFFSET_MS) / DAY_MS);
  const dayStart = dayIndex * DAY_MS - SHANGHAI_OFFSET_MS;
  const key = dayIndex * 1000 + days;
  let entry = calendar.memo.get(key);
  if (entry === undefined) {
    const date = dateOf(from);
    let day = date;
    let remaining = days;
    while (remaining > 0) {
      day = addDays(day, 1);
      if (isWorkingDay(calendar, day)) remaining -= 1;
    }
    entry = {
      deadlineDayStart: startOfDate(day),
      startsOnWorkingDay: isWorkingDay(calendar, date),
      provisional: !coversSpan(calendar, date, day),
    };
    calendar.memo.set(key, entry);
  }
  // Started on a day off: the clock starts next working day, so the deadline is the end of the last counted day.
  return { at: entry.deadlineDayStart + (entry.startsOnWorkingDay ? from - dayStart : DAY_MS), provisional: entry.provisional };
}

/**
 * Where a stored deadline stands: provisional while the calendar does not cover the days from its start
 * to it, and overdue only when it is still open, past and not provisional (docs/decisions/022).
 */
export function deadlineState(
  calendar: WorkingDayCalendar,
  startedAt: number,
  dueAt: number,
  open: boolean,
  now: number,
): { dueProvisional: boolean; overdue: boolean } {
  const dueProvisional = !coversSpan(calendar, dateOf(startedAt), dateOf(dueAt));
  return { dueProvisional, overdue: !dueProvisional && open && now > dueAt };
}

/** Whole working days from `from` to `to` (0 when `to` is earlier), and whether that count is provisional. */
export function workingDaysBetween(calendar: WorkingDayCalendar, from: number, to: number): { days: number; provisional: boolean } {
  let days = 0;
  while (addWorkingDays(calendar, from, days + 1).at <= to) days += 1;
  return { days, provisional: !coversSpan(calendar, dateOf(from), dateOf(Math.max(from, to))) };
}

export type CalendarWarning = {
  kind: "expiring" | "expired";
  /** The last day of the covered run that includes today; null when today's year is not covered. */
  coveredUntil: string | null;
  /** Days from today to `coveredUntil` (0 on its last day). */
  daysLeft: number | null;
  /** The year whose notice the administrator should enter next. */
  yearToEnter: number;
  message: string;
};

/**
 * What the administrator's home says about the calendar's coverage on `today`: nothing while the
 * covered run that includes today lasts more than CALENDAR_WARNING_DAYS more days; a reminder from
 * then on; an alarm once today's year has no notice.
 */
export function calendarWarning(years: readonly number[], today: string): CalendarWarning | null {
  const year = yearOf(today);
  if (!years.includes(year)) {
    return {
      kind: "expired",
      coveredUntil: null,
      daysLeft: null,
      yearToEnter: year,
      message: `工作日历未覆盖 ${year} 年：本年的工作日暂按周一至周五推算，相关期限均标注为“预计”，超时也不会被判定。请尽快录入国务院办公厅 ${year} 年部分节假日安排的通知。`,
    };
  }
  let last = year;
  while (years.includes(last + 1)) last += 1;
  const coveredUntil = `${last}-12-31`;
  const daysLeft = Math.round((startOfDate(coveredUntil) - startOfDate(today)) / DAY_MS);
  if (daysLeft > CALENDAR_WARNING_DAYS) return null;
  return {
    kind: "expiring",
    coveredUntil,
    daysLeft,
    yearToEnter: last + 1,
    message: `工作日历只覆盖到 ${coveredUntil}（还剩 ${daysLeft} 天）。国务院办公厅公布 ${last + 1} 年部分节假日安排的通知后，请及时录入；录入前 ${last + 1} 年的期限按周一至周五推算并标注为“预计”。`,
  };
}
