import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  dateOf,
  formatDateTime,
  formatMonthZh,
  isCalendarDate,
  isMonth,
  monthBounds,
  monthOf,
  monthsBetween,
  startOfDate,
  yearsSince,
} from "~/lib/time";

describe("months and dates in Asia/Shanghai", () => {
  it("puts 23:30 UTC on the last day of a month into the next Shanghai month", () => {
    const instant = Date.parse("2026-01-31T16:30:00Z"); // 00:30 on 1 February in Shanghai
    expect(monthOf(instant)).toBe("2026-02");
    expect(dateOf(instant)).toBe("2026-02-01");
    expect(formatDateTime(instant)).toBe("2026-02-01 00:30");
  });

  it("bounds a month from its first Shanghai midnight to the next", () => {
    const { start, end } = monthBounds("2026-12");
    expect(new Date(start).toISOString()).toBe("2026-11-30T16:00:00.000Z");
    expect(new Date(end).toISOString()).toBe("2026-12-31T16:00:00.000Z");
    expect(monthOf(end - 1)).toBe("2026-12");
    expect(monthOf(end)).toBe("2027-01");
  });

  it("counts months across year ends in both directions", () => {
    expect(addMonths("2026-11", 2)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2026-03", -27)).toBe("2023-12");
    expect(monthsBetween("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });

  it("validates month and date strings, including impossible dates", () => {
    expect(isMonth("2026-13")).toBe(false);
    expect(isMonth("2026-09")).toBe(true);
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2026-2-1")).toBe(false);
  });

  it("adds days and counts whole years like a birthday", () => {
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
    expect(yearsSince("2020-11-23", startOfDate("2026-11-22"))).toBe(5);
    expect(yearsSince("2020-11-22", startOfDate("2026-11-22"))).toBe(6);
    expect(formatMonthZh("2026-03")).toBe("2026年3月");
  });
});
