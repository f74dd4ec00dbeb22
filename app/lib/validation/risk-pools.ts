/** The forms of 风险补偿资金池: the bureau's pool, capital and decisions; the bank's 代偿申请 and recoveries. */
import * as v from "valibot";
import { POOL_SPONSOR_CITY } from "~/domain/risk-pools";
import { FEN_PER_WAN_YUAN } from "~/lib/money";
import { DISTRICT_CODES } from "~/lib/reference";
import { integerField, optionalText, percentField, requiredText, wanAmountField } from "./fields";

/** Pools are city or district money: up to ¥100 亿 of capital, in 万元. */
const MAX_POOL_FEN = 1_000_000 * FEN_PER_WAN_YUAN;

const idField = v.pipe(v.string("缺少编号"), v.regex(/^\d{1,9}$/, "编号无效"), v.transform(Number));

export const poolSchema = v.object({
  name: requiredText("资金池名称", 60, 2),
  sponsor: v.picklist([POOL_SPONSOR_CITY, ...DISTRICT_CODES], "请选择出资方（市级或区县）"),
  capital: wanAmountField("出资金额", { maxFen: MAX_POOL_FEN }),
  lossShare: percentField("代偿比例", { minBp: 100, maxBp: 10_000 }),
  capPerLoan: wanAmountField("单笔代偿上限", { maxFen: MAX_POOL_FEN }),
  capPerYear: wanAmountField("年度代偿上限", { maxFen: MAX_POOL_FEN }),
  leverageLimit: integerField("放大倍数", 1, 50, " 倍"),
});
export type PoolInput = v.InferOutput<typeof poolSchema>;

export const capitalSchema = v.object({
  amount: wanAmountField("追加金额", { maxFen: MAX_POOL_FEN }),
  note: optionalText("说明", 200),
});
export type CapitalInput = v.InferOutput<typeof capitalSchema>;

/** Approve or refuse; a refusal says why (the bank reads it). */
export const decisionSchema = v.pipe(
  v.object({
    decision: v.picklist(["approve", "refuse"], "请选择审核结果"),
    reason: optionalText("理由", 300),
  }),
  v.forward(
    v.check((d) => d.decision === "approve" || d.reason.length > 0, "不予通过时请填写理由"),
    ["reason"],
  ),
);
export type DecisionInput = v.InferOutput<typeof decisionSchema>;

export const coverRequestSchema = v.object({ productId: idField, poolId: idField });

/** The loss is checked against the loan's amount by the service (fileCompensation). */
export const compensationSchema = v.object({
  loanId: idField,
  loss: wanAmountField("损失金额"),
  documentsRef: requiredText("材料编号", 100, 2),
});
export type CompensationInput = v.InferOutput<typeof compensationSchema>;

export const recoverySchema = v.object({
  claimId: idField,
  recovered: wanAmountField("回收金额"),
  note: optionalText("说明", 200),
});
export type RecoveryInput = v.InferOutput<typeof recoverySchema>;
