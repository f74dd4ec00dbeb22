/**
 * Does a financing need fit a credit product, and why (not)? Pure: the officer's queue filters on
 * it, the enterprise sees its reasons. Credit grade and knock-outs are checked when the enterprise's
 * grade is known (see the scoring issue); until then a product's minimum grade is shown, not enforced.
 */
import { formatMoney, formatRateBp } from "./money";
import { districtName, industryName } from "./reference";
import { yearsSince } from "./time";
import { GUARANTEE_MODE_LABELS, type GuaranteeMode } from "~/domain/marketplace";
import { CREDIT_GRADES, type CreditGrade } from "~/domain/scoring";

export type NeedTerms = {
  amountFen: number;
  termMonths: number;
  guaranteeMode: GuaranteeMode | null;
  rateCeilingBp: number | null;
};

export type ApplicantProfile = {
  districtCode: string;
  industrySection: string;
  establishedOn: string;
  /** Undefined while no credit score exists; null when the enterprise has none. */
  grade?: CreditGrade | null;
};

export type ProductTerms = {
  amountMinFen: number;
  amountMaxFen: number;
  rateMinBp: number;
  rateMaxBp: number;
  termMinMonths: number;
  termMaxMonths: number;
  guaranteeModes: GuaranteeMode[];
  eligibleDistricts: string[] | null;
  eligibleIndustries: string[] | null;
  minGrade: CreditGrade | null;
  minYearsInOperation: number;
};

export type Check = {
  key: "amount" | "term" | "guarantee" | "rate" | "district" | "industry" | "years" | "grade";
  ok: boolean;
  text: string;
};

/** Whether an enterprise's grade reaches a product's minimum (A best); no grade never does. */
export function meetsMinGrade(grade: CreditGrade | null, minGrade: CreditGrade | null): boolean {
  return minGrade === null || (grade !== null && CREDIT_GRADES.indexOf(grade) <= CREDIT_GRADES.indexOf(minGrade));
}

export function checkEligibility(need: NeedTerms, applicant: ApplicantProfile, product: ProductTerms, now: number) {
  const checks: Check[] = [];
  const amountRange = `${formatMoney(product.amountMinFen)}–${formatMoney(product.amountMaxFen)}`;
  checks.push(
    need.amountFen < product.amountMinFen
      ? { key: "amount", ok: false, text: `需求金额低于产品下限（产品额度 ${amountRange}）` }
      : need.amountFen > product.amountMaxFen
        ? { key: "amount", ok: false, text: `需求金额超过产品上限（产品额度 ${amountRange}）` }
        : { key: "amount", ok: true, text: `金额在产品额度 ${amountRange} 内` },
  );
  checks.push(
    need.termMonths < product.termMinMonths || need.termMonths > product.termMaxMonths
      ? {
          key: "term",
          ok: false,
          text: `期限 ${need.termMonths} 个月不在产品期限 ${product.termMinMonths}–${product.termMaxMonths} 个月内`,
        }
      : { key: "term", ok: true, text: `期限在产品期限 ${product.termMinMonths}–${product.termMaxMonths} 个月内` },
  );
  checks.push(
    need.guaranteeMode === null
      ? {
          key: "guarantee",
          ok: true,
          text: `担保方式不限（产品支持${product.guaranteeModes.map((m) => GUARANTEE_MODE_LABELS[m]).join("、")}）`,
        }
      : product.guaranteeModes.includes(need.guaranteeMode)
        ? { key: "guarantee", ok: true, text: `支持${GUARANTEE_MODE_LABELS[need.guaranteeMode]}方式` }
        : { key: "guarantee", ok: false, text: `产品不提供${GUARANTEE_MODE_LABELS[need.guaranteeMode]}方式` },
  );
  if (need.rateCeilingBp !== null) {
    checks.push(
      product.rateMinBp > need.rateCeilingBp
        ? {
            key: "rate",
            ok: false,
            text: `产品最低利率 ${formatRateBp(product.rateMinBp)} 高于可接受的 ${formatRateBp(need.rateCeilingBp)}`,
          }
        : {
            key: "rate",
            ok: true,
            text: `产品利率 ${formatRateBp(product.rateMinBp)} 起，不高于可接受的 ${formatRateBp(need.rateCeilingBp)}`,
          },
    );
  }
  if (product.eligibleDistricts !== null) {
    const ok = product.eligibleDistricts.includes(applicant.districtCode);
    checks.push({
      key: "district",
      ok,
      text: ok ? `服务${districtName(applicant.districtCode)}` : `产品不服务${districtName(applicant.districtCode)}`,
    });
  }
  if (product.eligibleIndustries !== null) {
    const ok = product.eligibleIndustries.includes(applicant.industrySection);
    const name = industryName(applicant.industrySection);
    checks.push({ key: "industry", ok, text: ok ? `面向${name}` : `产品不面向${name}` });
  }
  if (product.minYearsInOperation > 0) {
    const years = yearsSince(applicant.establishedOn, now);
    const ok = years >= product.minYearsInOperation;
    checks.push({
      key: "years",
      ok,
      text: ok
        ? `经营 ${years} 年，满足 ${product.minYearsInOperation} 年要求`
        : `经营 ${years} 年，不足 ${product.minYearsInOperation} 年`,
    });
  }
  if (product.minGrade !== null && applicant.grade !== undefined) {
    const ok = meetsMinGrade(applicant.grade, product.minGrade);
    checks.push({
      key: "grade",
      ok,
      text: ok ? `信用等级 ${applicant.grade} 满足 ${product.minGrade} 级要求` : `信用等级未达到 ${product.minGrade} 级`,
    });
  }
  return { eligible: checks.every((c) => c.ok), checks };
}
