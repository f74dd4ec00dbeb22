/**
 * Schemas of the administrator's reference-data forms: a year's holiday notice (entered or corrected)
 * and a published LPR. Dates are typed as text: holiday periods one per line ("2027-02-06 至 2027-02-13"
 * or a single date), adjusted workdays as dates separated by lines, commas or 、.
 */
import * as v from "valibot";
import { normalizeTyped } from "~/lib/text";
import { addDays, isCalendarDate, startOfDate, weekdayOf } from "~/lib/time";
import type { CalendarDay } from "~/lib/working-days";
import { calendarDateField, integerField, optionalText, percentField, readable, requiredText } from "./fields";

/** The longest holiday period a notice declares is 8–9 days; anything much longer is a typo. */
export const MAX_HOLIDAY_PERIOD_DAYS = 15;

const WEEKDAY_NAMES = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];
const RANGE_RE = /^(\d{4}-\d{1,2}-\d{1,2})(?:\s*(?:至|到|~|～|—|–|－|\s-\s)\s*(\d{4}-\d{1,2}-\d{1,2}))?$/;

const pad = (date: string) =>
  date.replace(/^(\d{4})-(\d{1,2})-(\d{1,2})$/, (_, y: string, m: string, d: string) => `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`);

/** Entries of a text area: split on line breaks, commas, semicolons and 、, trimmed, blanks dropped. */
function entries(text: string): string[] {
  return normalizeTyped(text)
    .split(/[\r\n,，;；、]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

type Parsed = { dates: string[]; problem: string | null };

/** Holiday periods → the dates they cover, or the first entry that cannot be read. */
export function parseHolidayPeriods(text: string): Parsed {
  const dates: string[] = [];
  for (const entry of entries(text)) {
    const m = RANGE_RE.exec(entry);
    const from = m ? pad(m[1]!) : "";
    const to = m?.[2] ? pad(m[2]) : from;
    if (!m || !isCalendarDate(from) || !isCalendarDate(to)) {
      return { dates, problem: `“${entry}”不是有效的日期或日期段，请写成 2027-10-01 或 2027-10-01 至 2027-10-07` };
    }
    if (to < from) return { dates, problem: `日期段“${entry}”的结束日期早于开始日期` };
    if (Math.round((startOfDate(to) - startOfDate(from)) / 86_400_000) + 1 > MAX_HOLIDAY_PERIOD_DAYS) {
      return { dates, problem: `日期段“${entry}”超过 ${MAX_HOLIDAY_PERIOD_DAYS} 天，请检查是否填错` };
    }
    for (let day = from; day <= to; day = addDays(day, 1)) dates.push(day);
  }
  return { dates: [...new Set(dates)].sort(), problem: null };
}

/** Single dates → the dates, or the first entry that is not one. */
export function parseDates(text: string): Parsed {
  const dates: string[] = [];
  for (const entry of entries(text)) {
    const date = /^\d{4}-\d{1,2}-\d{1,2}$/.test(entry) ? pad(entry) : "";
    if (!isCalendarDate(date)) return { dates, problem: `“${entry}”不是有效的日期，请写成 2027-02-07 这样的格式，每行一个` };
    dates.push(date);
  }
  return { dates: [...new Set(dates)].sort(), problem: null };
}

/** Consecutive dates folded back into the periods the form shows ("2026-10-01 至 2026-10-07"). */
export function periodLines(dates: readonly string[]): string {
  const sorted = [...dates].sort();
  const lines: string[] = [];
  let start = sorted[0];
  for (let i = 0; i < sorted.length; i++) {
    const day = sorted[i]!;
    const next = sorted[i + 1];
    if (next !== addDays(day, 1)) {
      lines.push(start === day ? day : `${start} 至 ${day}`);
      start = next;
    }
  }
  return lines.join("\n");
}

function datesField(label: string, parse: (text: string) => Parsed, required: boolean) {
  return v.pipe(
    v.optional(v.string(), ""),
    v.maxLength(2_000, `${label}不能超过2000个字`),
    readable(label),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const parsed = parse(dataset.value);
      if (parsed.problem) {
        addIssue({ message: parsed.problem });
        return NEVER;
      }
      if (required && parsed.dates.length === 0) {
        addIssue({ message: `请填写${label}` });
        return NEVER;
      }
      return parsed.dates;
    }),
  );
}

const noticeFields = v.object({
  intent: v.picklist(["create", "correct"], "无法识别的操作"),
  year: integerField("年份", 2000, 2100),
  reference: v.pipe(
    requiredText("通知文号", 40, 6),
    v.transform((s) => s.replace(/[[［(（【]/, "〔").replace(/[\]］)）】]/, "〕")),
    v.regex(/^\S+〔\d{4}〕\d+号$/, "通知文号应形如 国办发明电〔2025〕7号"),
  ),
  holidays: datesField("放假日期", parseHolidayPeriods, true),
  workdays: datesField("调休上班日期", parseDates, false),
  reason: optionalText("更正原因", 200),
});
type NoticeFields = v.InferOutput<typeof noticeFields>;

const outsideYear = (n: NoticeFields, dates: string[]) => dates.find((d) => !d.startsWith(`${n.year}-`));
const clash = (n: NoticeFields) => n.workdays.find((d) => n.holidays.includes(d));
const weekdayWorkday = (n: NoticeFields) =>
  n.workdays.find((d) => {
    const w = weekdayOf(startOfDate(d));
    return w !== 0 && w !== 6;
  });

function fieldCheck(field: keyof NoticeFields, ok: (n: NoticeFields) => boolean, message: (n: NoticeFields) => string) {
  return v.forward<NoticeFields, v.CheckIssue<NoticeFields>, [string]>(
    v.check(ok, (issue) => message(issue.input as NoticeFields)),
    [field] as never,
  );
}

/** A year's notice, as entered the first time or corrected (then with a reason). */
export const holidayNoticeSchema = v.pipe(
  noticeFields,
  fieldCheck(
    "holidays",
    (n) => !outsideYear(n, n.holidays),
    (n) => `${outsideYear(n, n.holidays)} 不在 ${n.year} 年内：每年的通知只录入该年的日期`,
  ),
  fieldCheck(
    "workdays",
    (n) => !outsideYear(n, n.workdays),
    (n) => `${outsideYear(n, n.workdays)} 不在 ${n.year} 年内：每年的通知只录入该年的日期`,
  ),
  fieldCheck(
    "workdays",
    (n) => !clash(n),
    (n) => `${clash(n)} 同时填为放假日和调休上班日，请删去其中一处`,
  ),
  fieldCheck(
    "workdays",
    (n) => !weekdayWorkday(n),
    (n) => {
      const d = weekdayWorkday(n)!;
      return `${d} 是${WEEKDAY_NAMES[weekdayOf(startOfDate(d))]}，调休上班日只能是周六或周日`;
    },
  ),
  fieldCheck(
    "reason",
    (n) => n.intent === "create" || n.reason.length >= 4,
    () => "请写明更正原因（至少4个字），更正前的版本会与原因一并保留",
  ),
  v.transform((n) => ({
    intent: n.intent,
    year: n.year,
    reference: n.reference,
    days: [
      ...n.holidays.map((date): CalendarDay => ({ date, kind: "holiday" })),
      ...n.workdays.map((date): CalendarDay => ({ date, kind: "adjusted_workday" })),
    ].sort((a, b) => (a.date < b.date ? -1 : 1)),
    reason: n.reason,
  })),
);
export type HolidayNoticeInput = v.InferOutput<typeof holidayNoticeSchema>;

/** LPR began to be quoted on the reformed basis on this date (中国人民银行公告〔2019〕第15号). */
export const LPR_REFORM_DATE = "2019-08-20";

/** A published LPR: effective date (not in the future), the one-year rate and optionally the five-year one. */
export function lprSchema(today: string) {
  return v.object({
    effectiveOn: v.pipe(
      calendarDateField("生效日期"),
      v.check((d) => d >= LPR_REFORM_DATE, `生效日期不能早于 ${LPR_REFORM_DATE}（LPR 改革后首次报价）`),
      v.check((d) => d <= today, "生效日期不能晚于今天：请在报价公布后录入"),
    ),
    oneYear: percentField("一年期 LPR", { maxBp: 2_000 }),
    fiveYear: v.optional(v.union([v.literal(""), percentField("五年期以上 LPR", { maxBp: 2_000 })]), ""),
    note: optionalText("说明", 200),
  });
}
export type LprInput = v.InferOutput<ReturnType<typeof lprSchema>>;
