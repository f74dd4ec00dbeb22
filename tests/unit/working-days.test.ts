import { describe, expect, it } from "vitest";
import { unclaimedBreachAt, undecidedBreachAt } from "~/domain/service-levels";
import { parseForm } from "~/lib/forms";
import { addDays, formatDateTime } from "~/lib/time";
import { holidayNoticeSchema, periodLines } from "~/lib/validation/calendar";
import {
  addWorkingDays,
  buildCalendar,
  calendarWarning,
  deadlineState,
  isCovered,
  isWorkingDay,
  workingDaysBetween,
  type CalendarDay,
} from "~/lib/working-days";
import { at } from "../support/facts";

const days = (kind: CalendarDay["kind"], ...dates: string[]): CalendarDay[] => dates.map((date) => ({ date, kind }));
const span = (from: string, n: number) => Array.from({ length: n }, (_, i) => addDays(from, i));

/** 2025 and 2026 as the State Council's notices (国办发明电〔2024〕12号, 〔2025〕7号) declare them. */
const Y2025 = [
  ...days(
    "holiday",
    "2025-01-01",
    ...span("2025-01-28", 8),
    ...span("2025-04-04", 3),
    ...span("2025-05-01", 5),
    ...span("2025-05-31", 3),
    ...span("2025-10-01", 8),
  ),
  ...days("adjusted_workday", "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"),
];
const Y2026 = [
  ...days(
    "holiday",
    ...span("2026-01-01", 3),
    ...span("2026-02-15", 9),
    ...span("2026-04-04", 3),
    ...span("2026-05-01", 5),
    ...span("2026-06-19", 3),
    ...span("2026-09-25", 3),
    ...span("2026-10-01", 7),
  ),
  ...days("adjusted_workday", "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"),
];
const calendar = buildCalendar(2, [
  { year: 2025, days: Y2025 },
  { year: 2026, days: Y2026 },
]);

const after = (from: string, n: number) => {
  const d = addWorkingDays(calendar, at(from), n);
  return `${formatDateTime(d.at)}${d.provisional ? " (provisional)" : ""}`;
};

describe("working days (China), from the calendar's data", () => {
  it("skips weekends", () => {
    expect(after("2026-11-20 15:00", 3)).toBe("2026-11-25 15:00"); // Friday → Wednesday
  });

  it("starts counting on the next working day when posted on a day off", () => {
    expect(after("2026-11-21 10:00", 3)).toBe("2026-11-26 00:00"); // Saturday → end of Wednesday
  });

  it("skips the National Day week and counts the make-up Saturday", () => {
    expect(isWorkingDay(calendar, "2026-10-05")).toBe(false);
    expect(isWorkingDay(calendar, "2026-10-10")).toBe(true); // 调休上班 (Saturday)
    expect(after("2026-09-30 10:00", 3)).toBe("2026-10-10 10:00");
  });

  it("skips the Spring Festival and counts the Saturday before it", () => {
    expect(isWorkingDay(calendar, "2026-02-14")).toBe(true);
    expect(isWorkingDay(calendar, "2026-02-20")).toBe(false);
    expect(after("2026-02-13 09:00", 3)).toBe("2026-02-25 09:00");
    expect(after("2025-01-24 09:00", 1)).toBe("2025-01-26 09:00"); // Sunday 26 Jan 2025 was a working day
  });

  it("knows nothing of holidays it was not given: the same dates without the data are plain weekdays", () => {
    const empty = buildCalendar(0, []);
    expect(isWorkingDay(empty, "2026-10-05")).toBe(true);
    expect(addWorkingDays(empty, at("2026-09-30 10:00"), 3)).toEqual({ at: at("2026-10-05 10:00"), provisional: true });
  });

  it("counts Monday to Friday past its coverage and says the deadline is provisional", () => {
    expect(isCovered(calendar, "2026-12-31")).toBe(true);
    expect(isCovered(calendar, "2027-01-01")).toBe(false);
    // Tuesday 29 Dec 2026 + 3: Wed 30, Thu 31, Fri 1 Jan 2027 — New Year's Day, counted only because 2027 is not known.
    expect(after("2026-12-29 10:00", 3)).toBe("2027-01-01 10:00 (provisional)");
    // Entirely within the coverage: exact.
    expect(after("2026-12-24 10:00", 3)).toBe("2026-12-29 10:00");
    // A year before the coverage is no better known.
    expect(after("2024-12-30 10:00", 1)).toBe("2024-12-31 10:00 (provisional)");
    expect(workingDaysBetween(calendar, at("2026-12-29 10:00"), at("2027-01-04 10:00"))).toEqual({ days: 4, provisional: true });
  });

  it("calls a stored deadline overdue only while open, once past, and never when it was counted across uncovered days", () => {
    const due = addWorkingDays(calendar, at("2026-12-21 10:00"), 5).at; // 2026-12-28 10:00
    expect(deadlineState(calendar, at("2026-12-21 10:00"), due, true, due + 1)).toEqual({ dueProvisional: false, overdue: true });
    expect(deadlineState(calendar, at("2026-12-21 10:00"), due, true, due)).toEqual({ dueProvisional: false, overdue: false });
    expect(deadlineState(calendar, at("2026-12-21 10:00"), due, false, due + 1)).toEqual({ dueProvisional: false, overdue: false });
    const past = addWorkingDays(calendar, at("2026-12-29 10:00"), 5).at;
    expect(deadlineState(calendar, at("2026-12-29 10:00"), past, true, past + 1)).toEqual({ dueProvisional: true, overdue: false });
  });

  it("changes its answer when the year's notice is added", () => {
    const with2027 = buildCalendar(3, [
      { year: 2025, days: Y2025 },
      { year: 2026, days: Y2026 },
      { year: 2027, days: days("holiday", "2027-01-01", "2027-01-02", "2027-01-03") },
    ]);
    expect(addWorkingDays(with2027, at("2026-12-29 10:00"), 3)).toEqual({ at: at("2027-01-04 10:00"), provisional: false });
  });

  it("counts whole working days between two instants", () => {
    expect(workingDaysBetween(calendar, at("2026-11-20 15:00"), at("2026-11-25 14:59"))).toEqual({ days: 2, provisional: false });
    expect(workingDaysBetween(calendar, at("2026-11-20 15:00"), at("2026-11-25 15:00"))).toEqual({ days: 3, provisional: false });
  });
});

describe("service levels", () => {
  it("breaches 'claimed within 3 working days' only when nobody claimed in time and the need was still open", () => {
    const posted = at("2026-11-20 15:00");
    const deadline = at("2026-11-25 15:00");
    expect(unclaimedBreachAt(calendar, posted, null, null, at("2026-11-25 14:00"))).toBeNull();
    expect(unclaimedBreachAt(calendar, posted, null, null, at("2026-11-26 09:00"))).toBe(deadline);
    expect(unclaimedBreachAt(calendar, posted, at("2026-11-24 10:00"), null, at("2026-11-30 09:00"))).toBeNull();
    expect(unclaimedBreachAt(calendar, posted, at("2026-11-26 10:00"), null, at("2026-11-30 09:00"))).toBe(deadline);
    expect(unclaimedBreachAt(calendar, posted, null, at("2026-11-23 10:00"), at("2026-11-30 09:00"))).toBeNull(); // withdrawn first
  });

  it("breaches 'decided within 10 working days'", () => {
    const claimed = at("2026-11-02 10:00");
    expect(undecidedBreachAt(calendar, claimed, at("2026-11-13 10:00"), at("2026-12-01 00:00"))).toBeNull();
    expect(undecidedBreachAt(calendar, claimed, null, at("2026-12-01 00:00"))).toBe(at("2026-11-16 10:00"));
  });

  it("never calls a deadline counted across uncovered days a breach", () => {
    // Posted 29 Dec 2026: the provisional deadline (1 Jan 2027 10:00) has long passed by 10 Jan, unclaimed.
    expect(unclaimedBreachAt(calendar, at("2026-12-29 10:00"), null, null, at("2027-01-10 09:00"))).toBeNull();
    expect(undecidedBreachAt(calendar, at("2026-12-24 10:00"), null, at("2027-02-01 09:00"))).toBeNull();
    // Within the coverage the same lateness is a breach.
    expect(unclaimedBreachAt(calendar, at("2026-12-22 10:00"), null, null, at("2027-01-10 09:00"))).toBe(at("2026-12-25 10:00"));
  });
});

describe("the calendar's coverage on the administrator's home", () => {
  const years = [2024, 2025, 2026];

  it("says nothing more than 60 days before the calendar runs out", () => {
    expect(calendarWarning(years, "2026-10-31")).toBeNull(); // 61 days before 31 Dec
  });

  it("warns from 60 days before, naming the year whose notice to enter", () => {
    expect(calendarWarning(years, "2026-11-01")).toMatchObject({
      kind: "expiring",
      coveredUntil: "2026-12-31",
      daysLeft: 60,
      yearToEnter: 2027,
    });
    const today = calendarWarning(years, "2026-12-02")!;
    expect(today).toMatchObject({ kind: "expiring", daysLeft: 29, yearToEnter: 2027 });
    expect(today.message).toContain("2026-12-31");
    expect(today.message).toContain("2027 年部分节假日安排的通知");
  });

  it("raises the alarm once today's year has no notice", () => {
    const past = calendarWarning(years, "2027-01-04")!;
    expect(past).toMatchObject({ kind: "expired", coveredUntil: null, yearToEnter: 2027 });
    expect(past.message).toContain("未覆盖 2027 年");
  });

  it("counts the run of consecutive years from today's", () => {
    expect(calendarWarning([2026, 2027], "2026-12-02")).toBeNull();
    expect(calendarWarning([2026, 2028], "2026-12-02")).toMatchObject({ yearToEnter: 2027 });
  });
});

describe("the holiday notice form", () => {
  const valid = {
    intent: "create",
    year: "2027",
    reference: "国办发明电〔2026〕9号",
    holidays: "2027-01-01 至 2027-01-03\n2027-02-06～2027-02-13",
    workdays: "2027-02-14、2027-02-20",
    reason: "",
  };
  const errorsOf = (change: Record<string, string>) => {
    const parsed = parseForm(holidayNoticeSchema, { ...valid, ...change });
    return parsed.ok ? {} : parsed.fieldErrors;
  };

  it("reads holiday periods and adjusted workdays into days", () => {
    const parsed = parseForm(holidayNoticeSchema, valid);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.data.days.filter((d) => d.kind === "holiday")).toHaveLength(11);
    expect(parsed.data.days.filter((d) => d.kind === "adjusted_workday").map((d) => d.date)).toEqual(["2027-02-14", "2027-02-20"]);
    expect(periodLines(parsed.data.days.filter((d) => d.kind === "holiday").map((d) => d.date))).toBe(
      "2027-01-01 至 2027-01-03\n2027-02-06 至 2027-02-13",
    );
  });

  it("refuses with zh-CN messages under the field at fault", () => {
    expect(errorsOf({ holidays: "2026-12-31 至 2027-01-02" })).toEqual({
      holidays: "2026-12-31 不在 2027 年内：每年的通知只录入该年的日期",
    });
    expect(errorsOf({ workdays: "2027-02-13" })).toEqual({ workdays: "2027-02-13 同时填为放假日和调休上班日，请删去其中一处" });
    expect(errorsOf({ workdays: "2027-02-15" })).toEqual({ workdays: "2027-02-15 是星期一，调休上班日只能是周六或周日" });
    expect(errorsOf({ holidays: "2027-02-30" }).holidays).toContain("不是有效的日期或日期段");
    expect(errorsOf({ holidays: "2027-10-07 至 2027-10-01" }).holidays).toContain("结束日期早于开始日期");
    expect(errorsOf({ holidays: "2027-07-01 至 2027-08-31" }).holidays).toContain("超过 15 天");
    expect(errorsOf({ holidays: "" })).toEqual({ holidays: "请填写放假日期" });
    expect(errorsOf({ reference: "2027年放假通知" })).toEqual({ reference: "通知文号应形如 国办发明电〔2025〕7号" });
    expect(errorsOf({ intent: "correct", reason: "" })).toEqual({ reason: "请写明更正原因（至少4个字），更正前的版本会与原因一并保留" });
  });
});
