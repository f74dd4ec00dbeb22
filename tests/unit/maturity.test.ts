import { describe, expect, it } from "vitest";
import { daysBetween, maturityDateOf, maturityState } from "~/domain/maturity";

describe("a loan's maturity date", () => {
  it.each([
    ["2026-03-15", 12, "2027-03-15"],
    ["2026-01-31", 1, "2026-02-28"],
    ["2024-01-31", 1, "2024-02-29"],
    ["2026-08-31", 6, "2027-02-28"],
    ["2026-10-31", 1, "2026-11-30"],
    ["2025-12-20", 36, "2028-12-20"],
  ])("disbursed %s for %i months matures on %s", (disbursedOn, term, maturesOn) => {
    expect(maturityDateOf(disbursedOn, term)).toBe(maturesOn);
  });

  it("is due soon within 30 days, past due after the date unless settled", () => {
    expect(daysBetween("2026-12-02", "2027-01-01")).toBe(30);
    expect(maturityState("2027-01-01", "2026-12-02", "normal")).toBe("due_soon");
    expect(maturityState("2027-01-02", "2026-12-02", "normal")).toBe("later");
    expect(maturityState("2026-12-02", "2026-12-02", "overdue")).toBe("due_soon");
    expect(maturityState("2026-12-01", "2026-12-02", "normal")).toBe("past_due");
    expect(maturityState("2026-12-01", "2026-12-02", "settled")).toBe("settled");
  });
});
