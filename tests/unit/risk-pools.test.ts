/** The pools' money rules (app/domain/risk-pools.ts) with worked numbers, in fen. */
import { describe, expect, it } from "vitest";
import {
  compensationTransition,
  fundShareOf,
  leverageOf,
  payoutOf,
  poolProductTransition,
  poolRoomFen,
  recoveryReturnOf,
  type PayoutTerms,
} from "~/domain/risk-pools";

const WAN = 1_000_000;

describe("fundShareOf", () => {
  it("rounds down to the fen", () => {
    expect(fundShareOf(333, 5000)).toBe(166); // 166.5
    expect(fundShareOf(1, 9999)).toBe(0); // 0.9999
    expect(fundShareOf(150 * WAN, 5000)).toBe(75 * WAN);
    expect(fundShareOf(100_001, 3333)).toBe(33_330); // 33,330.3333
  });

  it("stays exact where amount × bp passes 2^53", () => {
    // ¥900 亿 × 33.33 % = 2,999,703,692,964.9999 fen: the plain product (3e16) rounds through a double to …965.
    expect(fundShareOf(9_000_011_080_003, 3333)).toBe(2_999_703_692_964);
  });
});

describe("room and leverage", () => {
  it("room is leverage × balance − covered, never negative", () => {
    expect(poolRoomFen(100 * WAN, 5, 300 * WAN)).toBe(200 * WAN);
    expect(poolRoomFen(70 * WAN, 5, 400 * WAN)).toBe(0);
    expect(poolRoomFen(0, 10, 0)).toBe(0);
  });

  it("leverage is covered ÷ balance, none without a balance", () => {
    expect(leverageOf(500 * WAN, 100 * WAN)).toBe(5);
    expect(leverageOf(10, 0)).toBeNull();
  });
});

describe("payoutOf", () => {
  const terms: PayoutTerms = {
    lossFen: 150 * WAN,
    shareBp: 5000,
    capPerLoanFen: 100 * WAN,
    paidOnLoanFen: 0,
    capPerYearFen: 500 * WAN,
    paidThisYearFen: 0,
    balanceFen: 1000 * WAN,
  };

  it("pays the share when no limit binds (rounded down)", () => {
    expect(payoutOf(terms)).toEqual({ payoutFen: 75 * WAN, limitedBy: "share" });
    expect(payoutOf({ ...terms, lossFen: 333 })).toEqual({ payoutFen: 166, limitedBy: "share" });
  });

  it("holds to the per-loan cap, less what the loan already had", () => {
    expect(payoutOf({ ...terms, capPerLoanFen: 30 * WAN })).toEqual({ payoutFen: 30 * WAN, limitedBy: "loan_cap" });
    expect(payoutOf({ ...terms, capPerLoanFen: 80 * WAN, paidOnLoanFen: 60 * WAN })).toEqual({
      payoutFen: 20 * WAN,
      limitedBy: "loan_cap",
    });
  });

  it("holds to the yearly cap, less what the year already paid", () => {
    expect(payoutOf({ ...terms, capPerYearFen: 50 * WAN, paidThisYearFen: 30 * WAN })).toEqual({
      payoutFen: 20 * WAN,
      limitedBy: "year_cap",
    });
  });

  it("never pays more than the balance", () => {
    expect(payoutOf({ ...terms, balanceFen: 12 * WAN })).toEqual({ payoutFen: 12 * WAN, limitedBy: "balance" });
  });

  it("pays nothing, and says why, once a cap is used up", () => {
    expect(payoutOf({ ...terms, capPerYearFen: 50 * WAN, paidThisYearFen: 60 * WAN })).toEqual({ payoutFen: 0, limitedBy: "year_cap" });
    expect(payoutOf({ ...terms, balanceFen: 0 })).toEqual({ payoutFen: 0, limitedBy: "balance" });
  });
});

describe("recoveryReturnOf", () => {
  it("returns the share of a recovery, capped by what was paid and not yet returned", () => {
    expect(recoveryReturnOf(40 * WAN, 5000, 30 * WAN, 0)).toBe(20 * WAN);
    expect(recoveryReturnOf(30 * WAN, 5000, 30 * WAN, 20 * WAN)).toBe(10 * WAN); // share 15, only 10 left
    expect(recoveryReturnOf(10 * WAN, 5000, 30 * WAN, 30 * WAN)).toBe(0);
    expect(recoveryReturnOf(3, 5000, 30 * WAN, 0)).toBe(1); // 1.5 → 1
  });
});

describe("transitions", () => {
  it("moves a product request only where the machine allows", () => {
    expect(poolProductTransition("requested", "approve")).toEqual({ ok: true, to: "approved" });
    expect(poolProductTransition("approved", "withdraw")).toEqual({ ok: true, to: "withdrawn" });
    expect(poolProductTransition("approved", "refuse")).toMatchObject({ ok: false, message: expect.stringContaining("已纳入") });
    expect(poolProductTransition("withdrawn", "withdraw").ok).toBe(false);
  });

  it("decides a 代偿 claim once", () => {
    expect(compensationTransition("filed", "refuse")).toEqual({ ok: true, to: "refused" });
    expect(compensationTransition("approved", "approve")).toMatchObject({ ok: false, message: "该代偿申请已审核（已代偿），不能再审核" });
  });
});
