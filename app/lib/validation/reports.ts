/** Inputs of the statistics screens: a month in the URL, a revision number, the report actions. */
import * as v from "valibot";
import "./messages";
import { isMonth } from "~/lib/time";

export const monthParam = v.pipe(v.string(), v.check(isMonth, "月份格式应为 YYYY-MM"));

/** `?revision=N` to read an earlier frozen revision. */
export const revisionQuery = v.optional(v.pipe(v.string(), v.regex(/^[1-9]\d{0,3}$/, "修订版本号无效"), v.transform(Number)));

export const reportActionSchema = v.variant("intent", [
  v.object({ intent: v.literal("freeze") }),
  v.object({
    intent: v.literal("open_revision"),
    reason: v.pipe(
      v.string("请填写修订原因"),
      v.trim(),
      v.minLength(5, "请写明修订原因（至少5个字），如哪家机构补报了哪些数据"),
      v.maxLength(300, "修订原因不能超过300字"),
    ),
  }),
]);

/** Month and optional revision of a report URL; undefined for a malformed one (a page that does not exist). */
export function reportLocation(month: string | undefined, url: URL): { month: string; revision?: number } | undefined {
  const parsedMonth = v.safeParse(monthParam, month);
  const parsedRevision = v.safeParse(revisionQuery, url.searchParams.get("revision") ?? undefined);
  if (!parsedMonth.success || !parsedRevision.success) return undefined;
  return { month: parsedMonth.output, revision: parsedRevision.output };
}
