import fc from "fast-check";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { monthlyRowParser, monthlyRowSchema } from "~/lib/validation/credit";

const NOW = Date.parse("2026-11-15T02:00:00Z");
const schema = monthlyRowSchema(NOW);
const fast = monthlyRowParser(NOW);

const amount = fc.oneof(
  fc.integer({ min: 0, max: 10_000_000 }).map((fen) => fen / 100),
  fc.double({ min: -10, max: 2e12, noNaN: false }),
  fc.constantFrom(0, -0, 0.001, 1e12, 999_999_999_999.99, 1e-7, Number.POSITIVE_INFINITY, 0.1 + 0.2),
  fc.constantFrom("1,234.50", " 12 ", "12.345", "-3", "abc", "", "  ", "1e3", "0.5"),
  fc.constantFrom(null, undefined, true),
);
const whole = fc.oneof(
  fc.integer({ min: -5, max: 2_000_000 }),
  fc.constantFrom(1.5, 1e12, 1e12 + 1, 2 ** 53, -0, Number.NaN, "1,200", " 7 ", "x", "", null, undefined, false),
);
const yesNo = fc.constantFrom("是", "否", "Y", " yes ", "按时", "逾期", "maybe", "", true, false, 1, 0, null, undefined);
const row = fc.record(
  {
    uscc: fc.constantFrom("9132050852601815XM", "9132050852601815xm", " 91320571908301663W ", "9132050852601815XN", "", 42),
    source: fc.constantFrom("electricity", "water", "gas", "tax", "social_insurance", "housing_fund", "Electricity", "coal", undefined),
    month: fc.constantFrom("2026-10", " 2026-11 ", "2026-12", "1999-12", "2026-13", "2026/10", 202610),
    quantity: whole,
    billedFen: amount,
    paidFen: amount,
    paidOnTime: yesNo,
    arrearsFen: amount,
    headcount: whole,
    taxPaidFen: amount,
    note: fc.string(),
  },
  { requiredKeys: ["uscc"] },
);

describe("monthly credit rows: the fast path and the schema", () => {
  it("give the same answer for any row: the same values for a good row, no row for a bad one", () => {
    fc.assert(
      fc.property(row, (raw) => {
        const parsed = v.safeParse(schema, raw);
        expect(fast(raw as Record<string, unknown>)).toEqual(parsed.success ? parsed.output : null);
      }),
      { numRuns: 20_000 },
    );
  });

  it("refuses an object where a value belongs, even one String() cannot convert, with the field's message", () => {
    // Found by tests/property/schemas.test.ts: {"toString": {}} made String() throw (a 500 on the push API).
    const base = { uscc: "9132050852601815XM", source: "gas", month: "2026-10", quantity: 10, billedFen: 1, paidFen: 1, paidOnTime: "是" };
    for (const field of ["quantity", "billedFen", "paidOnTime", "headcount"]) {
      for (const hostile of [{ toString: {} }, { valueOf: 1 }, [1], {}]) {
        const raw = { ...base, [field]: hostile };
        const parsed = v.safeParse(schema, raw);
        expect(parsed.success, field).toBe(false);
        expect(parsed.issues?.[0]?.message, field).toMatch(/[\u4e00-\u9fff]/);
        expect(fast(raw), field).toBeNull();
      }
    }
  });

  it("reads a number exactly as it reads the number written out", () => {
    const number = fc.oneof(
      fc.integer({ min: 0, max: 100_000_000_000 }).map((fen) => fen / 100),
      fc.double({ min: -1, max: 2e12 }),
      fc.integer({ min: -1, max: 2 ** 53 }),
    );
    const base = { uscc: "9132050852601815XM", source: "gas", month: "2026-10", quantity: 10, billedFen: 1, paidFen: 1, paidOnTime: "是" };
    fc.assert(
      fc.property(number, fc.constantFrom("quantity", "billedFen", "arrearsFen"), (n, field) => {
        const asText = v.safeParse(schema, { ...base, [field]: String(n) });
        expect(fast({ ...base, [field]: n })).toEqual(asText.success ? asText.output : null);
      }),
      { numRuns: 30_000 },
    );
  });

  it("takes amounts in 元 as numbers or text, exactly, and fields a source does not report may be left out", () => {
    const good = {
      uscc: "9132050852601815XM",
      source: "electricity",
      month: "2026-10",
      quantity: 12_345,
      billedFen: 8394.6,
      paidFen: "8,394.60",
      paidOnTime: "是",
    };
    expect(fast(good)).toEqual({
      uscc: "9132050852601815XM",
      source: "electricity",
      month: "2026-10",
      quantity: 12_345,
      billedFen: 839_460,
      paidFen: 839_460,
      paidOnTime: true,
      arrearsFen: null,
      headcount: null,
      taxPaidFen: null,
    });
    expect(v.safeParse(schema, good).success).toBe(true);
  });

  it("refuses what the schema refuses, and the schema says why", () => {
    const bad = { uscc: "9132050852601815XM", source: "tax", month: "2026-10", taxPaidFen: 10.005, paidOnTime: "是" };
    expect(fast(bad)).toBeNull();
    const parsed = v.safeParse(schema, bad);
    expect(parsed.success).toBe(false);
    expect(parsed.issues?.[0]?.message).toBe("纳税额应为不小于0的金额（元），最多两位小数");
    const missing = {
      uscc: "9132050852601815XM",
      source: "social_insurance",
      month: "2026-10",
      billedFen: 100,
      paidFen: 100,
      paidOnTime: "是",
    };
    expect(fast(missing)).toBeNull();
    expect(v.safeParse(schema, missing).issues?.[0]?.message).toBe("社保数据须填写人数");
  });
});
