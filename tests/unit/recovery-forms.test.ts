/** The 忘记密码 and consent fields as a person types them: a phone IME's full-width digits, a missing box. */
import { describe, expect, it } from "vitest";
import { CONSENT_REQUIRED_MESSAGE } from "~/domain/recovery";
import { parseForm } from "~/lib/forms";
import { enterpriseRegistrationSchema, resetRequestSchema, resetWithCodeSchema } from "~/lib/validation/accounts";

const PASSWORD = "Gusu#Credit2027";

describe("忘记密码 forms", () => {
  it("reads a full-width code and account as typed on a phone", () => {
    const parsed = parseForm(resetWithCodeSchema, {
      account: "９１３２０５０８５２６０１８１５ＸＭ",
      code: "１２３４５６",
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
    expect(parsed).toMatchObject({ ok: true, data: { account: "9132050852601815XM", code: "123456" } });
  });

  it("says what is wrong with a code, a missing account and unconfirmed passwords at their fields", () => {
    const parsed = parseForm(resetWithCodeSchema, { account: "", code: "12345", password: PASSWORD, passwordConfirm: "x" });
    expect(parsed).toMatchObject({
      ok: false,
      fieldErrors: { account: "请填写统一社会信用代码或用户名", code: "验证码为6位数字" },
    });
    const mismatch = parseForm(resetWithCodeSchema, { account: "a", code: "123456", password: PASSWORD, passwordConfirm: "x" });
    expect(mismatch).toMatchObject({ ok: false, fieldErrors: { passwordConfirm: "两次输入的密码不一致" } });
    expect(parseForm(resetRequestSchema, { account: "a", phone: "12345" })).toMatchObject({
      ok: false,
      fieldErrors: { phone: expect.any(String) },
    });
  });
});

describe("consent", () => {
  it("is required at the field, whatever else is wrong", () => {
    const parsed = parseForm(enterpriseRegistrationSchema("2026-11-20"), { consent: "no" });
    expect(parsed).toMatchObject({ ok: false, fieldErrors: { consent: CONSENT_REQUIRED_MESSAGE } });
  });
});
