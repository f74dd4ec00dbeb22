/** Field schemas shared by forms, the push API and imported rows. Messages are zh-CN. */
import * as v from "valibot";
import { isCalendarDate } from "~/lib/time";
import { normalizeUscc, USCC_PROBLEM_MESSAGES, usccProblem } from "~/lib/uscc";

/** Text that must be present, trimmed, and at most `max` characters. */
export function requiredText(label: string, max: number, min = 1) {
  return v.pipe(
    v.string(`请填写${label}`),
    v.trim(),
    v.nonEmpty(`请填写${label}`),
    v.minLength(min, `${label}至少${min}个字`),
    v.maxLength(max, `${label}不能超过${max}个字`),
  );
}

export function optionalText(label: string, max: number) {
  return v.pipe(v.optional(v.string(), ""), v.trim(), v.maxLength(max, `${label}不能超过${max}个字`));
}

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
  v.trim(),
  v.nonEmpty("请填写联系电话"),
  v.regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, "请填写11位手机号或带区号的固定电话，如 0512-66668888"),
);

export function calendarDateField(label: string) {
  return v.pipe(
    v.string(`请填写${label}`),
    v.trim(),
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
