/** Inputs of the statistics screens: a month in the URL, a revision number, the report actions. */
import * as v from "valibot";
import "./messages";
import { formatMonthZh, isMonth, monthOf } from "~/lib/time";

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

/**
 * Month and optional revision of a report URL, or why there is no such page (the route answers 404
 * with it): a malformed URL, or a month that has not begun — the current month shows its live draft.
 */
export function reportLocation(
  month: string | undefined,
  url: URL,
  now: number,
): { month: string; revision?: number } | { notFound: string } {
  const parsedMonth = v.safeParse(monthParam, month);
  const parsedRevision = v.safeParse(revisionQuery, url.searchParams.get("revision") ?? undefined);
  if (!parsedMonth.success || !parsedRevision.success) return { notFound: "没有这个报表" };
  if (parsedMonth.output > monthOf(now)) return { notFound: `${formatMonthZh(parsedMonth.output)}尚未到来，没有该月的报表` };
  return { month: parsedMonth.output, revision: parsedRevision.output };
}
