/** 信用承诺 forms: the commitment ticked with a need or a repair application, and a breach an officer records. */
import * as v from "valibot";
import { currentCommitment, type CommitmentKind } from "~/domain/commitments";
import { requiredText } from "./fields";

/**
 * The checkbox carries the version of the text shown: a form rendered before the text changed is
 * refused, so nobody is held to words they did not see.
 */
export function commitmentField(kind: CommitmentKind) {
  const current = currentCommitment(kind);
  return v.pipe(
    v.optional(v.string(), ""),
    v.check((value) => value !== "", `请阅读并勾选${current.title}`),
    v.check((value) => value === current.version, `${current.title}已更新，请重新阅读后勾选`),
  );
}

export const BREACH_REASON_MIN = 10;

export const breachSchema = v.object({
  commitmentId: v.pipe(v.string("请选择承诺"), v.regex(/^\d{1,12}$/, "请选择承诺"), v.transform(Number)),
  reason: requiredText("违诺事由", 500, BREACH_REASON_MIN),
});
export type BreachInput = v.InferOutput<typeof breachSchema>;
