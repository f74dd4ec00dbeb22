import { describe, expect, it } from "vitest";
import {
  policyAppliesToProduct,
  policyMisses,
  policyTransition,
  qualifiesForPolicy,
  targetingSummary,
  type PolicyCandidate,
  type PolicyTargeting,
} from "~/domain/policies";

const anyone: PolicyTargeting = { districts: null, industries: null, sizes: null, minGrade: null, firstLoanOnly: false, productTags: null };
const firm: PolicyCandidate = { districtCode: "320508", industrySection: "C", size: "small", grade: "B", knockedOut: false, hasLoan: true };

describe("who qualifies for a policy", () => {
  it("takes everyone but a knocked-out firm when nothing is targeted", () => {
    expect(qualifiesForPolicy(anyone, firm)).toBe(true);
    expect(policyMisses(anyone, { ...firm, knockedOut: true })).toEqual(["存在严重失信等否决项，暂不能享受政策"]);
  });

  it("names every condition a firm misses", () => {
    const t: PolicyTargeting = {
      ...anyone,
      districts: ["320583"],
      industries: ["A"],
      sizes: ["micro"],
      minGrade: "A",
      firstLoanOnly: true,
    };
    expect(policyMisses(t, firm)).toEqual([
      "所在区县不在适用范围",
      "所属行业不在适用范围",
      "企业规模不在适用范围",
      "信用等级须达到 A 级",
      "仅限首贷企业",
    ]);
  });

  it("reads the minimum grade as 'this grade or better', and a firm without a grade as below any", () => {
    const t = { ...anyone, minGrade: "B" as const };
    expect(qualifiesForPolicy(t, { ...firm, grade: "A" })).toBe(true);
    expect(qualifiesForPolicy(t, { ...firm, grade: "B" })).toBe(true);
    expect(qualifiesForPolicy(t, { ...firm, grade: "C" })).toBe(false);
    expect(qualifiesForPolicy(t, { ...firm, grade: null })).toBe(false);
  });

  it("keeps a first-loan policy for firms with no loan on the platform", () => {
    const t = { ...anyone, firstLoanOnly: true };
    expect(qualifiesForPolicy(t, { ...firm, hasLoan: false })).toBe(true);
    expect(qualifiesForPolicy(t, firm)).toBe(false);
  });
});

describe("a policy and a loan's product", () => {
  it("applies to any product without tags, to a product with one of its tags, and is undecided for an open need", () => {
    expect(policyAppliesToProduct(anyone, ["绿色"])).toBe(true);
    const green = { ...anyone, productTags: ["绿色", "科技"] };
    expect(policyAppliesToProduct(green, ["科技", "首贷"])).toBe(true);
    expect(policyAppliesToProduct(green, ["三农"])).toBe(false);
    expect(policyAppliesToProduct(green, null)).toBeNull();
  });
});

describe("a policy's states", () => {
  it("publishes or withdraws a draft, withdraws a published one, and refuses the rest", () => {
    expect(policyTransition("draft", "publish")).toEqual({ ok: true, to: "published" });
    expect(policyTransition("published", "withdraw")).toEqual({ ok: true, to: "withdrawn" });
    expect(policyTransition("published", "publish")).toEqual({ ok: false, message: "该政策已发布，不能发布" });
    expect(policyTransition("published", "edit")).toEqual({ ok: false, message: "该政策已发布，不能修改" });
    expect(policyTransition("withdrawn", "withdraw")).toEqual({ ok: false, message: "该政策已撤回，不能撤回" });
  });

  it("says who qualifies in words", () => {
    expect(
      targetingSummary({ ...anyone, districts: ["320508", "320583"], minGrade: "B", firstLoanOnly: true, productTags: ["绿色"] }),
    ).toEqual([
      "区县：姑苏区、昆山市",
      "行业：不限",
      "规模：不限",
      "信用等级：B 级及以上",
      "仅限首贷企业（在本平台尚无贷款）",
      "适用贷款：所属产品带有“绿色”标签",
    ]);
  });
});
