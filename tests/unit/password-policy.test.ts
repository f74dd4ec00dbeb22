import { describe, expect, it } from "vitest";
import { passwordProblem } from "~/lib/password-policy";

describe("password policy", () => {
  it("accepts a long password with three kinds of characters", () => {
    expect(passwordProblem("Suzhou#Loan8", "szbank_admin")).toBeNull();
  });

  it.each([
    ["", "请填写密码"],
    ["Ab1!", "密码至少需要8位"],
    ["abcdefgh1", "密码需包含大写字母、小写字母、数字、符号中的至少三类"],
    ["ABCDEFGH", "密码需包含大写字母、小写字母、数字、符号中的至少三类"],
    ["P@ssw0rd", "该密码过于常见，请换一个"],
    ["x".repeat(65) + "A1", "密码不能超过64位"],
  ])("rejects %s", (password, message) => {
    expect(passwordProblem(password)).toBe(message);
  });

  it("rejects a password that contains the username or USCC", () => {
    expect(passwordProblem("9132050852601815xm!", "9132050852601815XM")).toBe("密码不能包含用户名或统一社会信用代码");
  });
});
