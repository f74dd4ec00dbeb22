/**
 * 统一社会信用代码 (GB 32100-2015) with the embedded organisation code (GB 11714-1997).
 * Pure: used by forms, ingest rows and the demo generator.
 */
import { normalizeTyped } from "./text";

/** The 31 characters GB 32100 allows: digits and capitals without I, O, S, V, Z. */
const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export type UsccProblem = "empty" | "length" | "charset" | "org_check" | "check";

export const USCC_PROBLEM_MESSAGES: Record<UsccProblem, string> = {
  empty: "请填写统一社会信用代码",
  length: "统一社会信用代码应为18位",
  charset: "统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z）",
  org_check: "统一社会信用代码第9–17位（组织机构代码）校验不通过，请核对",
  check: "统一社会信用代码校验位不正确，请核对",
};

/** Normalises what people type: surrounding spaces, lower case, full-width and zero-width characters. */
export function normalizeUscc(raw: string): string {
  return normalizeTyped(raw).toUpperCase();
}

function orgCodeValue(char: string): number {
  // GB 11714: digits keep their value, letters A–Z are 10–35.
  return /[0-9]/.test(char) ? Number(char) : char.charCodeAt(0) - 55;
}

export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgCodeValue(body8[i]!) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

export function usccCheckChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(body17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

/** The first problem found, or null when the (normalised) code is valid. */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length === 0) return "empty";
  if (code.length !== 18) return "length";
  for (const char of code) if (!USCC_CHARSET.includes(char)) return "charset";
  if (orgCodeCheckChar(code.slice(8, 16)) !== code[16]) return "org_check";
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return "check";
  return null;
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}

/**
 * Builds a valid code from its parts: registration authority + type ("91" for an enterprise),
 * a 6-digit administrative division and an 8-character organisation body (digits here).
 */
export function buildUscc(authorityAndType: string, divisionCode: string, orgBody8: string): string {
  const body17 = `${authorityAndType}${divisionCode}${orgBody8}${orgCodeCheckChar(orgBody8)}`;
  return body17 + usccCheckChar(body17);
}
