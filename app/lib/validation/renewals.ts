/** Schemas of the 无还本续贷 forms: the enterprise's request, the officer's approval and decline. */
import * as v from "valibot";
import { calendarDateField, integerField, optionalText, percentField, requiredCheckbox, requiredText, wanAmountField } from "./fields";
import { disbursementChannelField } from "./marketplace";

/** The longest renewal term the portal takes (a renewal is working capital, not a long-term loan). */
export const RENEWAL_MAX_TERM_MONTHS = 60;

export const RENEWAL_CONSENT_MESSAGE = "请勾选授权：银行须查询贵企业当前的信用信息才能审查续贷申请";

export const renewalRequestSchema = v.pipe(
  v.object({
    amount: wanAmountField("续贷金额"),
    termMonths: integerField("续贷期限", 1, RENEWAL_MAX_TERM_MONTHS, "个月"),
    note: optionalText("经营情况说明", 500),
    consent: requiredCheckbox(RENEWAL_CONSENT_MESSAGE),
  }),
  v.transform((r) => ({ amountFen: r.amount, termMonths: r.termMonths, note: r.note, consent: true })),
);
export type RenewalRequestInput = v.InferOutput<typeof renewalRequestSchema>;

/** The rate ceiling in effect (4 × LPR) is data, so the schema is built per request like the grant form's. */
export function renewalApprovalSchema(today: string, rateCeilingBp: number) {
  return v.pipe(
    v.object({
      rate: percentField("续贷年利率", { maxBp: rateCeilingBp }),
      channel: disbursementChannelField,
      disbursedOn: v.optional(
        v.union([
          v.literal(""),
          v.pipe(
            calendarDateField("放款日期"),
            v.check((d) => d <= today, "放款日期不能晚于今天"),
          ),
        ]),
        "",
      ),
    }),
    v.transform((a) => ({ rateBp: a.rate, channel: a.channel, disbursedOn: a.disbursedOn === "" ? null : a.disbursedOn })),
  );
}
export type RenewalApprovalInput = v.InferOutput<ReturnType<typeof renewalApprovalSchema>>;

export const renewalDeclineSchema = v.object({ reason: requiredText("不同意续贷的原因", 300, 4) });
