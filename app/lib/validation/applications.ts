/** The 不予受理 form: why the product's institution will not take an application, and a note the firm reads. */
import * as v from "valibot";
import { DECLINE_NOTE_REQUIRED, DECLINE_REASONS, declineNoteMissing } from "~/domain/applications";
import { optionalText } from "./fields";

export const declineApplicationSchema = v.pipe(
  v.object({
    reason: v.picklist(DECLINE_REASONS, "请选择不予受理的原因"),
    note: optionalText("说明", 300),
  }),
  v.forward(
    v.check((input) => !declineNoteMissing(input.reason, input.note), DECLINE_NOTE_REQUIRED),
    ["note"],
  ),
);
export type DeclineApplicationInput = v.InferOutput<typeof declineApplicationSchema>;
