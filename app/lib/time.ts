/**
 * Dates and months in Asia/Shanghai. China has kept UTC+8 without daylight saving since 1991,
 * so a fixed offset is exact and keeps this module free of Intl time-zone data.
 * Instants are stored as epoch milliseconds; months as "YYYY-MM"; calendar dates as "YYYY-MM-DD".
 */

export const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
export const DAY_MS = 24 * 3600 * 1000;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE_RE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isMonth(value: string): boolean {
  return MONTH_RE.test(value);
}

/** A real calendar date (rejects 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCDate() === Number(m[3]);
}

/** Calendar fields of an instant as seen in Shanghai. */
function shanghaiParts(instant: number) {
  const d = new Date(instant + SHANGHAI_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  };
}

const pad2 = (n: number) => String(n).padStart(2, "0");

export function monthOf(instant: number): string {
  const p = shanghaiParts(instant);
  return `${p.year}-${pad2(p.month)}`;
}

export function dateOf(instant: number): string {
  const p = shanghaiParts(instant);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

export function formatDateTime(instant: number): string {
  const p = shanghaiParts(instant);
  return `${dateOf(instant)} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** 0 = Sunday … 6 = Saturday, in Shanghai. */
export function weekdayOf(instant: number): number {
  return shanghaiParts(instant).weekday;
}

/** The instant at 00:00 Shanghai time of a calendar date. */
export function startOfDate(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) - SHANGHAI_OFFSET_MS;
}

/** The instant at 00:00 Shanghai time on the first day of the month. */
export function startOfMonth(month: string): number {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return Date.UTC(y, m - 1, 1) - SHANGHAI_OFFSET_MS;
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${pad2((index % 12) + 1)}`;
}

/** [start, end) instants of a month: end is the next month's start. */
export function monthBounds(month: string): { start: number; end: number } {
  return { start: startOfMonth(month), end: startOfMonth(addMonths(month, 1)) };
}

/** Months from `from` to `to` inclusive, in order. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The same calendar day n months away, clamped to the month's last day (2024-01-31 + 1 → 2024-02-29). */
export function addMonthsToDate(date: string, n: number): string {
  const month = addMonths(date.slice(0, 7), n);
  const lastDay = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  return `${month}-${String(Math.min(Number(date.slice(8, 10)), lastDay)).padStart(2, "0")}`;
}

export function addDays(date: string, n: number): string {
  return dateOf(startOfDate(date) + n * DAY_MS);
}

/** "2026年11月" */
export function formatMonthZh(month: string): string {
  const [y, m] = month.split("-");
  return `${y}年${Number(m)}月`;
}

/** Whole years between a calendar date and an instant, as a birthday would count them. */
export function yearsSince(date: string, instant: number): number {
  const now = shanghaiParts(instant);
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  let years = now.year - y;
  if (now.month < m || (now.month === m && now.day < d)) years -= 1;
  return Math.max(0, years);
}
