/**
 * The working-day calendar's words: the days a State Council holiday notice declares
 * (docs/decisions/022-calendar-and-lpr-as-data.md). The arithmetic is app/lib/working-days.ts.
 */

/** A day off, or a weekend day declared a working day (调休上班). */
export const CALENDAR_DAY_KINDS = ["holiday", "adjusted_workday"] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];
export const CALENDAR_DAY_KIND_LABELS: Record<CalendarDayKind, string> = { holiday: "放假", adjusted_workday: "调休上班" };
