import { describe, expect, it } from "vitest";
import examples from "../fixtures/uscc-examples.json";
import { buildUscc, isValidUscc, normalizeUscc, orgCodeCheckChar, usccProblem } from "~/lib/uscc";

describe("统一社会信用代码 (GB 32100-2015)", () => {
  it.each(examples.valid)("accepts the reference code %s", (code) => {
    expect(usccProblem(code)).toBeNull();
  });

  it.each(examples.invalid)("rejects $value ($why)", ({ value }) => {
    expect(isValidUscc(value)).toBe(false);
  });

  it("names each kind of problem so the form can say what is wrong", () => {
    expect(usccProblem("")).toBe("empty");
    expect(usccProblem("91350100M000100Y4")).toBe("length");
    expect(usccProblem("91350100M0001O0Y43")).toBe("charset");
    expect(usccProblem("91350100M000100Y44")).toBe("check");
  });

  it("checks the embedded organisation code (positions 9–17) on its own", () => {
    // Change position 17 and recompute position 18: the USCC check passes, the GB 11714 check must not.
    const body = "91350100M000100Y";
    const wrongOrgCheck = orgCodeCheckChar("M000100Y") === "5" ? "6" : "5";
    const code = body + wrongOrgCheck;
    const withCheck = buildUscc("91", "350100", "M000100Y").slice(0, 16) + wrongOrgCheck;
    expect(withCheck.slice(0, 17)).toBe(code);
    const full = code + buildFinal(code);
    expect(usccProblem(full)).toBe("org_check");
  });

  it("builds valid codes for any district and organisation body", () => {
    for (const [division, body] of [
      ["320508", "52601815"],
      ["320583", "13186091"],
      ["320571", "00000001"],
    ] as const) {
      expect(isValidUscc(buildUscc("91", division, body))).toBe(true);
    }
    expect(buildUscc("91", "320508", "52601815")).toBe("9132050852601815XM");
  });

  it("normalises what people type: spaces, lower case, full-width characters", () => {
    expect(normalizeUscc(" 9132050852601815xm ")).toBe("9132050852601815XM");
    expect(normalizeUscc("９１３２０５０８５２６０１８１５ＸＭ")).toBe("9132050852601815XM");
  });
});

/** The GB 32100 check character for a 17-character body (the test's own, independent arithmetic). */
function buildFinal(body17: string): string {
  const charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += charset.indexOf(body17[i]!) * (3 ** i % 31);
  return charset[(31 - (sum % 31)) % 31]!;
}
