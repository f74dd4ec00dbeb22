/** What people paste or type on a Chinese IME, made comparable. Pure. */

/** Full-width ASCII (１２３, ＡＢＣ, ．－) and the ideographic space, as their half-width forms. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, " ");
}

/** Zero-width characters that copy-paste from web pages and chat apps leaves inside codes and numbers. */
export function withoutZeroWidth(text: string): string {
  return text.replace(/[\u200B-\u200D\u2060\uFEFF]/g, "");
}

/** How a typed number or code is read: half-width, no zero-width characters, no surrounding spaces. */
export function normalizeTyped(text: string): string {
  return withoutZeroWidth(toHalfWidth(text)).trim();
}

/**
 * Text no person typed: bytes that were not valid UTF-8 (or GBK) and were decoded as the replacement
 * character U+FFFD, lone UTF-16 surrogates, or control characters other than tab and line breaks.
 */
export function hasUnreadableChars(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what makes text unreadable
  return /\p{Cs}|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/u.test(text);
}

export const UNREADABLE_MESSAGE = "含有无法识别的字符，请检查输入法或文件编码";

/** A LIKE pattern matching `fragment` anywhere, its %, _ and \ taken literally (use with ESCAPE '\'). */
export function containsPattern(fragment: string): string {
  return `%${fragment.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
