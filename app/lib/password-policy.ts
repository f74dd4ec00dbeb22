/** What makes a password acceptable; the message is shown under the password field. */

const COMMON_PASSWORDS = new Set([
  "password1!",
  "password123",
  "p@ssw0rd",
  "p@ssw0rd123",
  "admin@123",
  "admin@1234",
  "admin123!",
  "aa123456!",
  "qwer1234!",
  "qwerty123!",
  "abc@1234",
  "abcd@1234",
  "1qaz@wsx",
  "1qaz2wsx!",
  "zxcv1234!",
  "welcome1!",
  "suzhou@123",
  "a123456789!",
]);

export const PASSWORD_RULE_TEXT = "8–64位，至少包含大写字母、小写字母、数字、符号中的三类，且不能包含用户名";

export function passwordProblem(password: string, username?: string): string | null {
  if (password.length === 0) return "请填写密码";
  if (password.length < 8) return "密码至少需要8位";
  if (password.length > 64) return "密码不能超过64位";
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return "密码需包含大写字母、小写字母、数字、符号中的至少三类";
  if (username && username.length >= 4 && password.toLowerCase().includes(username.toLowerCase())) {
    return "密码不能包含用户名或统一社会信用代码";
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return "该密码过于常见，请换一个";
  return null;
}
