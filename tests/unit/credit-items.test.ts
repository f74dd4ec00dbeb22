import { describe, expect, it } from "vitest";
import { authorizationStatus, maskPersonName } from "~/lib/authorizations";
import {
  correctionDefaults,
  correctionFields,
  creditWindow,
  itemFacts,
  itemTitle,
  monthlySeries,
  type CreditItem,
} from "~/lib/credit-items";
import { at } from "../support/facts";

const electricity: CreditItem = {
  type: "monthly",
  values: {
    source: "electricity",
    month: "2026-09",
    quantity: 12345,
    billedFen: 123_456,
    paidFen: 100_000,
    paidOnTime: false,
    arrearsFen: 23_456,
    headcount: null,
    taxPaidFen: null,
  },
};

describe("credit items", () => {
  it("keeps a missing month as a gap, never a zero", () => {
    const months = ["2026-07", "2026-08", "2026-09", "2026-10"];
    const rows = [
      { month: "2026-07", quantity: 100 },
      { month: "2026-09", quantity: 0 },
      { month: "2026-10", quantity: null },
    ];
    expect(monthlySeries(months, rows, (r) => r.quantity)).toEqual([100, null, 0, null]);
  });

  it("covers the last 24 months up to the current one", () => {
    const w = creditWindow(at("2026-11-22 10:00"));
    expect([w.from, w.to, w.months.length]).toEqual(["2024-12", "2026-11", 24]);
  });

  it("reads an item in words with its units", () => {
    expect(itemTitle(electricity)).toBe("用电 · 2026年9月");
    expect(itemFacts(electricity)).toEqual([
      { label: "用量", value: "12,345 千瓦时" },
      { label: "应缴金额", value: "1,234.56 元" },
      { label: "实缴金额", value: "1,000.00 元" },
      { label: "是否按时缴纳", value: "逾期" },
      { label: "欠费金额", value: "234.56 元" },
    ]);
  });

  it("offers the correction form the source's fields, prefilled as the ingest rows expect them", () => {
    expect(correctionFields(electricity).map((f) => f.name)).toEqual(["quantity", "billedFen", "paidFen", "paidOnTime", "arrearsFen"]);
    expect(correctionDefaults(electricity)).toEqual({
      quantity: "12345",
      billedFen: "1234.56",
      paidFen: "1000.00",
      paidOnTime: "否",
      arrearsFen: "234.56",
    });
    const grant: CreditItem = {
      type: "event",
      values: {
        kind: "honour",
        occurredOn: "2025-05-01",
        severity: null,
        reference: "苏税〔2025〕1号",
        authority: "苏州市税务局",
        description: "A级纳税人",
        repairsReference: null,
      },
    };
    expect(correctionFields(grant).map((f) => f.name)).toEqual(["occurredOn", "authority", "description"]);
  });
});

describe("authorizations and objections in words", () => {
  it("says revoked before expired", () => {
    const now = at("2026-11-22 10:00");
    expect(authorizationStatus({ revokedAt: null, expiresAt: now + 1 }, now)).toBe("active");
    expect(authorizationStatus({ revokedAt: null, expiresAt: now }, now)).toBe("expired");
    expect(authorizationStatus({ revokedAt: now - 10, expiresAt: now - 1 }, now)).toBe("revoked");
  });

  it("masks an officer's name after the family name", () => {
    expect(maskPersonName("王小明")).toBe("王**");
    expect(maskPersonName("周敏")).toBe("周*");
    expect(maskPersonName("欧阳")).toBe("欧*");
  });
});
