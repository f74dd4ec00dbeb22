import { describe, expect, it } from "vitest";
import { CLAIM_EVENTS, claimTransition, loanTransition, NEED_EVENTS, needTransition } from "~/domain/lifecycle";
import { CLAIM_STATUSES, LOAN_STATUSES, NEED_STATUSES } from "~/domain/marketplace";

/** Every legal move; anything else must be refused. */
const LEGAL_CLAIM_MOVES: Record<string, string> = {
  "claimed grant": "granted",
  "claimed reject": "rejected",
  "claimed withdraw": "cancelled",
  "claimed cancel": "cancelled",
  "granted disburse": "disbursed",
  "granted cancel": "cancelled",
};

describe("claim state machine", () => {
  for (const from of CLAIM_STATUSES) {
    for (const event of CLAIM_EVENTS) {
      const legal = LEGAL_CLAIM_MOVES[`${from} ${event}`];
      it(`${from} --${event}--> ${legal ?? "refused"}`, () => {
        const result = claimTransition(from, event);
        if (legal) expect(result).toEqual({ ok: true, to: legal });
        else {
          expect(result.ok).toBe(false);
          expect(!result.ok && result.message).toMatch(/^该业务当前为“.+”，不能.+$/);
        }
      });
    }
  }

  it("refuses an officer's withdrawal (取消受理) once the claim is decided", () => {
    expect(claimTransition("granted", "withdraw")).toEqual({ ok: false, message: "该业务当前为“已授信”，不能取消受理" });
    for (const from of ["rejected", "disbursed", "cancelled"] as const) expect(claimTransition(from, "withdraw").ok).toBe(false);
  });
});

describe("need state machine", () => {
  const LEGAL: Record<string, string> = {
    "open withdraw": "withdrawn",
    "open expire": "expired",
    "open fulfil": "fulfilled",
    "open claim": "open",
    "open edit": "open",
    "open decline": "declined",
    "expired fulfil": "fulfilled",
  };
  for (const from of NEED_STATUSES) {
    for (const event of NEED_EVENTS) {
      const legal = LEGAL[`${from} ${event}`];
      it(`${from} --${event}--> ${legal ?? "refused"}`, () => {
        const result = needTransition(from, event);
        expect(result.ok ? result.to : null).toBe(legal ?? null);
        if (!legal) expect(!result.ok && result.message.length).toBeGreaterThan(0);
      });
    }
  }

  it("refuses editing a need an institution has already claimed", () => {
    expect(needTransition("open", "edit", false)).toEqual({ ok: false, message: expect.stringContaining("不能再修改") });
  });

  it("refuses 不予受理 of an application the institution has already claimed", () => {
    expect(needTransition("open", "decline", false)).toEqual({ ok: false, message: expect.stringContaining("已受理") });
  });
});

describe("loan status", () => {
  for (const from of LOAN_STATUSES) {
    for (const to of LOAN_STATUSES) {
      it(`${from} -> ${to}: ${from === "settled" ? "refused (settled is final)" : "allowed"}`, () => {
        expect(loanTransition(from, to).ok).toBe(from !== "settled");
      });
    }
  }
});
