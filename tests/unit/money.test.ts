import { describe, expect, it } from "vitest";
import { formatMoney, formatRateBp, formatWanYuan, formatYuan, parseAmountToFen, parsePercentToBp } from "~/lib/money";

describe("money in fen, shown in 元 and 万元", () => {
  it("formats with thousands separators and two decimals", () => {
    expect(formatYuan(123456789)).toBe("1,234,567.89");
    expect(formatWanYuan(1_234_567_890)).toBe("1,234.57");
    expect(formatWanYuan(0)).toBe("0.00");
    expect(formatMoney(5_000_000)).toBe("5.00 万元");
    expect(formatMoney(99_999)).toBe("999.99 元");
  });

  it("rounds half up to the unit shown, also for negative amounts", () => {
    expect(formatWanYuan(5_000)).toBe("0.01");
    expect(formatWanYuan(4_999)).toBe("0.00");
    expect(formatWanYuan(-15_000)).toBe("-0.02");
  });

  it("stays exact for city-wide totals beyond float precision", () => {
    expect(formatWanYuan(9_007_199_254_740_991)).toBe("9,007,199,254.74");
  });

  it("parses decimal input without float error", () => {
    expect(parseAmountToFen("0.1", 100)).toBe(10);
    expect(parseAmountToFen("1,200.5", 1_000_000)).toBe(1_200_500_000);
    expect(parseAmountToFen("12.3456789", 1_000_000)).toBeNull();
    expect(parseAmountToFen("-5", 100)).toBeNull();
    expect(parseAmountToFen("1e5", 100)).toBeNull();
  });

  it("converts rates between percent and basis points", () => {
    expect(formatRateBp(385)).toBe("3.85%");
    expect(parsePercentToBp("3.85")).toBe(385);
    expect(parsePercentToBp("4%")).toBe(400);
    expect(parsePercentToBp("3.855")).toBeNull();
  });
});
