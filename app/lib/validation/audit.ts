/** The audit log's filter, from the query string: category, date range (Shanghai dates), who. */
import * as v from "valibot";
import "./messages";
import { AUDIT_CATEGORIES, type AuditCategory } from "~/lib/audit-actions";
import { isCalendarDate } from "~/lib/time";

const date = v.optional(
  v.pipe(
    v.string(),
    v.trim(),
    v.check((d) => d === "" || isCalendarDate(d), "日期格式应为 YYYY-MM-DD"),
  ),
  "",
);

export const auditFilterSchema = v.object({
  category: v.optional(v.picklist(["", ...(Object.keys(AUDIT_CATEGORIES) as AuditCategory[])]), ""),
  from: date,
  to: date,
  actor: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(50, "用户名不能超过50个字符")), ""),
});
export type AuditFilter = v.InferOutput<typeof auditFilterSchema>;

/** The filter in the query string, or no filter when it does not parse (a hand-edited URL). */
export function auditFilterFrom(params: URLSearchParams): AuditFilter {
  const parsed = v.safeParse(
    auditFilterSchema,
    Object.fromEntries(["category", "from", "to", "actor"].map((k) => [k, params.get(k) ?? undefined])),
  );
  return parsed.success ? parsed.output : { category: "", from: "", to: "", actor: "" };
}
