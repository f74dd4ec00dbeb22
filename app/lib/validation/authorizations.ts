/** The enterprise's form to authorize one institution, or all, to read its credit profile. */
import * as v from "valibot";
import { addDays } from "~/lib/time";
import { calendarDateField, requiredText } from "./fields";

/** An authorization given by hand lasts at most a year; a need's own follows the need. */
export const AUTHORIZATION_MAX_DAYS = 365;
export const AUTHORIZATION_DEFAULT_DAYS = 90;

export function authorizationSchema(today: string) {
  return v.pipe(
    v.object({
      institution: v.pipe(
        v.string("请选择被授权的金融机构"),
        v.trim(),
        v.nonEmpty("请选择被授权的金融机构"),
        v.regex(/^(all|\d{1,9})$/, "请选择被授权的金融机构"),
      ),
      purpose: requiredText("授权用途", 100, 4),
      expiresOn: v.pipe(
        calendarDateField("有效期至"),
        v.check((d) => d > today, "有效期至少到明天"),
        v.check((d) => d <= addDays(today, AUTHORIZATION_MAX_DAYS), `授权有效期最长 ${AUTHORIZATION_MAX_DAYS} 天`),
      ),
    }),
    v.transform((a) => ({
      institutionId: a.institution === "all" ? null : Number(a.institution),
      purpose: a.purpose,
      expiresOn: a.expiresOn,
    })),
  );
}
export type AuthorizationInput = v.InferOutput<ReturnType<typeof authorizationSchema>>;
