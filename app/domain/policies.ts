/**
 * 政策直达 (policy push): the bureau publishes a policy — 贴息, 担保费补贴, 首贷奖励, 风险补偿 … — with
 * who qualifies; every qualifying enterprise is told when it is published and finds it under 可享政策.
 * An enterprise that does not qualify never sees a targeted policy. Qualification is decided here, once,
 * for the page, the home and the publishing (whose SQL selection the tests hold to this function).
 *
 *   draft ──publish──▶ published ──withdraw──▶ withdrawn      draft ──withdraw──▶ withdrawn
 */
import type { Transition } from "./lifecycle";
import { districtName, industryName } from "~/lib/reference";
import { ENTERPRISE_SIZE_LABELS, type EnterpriseSize } from "./accounts";
import { CREDIT_GRADES, type CreditGrade } from "./scoring";

export const POLICY_BENEFIT_KINDS = [
  "interest_subsidy",
  "guarantee_fee_subsidy",
  "first_loan_reward",
  "risk_compensation",
  "other",
] as const;
export type PolicyBenefitKind = (typeof POLICY_BENEFIT_KINDS)[number];
export const POLICY_BENEFIT_KIND_LABELS: Record<PolicyBenefitKind, string> = {
  interest_subsidy: "贴息",
  guarantee_fee_subsidy: "担保费补贴",
  first_loan_reward: "首贷奖励",
  risk_compensation: "风险补偿",
  other: "其他",
};

export const POLICY_STATUSES = ["draft", "published", "withdrawn"] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];
export const POLICY_STATUS_LABELS: Record<PolicyStatus, string> = { draft: "草稿", published: "已发布", withdrawn: "已撤回" };

export type PolicyEvent = "publish" | "withdraw" | "edit";
export function policyTransition(from: PolicyStatus, event: PolicyEvent): Transition<PolicyStatus> {
  if (from === "draft") return { ok: true, to: event === "publish" ? "published" : event === "withdraw" ? "withdrawn" : "draft" };
  if (from === "published" && event === "withdraw") return { ok: true, to: "withdrawn" };
  const words: Record<PolicyEvent, string> = { publish: "发布", withdraw: "撤回", edit: "修改" };
  return { ok: false, message: `该政策${POLICY_STATUS_LABELS[from]}，不能${words[event]}` };
}

/** Who qualifies; a null list means everyone. */
export type PolicyTargeting = {
  districts: string[] | null;
  industries: string[] | null;
  sizes: EnterpriseSize[] | null;
  /** The lowest grade that qualifies (A best); an enterprise without a grade does not. */
  minGrade: CreditGrade | null;
  /** Only enterprises with no loan on the platform yet (首贷). */
  firstLoanOnly: boolean;
  /** The loans it applies to must be under a product with one of these tags; null for any loan. */
  productTags: string[] | null;
};

export type PolicyCandidate = {
  districtCode: string;
  industrySection: string;
  size: EnterpriseSize;
  grade: CreditGrade | null;
  /** On the serious-dishonesty list, under court enforcement or tax grade D: 失信惩戒 excludes it from every benefit. */
  knockedOut: boolean;
  hasLoan: boolean;
};

/** Why an enterprise does not qualify, in its words; empty when it does. (Product tags concern a loan, not the firm.) */
export function policyMisses(t: PolicyTargeting, firm: PolicyCandidate): string[] {
  const misses: string[] = [];
  if (firm.knockedOut) misses.push("存在严重失信等否决项，暂不能享受政策");
  if (t.districts !== null && !t.districts.includes(firm.districtCode)) misses.push("所在区县不在适用范围");
  if (t.industries !== null && !t.industries.includes(firm.industrySection)) misses.push("所属行业不在适用范围");
  if (t.sizes !== null && !t.sizes.includes(firm.size)) misses.push("企业规模不在适用范围");
  if (t.minGrade !== null && (firm.grade === null || CREDIT_GRADES.indexOf(firm.grade) > CREDIT_GRADES.indexOf(t.minGrade))) {
    misses.push(`信用等级须达到 ${t.minGrade} 级`);
  }
  if (t.firstLoanOnly && firm.hasLoan) misses.push("仅限首贷企业");
  return misses;
}

export function qualifiesForPolicy(t: PolicyTargeting, firm: PolicyCandidate): boolean {
  return policyMisses(t, firm).length === 0;
}

/** Whether a policy applies to a loan under a product with these tags (or an open need, product unknown: null). */
export function policyAppliesToProduct(t: PolicyTargeting, productTags: readonly string[] | null): boolean | null {
  if (t.productTags === null) return true;
  if (productTags === null) return null;
  return t.productTags.some((tag) => productTags.includes(tag));
}

/** Who qualifies, in words, one line per condition (for the bureau and the enterprise). */
export function targetingSummary(t: PolicyTargeting): string[] {
  return [
    `区县：${t.districts === null ? "不限" : t.districts.map(districtName).join("、")}`,
    `行业：${t.industries === null ? "不限" : t.industries.map(industryName).join("、")}`,
    `规模：${t.sizes === null ? "不限" : t.sizes.map((s) => ENTERPRISE_SIZE_LABELS[s]).join("、")}`,
    `信用等级：${t.minGrade === null ? "不限" : `${t.minGrade} 级及以上`}`,
    ...(t.firstLoanOnly ? ["仅限首贷企业（在本平台尚无贷款）"] : []),
    ...(t.productTags === null ? [] : [`适用贷款：所属产品带有“${t.productTags.join("”或“")}”标签`]),
  ];
}
