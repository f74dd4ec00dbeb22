/**
 * Objection forms: the enterprise's filing, and the bureau's decision. An upheld decision's corrected
 * values are checked by the ingest row schema of the item (app/lib/validation/credit.ts), the same
 * rules any other door's data passes.
 */
import * as v from "valibot";
import { CREDIT_ITEM_TYPES } from "~/domain/objections";
import { requiredText } from "./fields";

export const OBJECTION_REASON_MIN = 10;
export const OBJECTION_REASON_MAX = 500;

const id = (message: string) => v.pipe(v.string(message), v.regex(/^\d{1,12}$/, message), v.transform(Number));

export const objectionSchema = v.object({
  itemType: v.picklist(CREDIT_ITEM_TYPES, "请选择要提出异议的数据"),
  itemId: id("请选择要提出异议的数据"),
  reason: requiredText("异议理由", OBJECTION_REASON_MAX, OBJECTION_REASON_MIN),
});
export type ObjectionInput = v.InferOutput<typeof objectionSchema>;

export const resolutionSchema = v.object({
  decision: v.picklist(["upheld", "rejected"], "请选择处理结果"),
  resolution: requiredText("处理说明", 500, 4),
});
export type ResolutionInput = v.InferOutput<typeof resolutionSchema>;
