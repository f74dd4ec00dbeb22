/** The bureau's policy form (政策直达). An empty checkbox group means 不限. */
import * as v from "valibot";
import { ENTERPRISE_SIZES } from "~/domain/accounts";
import { POLICY_BENEFIT_KINDS } from "~/domain/policies";
import { CREDIT_GRADES } from "~/domain/scoring";
import { PRODUCT_TAGS } from "~/domain/marketplace";
import { DISTRICT_CODES, INDUSTRY_CODES } from "~/lib/reference";
import { calendarDateField, listField, requiredText } from "./fields";

const policyFields = v.object({
  title: requiredText("政策标题", 60),
  issuer: requiredText("发文单位", 60),
  body: requiredText("政策内容", 4000),
  benefitKind: v.picklist(POLICY_BENEFIT_KINDS, "请选择支持方式"),
  validFrom: calendarDateField("生效日期"),
  validTo: calendarDateField("截止日期"),
  districts: listField(DISTRICT_CODES as [string, ...string[]], "适用区县", 0),
  industries: listField(INDUSTRY_CODES as [string, ...string[]], "适用行业", 0),
  sizes: listField(ENTERPRISE_SIZES, "企业规模", 0),
  minGrade: v.optional(v.union([v.literal(""), v.picklist(CREDIT_GRADES)], "信用等级无效"), ""),
  firstLoanOnly: v.optional(v.picklist(["", "yes"], "仅限首贷企业的取值无效"), ""),
  productTags: listField(PRODUCT_TAGS, "产品标签", 0),
});
type PolicyFields = v.InferOutput<typeof policyFields>;

const orNull = <T>(list: T[]) => (list.length === 0 ? null : list);

export const policySchema = v.pipe(
  policyFields,
  v.forward<PolicyFields, v.CheckIssue<PolicyFields>, [string]>(
    v.check((p) => p.validFrom <= p.validTo, "截止日期不能早于生效日期"),
    ["validTo"] as never,
  ),
  v.transform((p) => ({
    title: p.title,
    issuer: p.issuer,
    body: p.body,
    benefitKind: p.benefitKind,
    validFrom: p.validFrom,
    validTo: p.validTo,
    districts: orNull(p.districts),
    industries: orNull(p.industries),
    sizes: orNull(p.sizes),
    minGrade: p.minGrade === "" ? null : p.minGrade,
    firstLoanOnly: p.firstLoanOnly === "yes",
    productTags: orNull(p.productTags),
  })),
);
export type PolicyInput = v.InferOutput<typeof policySchema>;
