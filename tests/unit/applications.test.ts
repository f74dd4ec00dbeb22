import { describe, expect, it } from "vitest";
import { applicationRefusal, declineNoteMissing, declineText } from "~/domain/applications";

describe("applications", () => {
  it("says every knock-out and what would lift the bar", () => {
    const text = applicationRefusal([
      { code: "dishonest", reason: "列入严重失信主体名单（2026-03-01 列入），尚未移出或完成信用修复" },
      { code: "tax_grade_d", reason: "2025 年度纳税信用等级为 D 级" },
    ]);
    expect(text).toBe(
      "贵企业目前存在否决项，暂不能申请信贷产品：列入严重失信主体名单（2026-03-01 列入），尚未移出或完成信用修复；2025 年度纳税信用等级为 D 级。金融机构不能受理存在否决项企业的申请；否决项消除后（如移出失信名单、执行案件结案、完成信用修复）即可申请。",
    );
  });

  it("asks for a note only with 其他原因", () => {
    expect(declineNoteMissing("other", " 无 ")).toBe(true);
    expect(declineNoteMissing("other", "不在本行授信政策内")).toBe(false);
    expect(declineNoteMissing("not_eligible", "")).toBe(false);
  });

  it("words the reason the firm reads, with the note when there is one", () => {
    expect(declineText("outside_scope", "")).toBe("不在本机构服务范围内");
    expect(declineText("incomplete", "经营地址无法核实")).toBe("申请信息不完整或无法核实（经营地址无法核实）");
  });
});
