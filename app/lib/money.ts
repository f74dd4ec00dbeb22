/**
 * Money is integer 分 (fen) everywhere; rates are integer basis points.
 * Parsing goes through decimal strings, never floats, so 0.1 + 0.2 problems cannot creep in.
 */

export const FEN_PER_YUAN = 100;
export const FEN_PER_WAN_YUAN = 1_000_000;

const groupFormatter = new Intl.NumberFormat("en-US");

function groupDigits(integerPart: bigint | number): string {
  return groupFormatter.format(integerPart);
}

/** Splits a non-negative amount of fen into a decimal string with `decimals` places, rounding half up. */
function fenToDecimal(fen: number, unitFen: number, decimals: number): string {
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const scale = 10 ** decimals;
  // Integer arithmetic on BigInt: amounts in fen can exceed 2^53 / scale for city-wide totals.
  const scaled = (BigInt(abs) * BigInt(scale) * 2n + BigInt(unitFen)) / (2n * BigInt(unitFen));
  const whole = scaled / BigInt(scale);
  const frac = (scaled % BigInt(scale)).toString().padStart(decimals, "0");
  const text = decimals > 0 ? `${groupDigits(whole)}.${frac}` : groupDigits(whole);
  return negative && scaled !== 0n ? `-${text}` : text;
}

/** "1,234,567.89" (元) */
export function formatYuan(fen: number): string {
  return fenToDecimal(fen, FEN_PER_YUAN, 2);
}

/** "123.46" (万元, two decimals, as statistics tables show it) */
export function formatWanYuan(fen: number): string {
  return fenToDecimal(fen, FEN_PER_WAN_YUAN, 2);
}

/** Amount for people: 万元 from 10,000 元 upward, otherwise 元. */
export function formatMoney(fen: number): string {
  return Math.abs(fen) >= FEN_PER_WAN_YUAN ? `${formatWanYuan(fen)} 万元` : `${formatYuan(fen)} 元`;
}

/** Parses a decimal string in a unit (元 = 100 fen, 万元 = 1,000,000 fen) into fen, or null. */
export function parseAmountToFen(text: string, unitFen: number): number | null {
  const cleaned = text.trim().replace(/,/g, "");
  const m = /^(\d{1,12})(?:\.(\d+))?$/.exec(cleaned);
  if (!m) return null;
  const unitDecimals = Math.round(Math.log10(unitFen));
  const fraction = m[2] ?? "";
  if (fraction.length > unitDecimals) return null;
  const fen = Number(m[1]) * unitFen + (fraction ? Number(fraction.padEnd(unitDecimals, "0")) : 0);
  return Number.isSafeInteger(fen) ? fen : null;
}

/** Basis points as a percentage: 385 → "3.85%". */
export function formatRateBp(bp: number): string {
  return `${(bp / 100).toFixed(2)}%`;
}

/** "3.85" (percent) → 385 basis points, or null. */
export function parsePercentToBp(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/[%％]$/, ""));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}
