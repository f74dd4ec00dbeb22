import { describe, expect, it } from "vitest";
import { parseForm } from "~/lib/forms";
import { enterpriseRegistrationSchema } from "~/lib/validation/accounts";

const schema = enterpriseRegistrationSchema("2026-11-22");
const valid = {
  uscc: "9132050852601815XM",
  name: "苏州姑苏精密机械有限公司",
  districtCode: "320508",
  industrySection: "C",
  size: "small",
  establishedOn: "2012-05-18",
  legalRepName: "张伟",
  contactName: "李娜",
  contactPhone: "13912345678",
  password: "Suzhou#Loan8",
  passwordConfirm: "Suzhou#Loan8",
  consent: "yes",
};

describe("enterprise registration form", () => {
  it("accepts a complete form and normalises the USCC", () => {
    const result = parseForm(schema, { ...valid, uscc: " 9132050852601815xm" });
    expect(result.ok && result.data.uscc).toBe("9132050852601815XM");
  });

  it("reports every field problem at its field in one round, in Chinese", () => {
    const result = parseForm(schema, {
      ...valid,
      uscc: "91350100M000100Y44",
      districtCode: "110101",
      industrySection: "Z",
      establishedOn: "2030-01-01",
      contactPhone: "12345",
      password: "weak",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors).toMatchObject({
      uscc: "统一社会信用代码校验位不正确，请核对",
      districtCode: "请选择所在区县",
      industrySection: "请选择行业门类",
      establishedOn: "成立日期不能晚于今天",
      contactPhone: expect.stringContaining("手机号"),
      password: "密码至少需要8位",
    });
    expect(result.values).not.toHaveProperty("password");
  });

  it("asks for a password left empty, rather than for eight characters", () => {
    const result = parseForm(schema, { ...valid, password: "", passwordConfirm: "" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors.password).toBe("请填写密码");
  });

  it("checks the confirmation and the password against the USCC", () => {
    const mismatch = parseForm(schema, { ...valid, passwordConfirm: "Suzhou#Loan9" });
    expect(!mismatch.ok && mismatch.fieldErrors.passwordConfirm).toBe("两次输入的密码不一致");
    const containsCode = parseForm(schema, { ...valid, password: "x9132050852601815XM!", passwordConfirm: "x9132050852601815XM!" });
    expect(!containsCode.ok && containsCode.fieldErrors.password).toBe("密码不能包含用户名或统一社会信用代码");
  });

  it("refuses impossible dates", () => {
    const result = parseForm(schema, { ...valid, establishedOn: "2019-02-30" });
    expect(!result.ok && result.fieldErrors.establishedOn).toContain("格式");
  });
});
