/** Schemas of the marketplace forms: products, needs, and an officer's decisions. */
import * as v from "valibot";
import { commitmentField } from "./commitments";
import { DISTRICT_CODES, INDUSTRY_CODES } from "~/lib/reference";
import { addDays, isMonth } from "~/lib/time";
import {
  DISBURSEMENT_CHANNELS,
  GUARANTEE_MODES,
  LOAN_STATUSES,
  LOAN_PURPOSES,
  PRODUCT_TAGS,
  REJECT_REASON_CODES,
} from "~/domain/marketplace";
import { CREDIT_GRADES } from "~/domain/scoring";
import {
  calendarDateField,
  confirmedField,
  integerField,
  requiredCheckbox,
  listField,
  optionalText,
  percentField,
  requiredText,
  wanAmountField,
} from "./fields";

type Ranged = Record<string, unknown>;

/** "min ≤ max" across two fields, reported at the max field. */
function ordered<T extends Ranged>(minKey: keyof T & string, maxKey: keyof T & string, message: string) {
  return v.forward<T, v.CheckIssue<T>, [string]>(
    v.check<T, string>((input) => (input[minKey] as number) <= (input[maxKey] as number), message),
    [maxKey] as never,
  );
}

const scope = v.picklist(["all", "selected"], "请选择适用范围");

/**
 * The rate forms take the rate ceiling in effect (4 × the one-year LPR, app/services/lpr.server.ts) as a
 * parameter: it is data the administrator maintains, so the schema is built per request.
 */
function productFields(rateCeilingBp: number) {
  return v.object({
    name: requiredText("产品名称", 40, 2),
    description: optionalText("产品介绍", 1000),
    amountMin: wanAmountField("最低额度"),
    amountMax: wanAmountField("最高额度"),
    rateMin: percentField("最低年利率", { maxBp: rateCeilingBp }),
    rateMax: percentField("最高年利率", { maxBp: rateCeilingBp }),
    termMin: integerField("最短期限", 1, 360, "个月"),
    termMax: integerField("最长期限", 1, 360, "个月"),
    guaranteeModes: listField(GUARANTEE_MODES, "担保方式"),
    districtScope: scope,
    districts: listField(DISTRICT_CODES as [string, ...string[]], "适用区县", 0),
    industryScope: scope,
    industries: listField(INDUSTRY_CODES as [string, ...string[]], "适用行业", 0),
    minGrade: v.optional(v.union([v.literal(""), v.picklist(CREDIT_GRADES)]), ""),
    minYears: integerField("最低经营年限", 0, 50, "年"),
    tags: listField(PRODUCT_TAGS, "产品标签", 0),
  });
}
type ProductFields = v.InferOutput<ReturnType<typeof productFields>>;

export function productSchema(rateCeilingBp: number) {
  return v.pipe(
    productFields(rateCeilingBp),
    ordered<ProductFields>("amountMin", "amountMax", "最高额度不能低于最低额度"),
    ordered<ProductFields>("rateMin", "rateMax", "最高年利率不能低于最低年利率"),
    ordered<ProductFields>("termMin", "termMax", "最长期限不能短于最短期限"),
    v.forward<ProductFields, v.CheckIssue<ProductFields>, [string]>(
      v.check((p) => p.districtScope === "all" || p.districts.length > 0, "请至少选择一个适用区县，或选择“全部区县”"),
      ["districts"] as never,
    ),
    v.forward<ProductFields, v.CheckIssue<ProductFields>, [string]>(
      v.check((p) => p.industryScope === "all" || p.industries.length > 0, "请至少选择一个适用行业，或选择“全部行业”"),
      ["industries"] as never,
    ),
    v.transform((p) => ({
      name: p.name,
      description: p.description,
      amountMinFen: p.amountMin,
      amountMaxFen: p.amountMax,
      rateMinBp: p.rateMin,
      rateMaxBp: p.rateMax,
      termMinMonths: p.termMin,
      termMaxMonths: p.termMax,
      guaranteeModes: p.guaranteeModes,
      eligibleDistricts: p.districtScope === "all" ? null : p.districts,
      eligibleIndustries: p.industryScope === "all" ? null : p.industries,
      minGrade: p.minGrade === "" ? null : p.minGrade,
      minYearsInOperation: p.minYears,
      tags: p.tags,
    })),
  );
}
export type ProductInput = v.InferOutput<ReturnType<typeof productSchema>>;

/** Needs may stay open from tomorrow up to 180 days; 30 days unless the enterprise chooses. */
export const NEED_DEFAULT_DAYS = 30;
export const NEED_MAX_DAYS = 180;

export function needSchema(today: string, rateCeilingBp: number) {
  return v.pipe(
    v.object({
      amount: wanAmountField("融资金额", { minFen: 10_000 * 100, maxFen: 50_000 * 1_000_000 }),
      termMonths: integerField("融资期限", 1, 120, "个月"),
      purposeCategory: v.picklist(LOAN_PURPOSES, "请选择资金用途"),
      purpose: requiredText("用途说明", 200, 4),
      guaranteeMode: v.optional(v.union([v.literal(""), v.picklist(GUARANTEE_MODES)]), ""),
      rateCeiling: v.optional(v.union([v.literal(""), percentField("可接受最高年利率", { maxBp: rateCeilingBp })]), ""),
      expiresOn: v.optional(
        v.union([
          v.literal(""),
          v.pipe(
            calendarDateField("有效期至"),
            v.check((d) => d > today, "有效期至少到明天"),
            v.check((d) => d <= addDays(today, NEED_MAX_DAYS), `有效期最长 ${NEED_MAX_DAYS} 天`),
          ),
        ]),
        "",
      ),
      targetProductId: v.optional(v.union([v.literal(""), v.pipe(v.string(), v.regex(/^\d{1,9}$/), v.transform(Number))]), ""),
      authorize: requiredCheckbox("请勾选授权：金融机构需在授权范围内查询您的信用信息才能审查需求"),
      commitment: commitmentField("need"),
    }),
    v.transform((n) => ({
      amountFen: n.amount,
      termMonths: n.termMonths,
      purpose: `${n.purposeCategory}：${n.purpose}`,
      guaranteeMode: n.guaranteeMode === "" ? null : n.guaranteeMode,
      rateCeilingBp: n.rateCeiling === "" ? null : n.rateCeiling,
      expiresOn: n.expiresOn === "" ? addDays(today, NEED_DEFAULT_DAYS) : n.expiresOn,
      targetProductId: n.targetProductId === "" ? null : n.targetProductId,
      commitmentVersion: n.commitment,
    })),
  );
}
export type NeedInput = v.InferOutput<ReturnType<typeof needSchema>>;

export function grantSchema(rateCeilingBp: number) {
  return v.object({
    productId: v.pipe(v.string("请选择授信产品"), v.regex(/^\d{1,9}$/, "请选择授信产品"), v.transform(Number)),
    amount: wanAmountField("授信金额"),
    rate: percentField("授信年利率", { maxBp: rateCeilingBp }),
    termMonths: integerField("授信期限", 1, 360, "个月"),
    guaranteeMode: v.picklist(GUARANTEE_MODES, "请选择担保方式"),
    /** Ticked when the officer grants more than was asked for, on purpose. */
    exceedsRequest: v.optional(v.literal("yes")),
  });
}
export type GrantInput = v.InferOutput<ReturnType<typeof grantSchema>>;

export const rejectSchema = v.pipe(
  v.object({
    reasonCode: v.picklist(REJECT_REASON_CODES, "请选择原因"),
    note: optionalText("说明", 500),
  }),
  v.forward(
    v.check((r) => r.reasonCode !== "other" || r.note.length >= 4, "选择“其他原因”时请写明具体原因（至少4个字）"),
    ["note"],
  ),
);

/** Where a loan is paid: the firm's bank account unless the officer picks its e-CNY wallet. */
export const disbursementChannelField = v.optional(v.picklist(DISBURSEMENT_CHANNELS, "请选择放款渠道"), "bank_account");

export function disburseSchema(today: string) {
  return v.object({
    amount: wanAmountField("放款金额"),
    channel: disbursementChannelField,
    disbursedOn: v.pipe(
      calendarDateField("放款日期"),
      v.check((d) => d <= today, "放款日期不能晚于今天"),
    ),
    /** Ticked when the officer means to disburse less than half of the grant (the service asks for it). */
    confirmBelowHalf: v.pipe(
      v.optional(v.string(), ""),
      v.transform((value) => value === "yes"),
    ),
  });
}

export const loanStatusSchema = v.object({
  month: v.pipe(v.string("请选择月份"), v.check(isMonth, "月份格式应为 YYYY-MM")),
  status: v.picklist(LOAN_STATUSES, "请选择贷款状态"),
});

export const cancelSchema = v.object({ note: optionalText("说明", 300), confirm: confirmedField });
