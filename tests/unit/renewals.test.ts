/** 无还本续贷's rules without a database: when a loan may be renewed, and the request's state machine. */
import { describe, expect, it } from "vitest";
import { RENEWAL_STATUSES, RENEWAL_WINDOW_DAYS, renewalRefusal, renewalTransition, type RenewableLoan } from "~/domain/renewals";

// Disbursed 2026-01-31 for 12 months: matures 2027-01-31; the window opens 2027-01-01.
const loan: RenewableLoan = { disbursedOn: "2026-01-31", termMonths: 12, status: "normal", amountFen: 1_000_000, renewedByLoanId: null };

describe("renewalRefusal", () => {
  it("lets a loan in good standing be renewed from 30 days before maturity to the day itself", () => {
    expect(RENEWAL_WINDOW_DAYS).toBe(30);
    expect(renewalRefusal(loan, "2027-01-01")).toBeNull();
    expect(renewalRefusal(loan, "2027-01-20")).toBeNull();
    expect(renewalRefusal(loan, "2027-01-31")).toBeNull();
  });

  it("says from when a loan may be renewed, the day before the window opens", () => {
    expect(renewalRefusal(loan, "2026-12-31")).toBe("到期前 30 天内可申请续贷（该笔贷款 2027-01-31 到期，可于 2027-01-01 起申请）");
  });

  it("refuses after maturity", () => {
    expect(renewalRefusal(loan, "2027-02-01")).toBe("该笔贷款已于 2027-01-31 到期，续贷须在到期日前办理");
  });

  it("refuses an overdue, non-performing or settled loan, and one already renewed", () => {
    const today = "2027-01-10";
    expect(renewalRefusal({ ...loan, status: "overdue" }, today)).toBe("无还本续贷仅适用于还款正常的贷款，逾期或不良贷款请与银行联系");
    expect(renewalRefusal({ ...loan, status: "npl" }, today)).toBe("无还本续贷仅适用于还款正常的贷款，逾期或不良贷款请与银行联系");
    expect(renewalRefusal({ ...loan, status: "settled" }, today)).toBe("该笔贷款已结清");
    // A renewed loan is settled too; being renewed is what the enterprise needs to hear.
    expect(renewalRefusal({ ...loan, status: "settled", renewedByLoanId: 9 }, today)).toBe("该笔贷款已办理续贷");
  });

  it("clamps the maturity to the month's last day (01-31 + 1 month → 02-28)", () => {
    expect(renewalRefusal({ ...loan, termMonths: 13 }, "2027-01-29")).toBeNull();
    expect(renewalRefusal({ ...loan, termMonths: 13 }, "2027-01-28")).toMatch(/2027-02-28 到期，可于 2027-01-29 起申请/);
  });
});

describe("renewalTransition", () => {
  it("moves an open request to each outcome", () => {
    expect(renewalTransition("requested", "approve")).toEqual({ ok: true, to: "approved" });
    expect(renewalTransition("requested", "decline")).toEqual({ ok: true, to: "declined" });
    expect(renewalTransition("requested", "withdraw")).toEqual({ ok: true, to: "withdrawn" });
    expect(renewalTransition("requested", "lapse")).toEqual({ ok: true, to: "lapsed" });
  });

  it("refuses every move from a closed request, in words", () => {
    for (const from of RENEWAL_STATUSES.filter((s) => s !== "requested")) {
      for (const event of ["approve", "decline", "withdraw", "lapse"] as const) {
        expect(renewalTransition(from, event).ok).toBe(false);
      }
    }
    expect(renewalTransition("approved", "approve")).toEqual({ ok: false, message: "该续贷申请当前为“已续贷”，不能同意续贷" });
    expect(renewalTransition("approved", "decline")).toEqual({ ok: false, message: "该续贷申请当前为“已续贷”，不能不同意续贷" });
    expect(renewalTransition("withdrawn", "approve")).toEqual({ ok: false, message: "该续贷申请当前为“已撤回”，不能同意续贷" });
  });
});
