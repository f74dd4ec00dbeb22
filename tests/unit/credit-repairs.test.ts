import { describe, expect, it } from "vitest";
import { commitmentByVersion, COMMITMENT_TEXTS, currentCommitment } from "~/domain/commitments";
import { earliestRepairDate, evidenceTypeOf, repairRefusal, repairTransition } from "~/domain/credit-repairs";

describe("信用修复 rules", () => {
  it("counts the minimum publication in calendar months, clamped at the month's end", () => {
    expect(earliestRepairDate({ kind: "penalty", severity: "general", occurredOn: "2025-11-30" })).toBe("2026-02-28");
    expect(earliestRepairDate({ kind: "penalty", severity: "grave", occurredOn: "2024-02-29" })).toBe("2025-02-28");
    expect(earliestRepairDate({ kind: "dishonest_entry", severity: null, occurredOn: "2025-06-15" })).toBe("2026-06-15");
  });

  it("repairs only penalties and dishonesty listings", () => {
    expect(repairRefusal({ kind: "enforcement_open", severity: null, occurredOn: "2020-01-01" }, "2026-11-16")).toBe(
      "只有行政处罚和严重失信主体名单记录可以申请信用修复",
    );
    expect(repairRefusal({ kind: "penalty", severity: "serious", occurredOn: "2020-01-01" }, "2026-11-16")).toBeNull();
  });

  it("moves an application only along its lifecycle", () => {
    expect(repairTransition("submitted", "accept")).toEqual({ ok: true, to: "accepted" });
    expect(repairTransition("submitted", "ask_more")).toEqual({ ok: true, to: "more_requested" });
    expect(repairTransition("more_requested", "resubmit")).toEqual({ ok: true, to: "submitted" });
    expect(repairTransition("more_requested", "withdraw")).toEqual({ ok: true, to: "withdrawn" });
    expect(repairTransition("more_requested", "accept")).toEqual({ ok: false, message: "该修复申请当前为“待补充材料”，不能同意修复" });
    expect(repairTransition("accepted", "withdraw")).toEqual({ ok: false, message: "该修复申请当前为“已修复”，不能撤回" });
  });

  it("reads a file's type from its first bytes, whatever its name", () => {
    const bytes = (...b: number[]) => new Uint8Array(b);
    expect(evidenceTypeOf(new TextEncoder().encode("%PDF-1.7"))).toBe("application/pdf");
    expect(evidenceTypeOf(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe("image/png");
    expect(evidenceTypeOf(bytes(0xff, 0xd8, 0xff, 0xdb))).toBe("image/jpeg");
    expect(evidenceTypeOf(new TextEncoder().encode("<html>"))).toBeNull();
    expect(evidenceTypeOf(bytes(0x89, 0x50, 0x4e))).toBeNull();
    expect(evidenceTypeOf(bytes())).toBeNull();
  });
});

describe("信用承诺 texts", () => {
  it("offers the newest version of each kind and keeps every version findable", () => {
    expect(currentCommitment("need").version).toBe("need-2026.1");
    expect(currentCommitment("repair").version).toBe("repair-2026.1");
    for (const t of COMMITMENT_TEXTS) expect(commitmentByVersion(t.version)).toBe(t);
    expect(new Set(COMMITMENT_TEXTS.map((t) => t.version)).size).toBe(COMMITMENT_TEXTS.length);
  });
});
