/** The override form: an institution admin's reason for letting a knocked-out enterprise's need go on. */
import * as v from "valibot";
import { requiredText } from "./fields";

export const overrideSchema = v.object({
  reason: requiredText("豁免理由", 500, 10),
});
export type OverrideInput = v.InferOutput<typeof overrideSchema>;
