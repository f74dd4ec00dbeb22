/**
 * Account recovery and consent: how a password is reset (a code sent to the enterprise's registered
 * contact phone, or a one-time link an administrator issues), how long each lasts, and the legal
 * documents a registering enterprise consents to, with the version in force.
 */

/** `code`: 6 digits sent to the registered phone (忘记密码); `link`: a one-time link issued by an administrator. */
export const PASSWORD_RESET_KINDS = ["code", "link"] as const;
export type PasswordResetKind = (typeof PASSWORD_RESET_KINDS)[number];
export const PASSWORD_RESET_KIND_LABELS: Record<PasswordResetKind, string> = {
  code: "短信验证码",
  link: "管理员发放的重置链接",
};

export const RESET_CODE_DIGITS = 6;
export const RESET_CODE_TTL_MINUTES = 15;
/** An issued link lasts a working day: the administrator hands it over in person or by phone. */
export const RESET_LINK_TTL_HOURS = 24;

/** The neutral answer to every 忘记密码 request, whether or not the account and phone match (no account enumeration). */
export const RESET_REQUEST_ANSWER = `如账号与登记的联系电话一致，验证码已发送至该手机，${RESET_CODE_TTL_MINUTES} 分钟内有效。未收到请核对后重试，或联系平台管理员。`;

export const WRONG_CODE_MESSAGE = "验证码不正确或已过期，请重新获取";
export const INVALID_LINK_MESSAGE = "重置链接无效、已使用或已过期，请联系管理员重新发放";

/** A reset ends in this marker in place of a password hash until the new password is set: no password matches it. */
export const UNUSABLE_PASSWORD_HASH = "!reset";

/** The documents a registering enterprise consents to. */
export const LEGAL_DOCUMENTS = ["user_agreement", "privacy_notice"] as const;
export type LegalDocument = (typeof LEGAL_DOCUMENTS)[number];
export const LEGAL_DOCUMENT_LABELS: Record<LegalDocument, string> = {
  user_agreement: "用户服务协议",
  privacy_notice: "隐私政策",
};
export const LEGAL_DOCUMENT_PATHS: Record<LegalDocument, string> = {
  user_agreement: "/legal/user-agreement",
  privacy_notice: "/legal/privacy",
};
/**
 * The version in force of each document (its effective date). A new text gets a new version; every
 * consent records the version the user saw, so a change can ask users to consent again.
 */
export const LEGAL_DOCUMENT_VERSIONS: Record<LegalDocument, string> = {
  user_agreement: "2026-12-01",
  privacy_notice: "2026-12-01",
};

export const CONSENT_REQUIRED_MESSAGE = "请阅读并同意《用户服务协议》和《隐私政策》后再注册";
