/** 信用修复 forms: the enterprise's application and resubmission, and the bureau's decision. */
import * as v from "valibot";
import { commitmentField } from "./commitments";
import { optionalText, requiredText } from "./fields";

export const REPAIR_STATEMENT_MIN = 20;
export const REPAIR_STATEMENT_MAX = 2000;

const statement = requiredText("整改说明", REPAIR_STATEMENT_MAX, REPAIR_STATEMENT_MIN);

export const repairApplicationSchema = v.object({
  eventId: v.pipe(v.string("请选择要修复的记录"), v.regex(/^\d{1,12}$/, "请选择要修复的记录"), v.transform(Number)),
  statement,
  commitment: commitmentField("repair"),
});
export type RepairApplicationInput = v.InferOutput<typeof repairApplicationSchema>;

export const repairResubmissionSchema = v.object({ statement, note: optionalText("补充说明", 500) });
export type RepairResubmissionInput = v.InferOutput<typeof repairResubmissionSchema>;

export const repairDecisionSchema = v.variant(
  "decision",
  [
    v.object({ decision: v.literal("accept"), note: optionalText("审核意见", 500) }),
    v.object({ decision: v.literal("refuse"), note: requiredText("不予修复的理由", 500, 4) }),
    v.object({ decision: v.literal("ask_more"), note: requiredText("需补充的材料", 500, 4) }),
  ],
  "请选择审核结果",
);
export type RepairDecisionInput = v.InferOutput<typeof repairDecisionSchema>;
