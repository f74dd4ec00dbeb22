/**
 * Working days in mainland China: Monday to Friday, minus the public holidays, plus the weekend days
 * declared working days (调休) — from the State Council's annual notices
 * (国务院办公厅关于部分节假日安排的通知: 2024 国办发明电〔2023〕7号, 2025 〔2024〕12号, 2026 〔2025〕7号).
 * For years without a table (before 2024, after 2026) every Monday–Friday counts: add the year's
 * notice here when it is published each November.
 */
import { addDays, dateOf, DAY_MS, SHANGHAI_OFFSET_MS, startOfDate, weekdayOf } from "./time";

function range(from: string, days: number): string[] {
  return Array.from({ length: days }, (_, i) => addDays(from, i));
}

/** Days off that fall on Monday–Friday or weekends within a holiday period. */
const HOLIDAYS = new Set<string>([
  // 2024
  "2024-01-01", ...range("2024-02-10", 8), ...range("2024-04-04", 3), ...range("2024-05-01", 5),
  "2024-06-10", ...range("2024-09-15", 3), ...range("2024-10-01", 7),
  // 2025
  "2025-01-01", ...range("2025-01-28", 8), ...range("2025-04-04", 3), ...range("2025-05-01", 5),
  ...range("2025-05-31", 3), ...range("2025-10-01", 8),
  // 2026
  ...range("2026-01-01", 3), ...range("2026-02-15", 9), ...range("2026-04-04", 3), ...range("2026-05-01", 5),
  ...range("2026-06-19", 3), ...range("2026-09-25", 3), ...range("2026-10-01", 7),
]);

/** Weekend days declared working days (调休上班). */
const ADJUSTED_WORKDAYS = new Set<string>([
  "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12",
  "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
  "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
]);

export const WORKING_DAY_CALENDAR_YEARS = [2024, 2025, 2026];

export function isWorkingDay(date: string): boolean {
  if (HOLIDAYS.has(date)) return false;
  if (ADJUSTED_WORKDAYS.has(date)) return true;
  const weekday = weekdayOf(startOfDate(date));
  return weekday !== 0 && weekday !== 6;
}

/** Per (day, n): the start of the deadline's day, and whether the starting day is a working day. */
const deadlineCache = new Map<number, { deadlineDayStart: number; startsOnWorkingDay: boolean }>();

/**
 * The instant at which `days` full working days have passed since `from`: the clock counts only
 * during working days (a need posted on Friday afternoon has until Wednesday afternoon for 3 days).
 * Memoised per calendar day: service-level scans call this once per need and claim.
 */
export function addWorkingDays(from: number, days: number): number {
  const dayIndex = Math.floor((from + SHANGHAI_OFFSET_MS) / DAY_MS);
  const dayStart = dayIndex * DAY_MS - SHANGHAI_OFFSET_MS;
  const key = dayIndex * 1000 + days;
  let entry = deadlineCache.get(key);
  if (entry === undefined) {
    const date = dateOf(from);
    let day = date;
    let remaining = days;
    while (remaining > 0) {
      day = addDays(day, 1);
      if (isWorkingDay(day)) remaining -= 1;
    }
    entry = { deadlineDayStart: startOfDate(day), startsOnWorkingDay: isWorkingDay(date) };
    deadlineCache.set(key, entry);
  }
  // Started on a day off: the clock starts next working day, so the deadline is the end of the last counted day.
  return entry.deadlineDayStart + (entry.startsOnWorkingDay ? from - dayStart : DAY_MS);
}

/** Whole working days from `from` to `to` (0 when `to` is earlier). */
export function workingDaysBetween(from: number, to: number): number {
  let count = 0;
  while (addWorkingDays(from, count + 1) <= to) count += 1;
  return count;
}
