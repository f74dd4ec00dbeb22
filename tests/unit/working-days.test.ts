import { describe, expect, it } from "vitest";
import { undecidedBreachAt, unclaimedBreachAt } from "~/lib/service-levels";
import { formatDateTime } from "~/lib/time";
import { addWorkingDays, isWorkingDay, workingDaysBetween } from "~/lib/working-days";
import { at } from "../support/facts";

const after = (from: string, days: number) => formatDateTime(addWorkingDays(at(from), days));

describe("working days (China)", () => {
  it("skips weekends", () => {
    expect(after("2026-11-20 15:00", 3)).toBe("2026-11-25 15:00"); // Friday → Wednesday
  });

  it("starts counting on the next working day when posted on a day off", () => {
    expect(after("2026-11-21 10:00", 3)).toBe("2026-11-26 00:00"); // Saturday → end of Wednesday
  });

  it("skips the National Day week and counts the make-up Saturday", () => {
    expect(isWorkingDay("2026-10-05")).toBe(false);
    expect(isWorkingDay("2026-10-10")).toBe(true); // 调休上班 (Saturday)
    expect(after("2026-09-30 10:00", 3)).toBe("2026-10-10 10:00");
  });

  it("skips the Spring Festival and counts the Saturday before it", () => {
    expect(isWorkingDay("2026-02-14")).toBe(true);
    expect(isWorkingDay("2026-02-20")).toBe(false);
    expect(after("2026-02-13 09:00", 3)).toBe("2026-02-25 09:00");
    expect(after("2025-01-24 09:00", 1)).toBe("2025-01-26 09:00"); // Sunday 26 Jan 2025 was a working day
  });

  it("counts whole working days between two instants", () => {
    expect(workingDaysBetween(at("2026-11-20 15:00"), at("2026-11-25 14:59"))).toBe(2);
    expect(workingDaysBetween(at("2026-11-20 15:00"), at("2026-11-25 15:00"))).toBe(3);
  });
});

describe("service levels", () => {
  it("breaches 'claimed within 3 working days' only when nobody claimed in time and the need was still open", () => {
    const posted = at("2026-11-20 15:00");
    const deadline = at("2026-11-25 15:00");
    expect(unclaimedBreachAt(posted, null, null, at("2026-11-25 14:00"))).toBeNull();
    expect(unclaimedBreachAt(posted, null, null, at("2026-11-26 09:00"))).toBe(deadline);
    expect(unclaimedBreachAt(posted, at("2026-11-24 10:00"), null, at("2026-11-30 09:00"))).toBeNull();
    expect(unclaimedBreachAt(posted, at("2026-11-26 10:00"), null, at("2026-11-30 09:00"))).toBe(deadline);
    expect(unclaimedBreachAt(posted, null, at("2026-11-23 10:00"), at("2026-11-30 09:00"))).toBeNull(); // withdrawn first
  });

  it("breaches 'decided within 10 working days'", () => {
    const claimed = at("2026-11-02 10:00");
    expect(undecidedBreachAt(claimed, at("2026-11-13 10:00"), at("2026-12-01 00:00"))).toBeNull();
    expect(undecidedBreachAt(claimed, null, at("2026-12-01 00:00"))).toBe(at("2026-11-16 10:00"));
  });
});
