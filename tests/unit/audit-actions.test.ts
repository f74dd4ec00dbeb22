import { describe, expect, it } from "vitest";
import { auditDetailText, auditTargetText } from "~/lib/audit-actions";

describe("an audit entry in words", () => {
  it("a decision's detail as labelled values", () => {
    expect(auditDetailText(JSON.stringify({ needId: 17, amountFen: 200_000_000, rateBp: 390, termMonths: 12 }))).toBe(
      "需求：#17；金额：200.00 万元；年利率：3.90%；期限：12 个月",
    );
  });

  it("roles and reject reasons by their names; nothing for an empty detail; unknown keys as they are", () => {
    expect(auditDetailText(JSON.stringify({ username: "szbank_officer2", role: "bank_officer", institutionId: null }))).toBe(
      "用户名：szbank_officer2；角色：客户经理",
    );
    expect(auditDetailText(JSON.stringify({ reasonCode: "high_leverage" }))).toBe("原因：负债率过高");
    expect(auditDetailText("{}")).toBe("");
    expect(auditDetailText(JSON.stringify({ sha256: "ab" }))).toBe("sha256：ab");
  });

  it("a target by kind and name, or kind and id", () => {
    expect(auditTargetText("enterprise", "3", "苏州姑苏精密机械有限公司")).toBe("企业「苏州姑苏精密机械有限公司」");
    expect(auditTargetText("risk_pool", "2", null)).toBe("风险补偿资金池 #2");
  });
});
