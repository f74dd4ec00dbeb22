/** Field schemas shared by forms, the push API and imported rows. Messages are zh-CN. */
import * as v from "valibot";
import { formatMoney, formatRateBp, FEN_PER_WAN_YUAN, parseAmountToFen, parsePercentToBp } from "~/lib/money";
import { hasUnreadableChars, normalizeTyped, UNREADABLE_MESSAGE } from "~/lib/text";
import { isCalendarDate } from "~/lib/time";
import { normalizeUscc, USCC_PROBLEM_MESSAGES, usccProblem } from "~/lib/uscc";
import "./messages";

/** A checkbox that must be ticked (its value is "yes"). */
export function requiredCheckbox(message: string) {
  return v.pipe(
    v.optional(v.string(), ""),
    v.check((value) => value === "yes", message),
  );
}

/** The box an action that asks twice requires (app/ui/ConfirmedAction.tsx). */
export const CONFIRM_MESSAGE = "请勾选确认后再提交";
export const confirmedField = requiredCheckbox(CONFIRM_MESSAGE);

/** Refuses text with broken encoding or control characters, which no keyboard produces. */
export function readable(label: string) {
  return v.check((text: string) => !hasUnreadableChars(text), `${label}${UNREADABLE_MESSAGE}`);
}

/** Text that must be present, trimmed, and at most `max` characters. */
export function requiredText(label: string, max: number, min = 1) {
  return v.pipe(
    v.string(`请填写${label}`),
    v.trim(),
    v.nonEmpty(`请填写${label}`),
    v.minLength(min, `${label}至少${min}个字`),
    v.maxLength(max, `${label}不能超过${max}个字`),
    readable(label),
  );
}

export function optionalText(label: string, max: number) {
  return v.pipe(v.optional(v.string(), ""), v.trim(), v.maxLength(max, `${label}不能超过${max}个字`), readable(label));
}

/** Numbers, dates and phone numbers may be typed in full-width on a phone IME (１２３): read as half-width. */
const typed = v.transform(normalizeTyped);

export const usccField = v.pipe(
  v.string(USCC_PROBLEM_MESSAGES.empty),
  v.transform(normalizeUscc),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = usccProblem(dataset.value);
    if (problem) addIssue({ message: USCC_PROBLEM_MESSAGES[problem] });
  }),
);

export const mobileOrLandlineField = v.pipe(
  v.string("请填写联系电话"),
  typed,
  v.nonEmpty("请填写联系电话"),
  v.regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, "请填写11位手机号或带区号的固定电话，如 0512-66668888"),
);

export function calendarDateField(label: string) {
  return v.pipe(
    v.string(`请填写${label}`),
    typed,
    v.nonEmpty(`请填写${label}`),
    v.check(isCalendarDate, `${label}格式应为 年-月-日，如 2018-06-01`),
  );
}

export function pickField<const T extends readonly [string, ...string[]]>(options: T, message: string) {
  return v.picklist(options, message);
}

/** Login names for staff accounts: letters, digits, dot, dash, underscore. */
export const usernameField = v.pipe(
  v.string("请填写用户名"),
  v.trim(),
  v.toLowerCase(),
  v.regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, "用户名为3–32位字母、数字或 . _ -，以字母或数字开头"),
);

/** An amount typed in 万元 (up to 6 decimals, i.e. to the fen), parsed exactly into fen. */
export function wanAmountField(label: string, options: { minFen?: number; maxFen?: number } = {}) {
  const minFen = options.minFen ?? 1;
  const maxFen = options.maxFen ?? 100_000 * FEN_PER_WAN_YUAN;
  return v.pipe(
    v.string(`请填写${label}`),
    typed,
    v.nonEmpty(`请填写${label}`),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const fen = parseAmountToFen(dataset.value, FEN_PER_WAN_YUAN);
      if (fen === null) {
        addIssue({ message: `${label}请填写数字（单位：万元，最多6位小数）` });
        return NEVER;
      }
      return fen;
    }),
    v.minValue(minFen, `${label}不能低于 ${formatMoney(minFen)}`),
    v.maxValue(maxFen, `${label}不能超过 ${formatMoney(maxFen)}`),
  );
}

/** A percentage with up to two decimals ("4.35"), parsed into basis points. */
export function percentField(label: string, options: { minBp?: number; maxBp?: number } = {}) {
  return v.pipe(
    v.string(`请填写${label}`),
    typed,
    v.nonEmpty(`请填写${label}`),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const bp = parsePercentToBp(dataset.value);
      if (bp === null) {
        addIssue({ message: `${label}请填写百分数，最多两位小数，如 4.35` });
        return NEVER;
      }
      return bp;
    }),
    v.minValue(options.minBp ?? 1, `${label}必须大于 0`),
    v.maxValue(options.maxBp ?? 10_000, `${label}不能超过 ${formatRateBp(options.maxBp ?? 10_000)}`),
  );
}

export function integerField(label: string, min: number, max: number, unit = "") {
  return v.pipe(
    v.string(`请填写${label}`),
    typed,
    v.regex(/^\d{1,6}$/, `${label}请填写整数`),
    v.transform(Number),
    v.minValue(min, `${label}不能小于 ${min}${unit}`),
    v.maxValue(max, `${label}不能超过 ${max}${unit}`),
  );
}

/** A checkbox group, submitted as repeated fields (joined by commas): each value must be an option. */
export function listField<const T extends readonly [string, ...string[]]>(options: T, label: string, min = 1) {
  return v.pipe(
    v.optional(v.string(), ""),
    v.transform((text) => (text ? [...new Set(text.split(","))] : [])),
    v.array(v.picklist(options, `${label}包含无效选项`)),
    v.minLength(min, `请至少选择一项${label}`),
  );
}
