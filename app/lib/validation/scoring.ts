/** Inputs of the recommendation-list and calibration screens (bureau). */
import * as v from "valibot";
import { DISTRICT_CODES } from "~/lib/reference";
import { isMonth } from "~/lib/time";

const id = (message: string) => v.pipe(v.string(message), v.regex(/^\d{1,9}$/, message), v.transform(Number));

/** ?district=&month= of the bureau's list screen. */
export const listQuerySchema = v.object({
  district: v.picklist(DISTRICT_CODES as [string, ...string[]], "请选择区县"),
  month: v.pipe(v.string(), v.check(isMonth, "月份格式应为 YYYY-MM")),
});

const reason = (what: string) =>
  v.pipe(v.string(`请填写${what}`), v.trim(), v.minLength(4, `请写明${what}（至少4个字）`), v.maxLength(300, `${what}不能超过300字`));

export const recommendationActionSchema = v.variant("intent", [
  v.object({ intent: v.literal("build") }),
  v.object({ intent: v.literal("remove"), entryId: id("无法识别的名单条目"), reason: reason("移出原因") }),
  v.object({
    intent: v.literal("push"),
    listId: id("无法识别的名单"),
    // Checkbox values arrive joined by commas (formDataToRecord).
    institutionIds: v.pipe(
      v.optional(v.string(), ""),
      v.transform((s) => s.split(",").filter(Boolean)),
      v.check((ids) => ids.length > 0, "请至少选择一家金融机构"),
      v.check((ids) => ids.every((x) => /^\d{1,9}$/.test(x)), "请选择在册的金融机构"),
      v.transform((ids) => ids.map(Number)),
    ),
  }),
]);

export const scoringActionSchema = v.variant("intent", [
  v.object({ intent: v.literal("calibrate") }),
  v.object({
    intent: v.literal("activate"),
    version: v.pipe(v.string("请选择版本"), v.trim(), v.nonEmpty("请选择版本"), v.maxLength(64, "版本号无效")),
    reason: reason("启用原因"),
  }),
]);
