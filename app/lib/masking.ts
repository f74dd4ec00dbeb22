/**
 * Personal data shown only as far as the viewer needs it: a bank working a claim needs the contact's
 * phone; nobody browsing needs a legal representative's full name or an ID number.
 */

/** 张三 → 张*, 欧阳小明 → 欧**明. */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return "*";
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars.at(-1)}`;
}

/** 13812345678 → 138****5678; a landline keeps its area code and last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (digits.length <= 4) return "*".repeat(digits.length);
  return `${digits.slice(0, 4)}${"*".repeat(digits.length - 6)}${digits.slice(-2)}`;
}

/** A resident ID number (18 characters) → first 4 and last 4 only. */
export function maskIdNumber(id: string): string {
  const text = id.trim();
  if (text.length <= 8) return "*".repeat(text.length);
  return `${text.slice(0, 4)}${"*".repeat(text.length - 8)}${text.slice(-4)}`;
}
