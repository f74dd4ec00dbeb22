import { describe, expect, it } from "vitest";
import { reportLocation } from "~/lib/validation/reports";

const url = (search = "") => new URL(`http://localhost/bureau/reports/x${search}`);
// 2026-03-15 12:00 in Suzhou.
const now = Date.parse("2026-03-15T12:00:00+08:00");

describe("a report's month in the URL", () => {
  it("the current month (its live draft) and earlier months are reports", () => {
    expect(reportLocation("2026-03", url(), now)).toEqual({ month: "2026-03", revision: undefined });
    expect(reportLocation("2025-12", url("?revision=2"), now)).toEqual({ month: "2025-12", revision: 2 });
  });

  it("a month that has not begun is no report, and says so", () => {
    expect(reportLocation("2026-04", url(), now)).toEqual({ notFound: "2026年4月尚未到来，没有该月的报表" });
    expect(reportLocation("2099-01", url(), now)).toHaveProperty("notFound");
  });

  it("a malformed month or revision is no report", () => {
    expect(reportLocation("2026-13", url(), now)).toEqual({ notFound: "没有这个报表" });
    expect(reportLocation("2026-01", url("?revision=x"), now)).toEqual({ notFound: "没有这个报表" });
  });
});
