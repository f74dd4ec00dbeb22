import { describe, expect, it } from "vitest";
import { maskIdNumber, maskPersonName, maskPhone } from "~/lib/masking";

describe("masking personal data", () => {
  it("keeps only the first (and last) character of a name", () => {
    expect(maskPersonName("张三")).toBe("张*");
    expect(maskPersonName("宋芳刚")).toBe("宋*刚");
    expect(maskPersonName("欧阳小明")).toBe("欧**明");
    expect(maskPersonName("李")).toBe("*");
  });

  it("hides the middle of a mobile number and most of a landline", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("138-1234-5678")).toBe("138****5678");
    expect(maskPhone("0512-67788990")).toBe("0512******90");
    expect(maskPhone("110")).toBe("***");
  });

  it("shows an ID number's first and last four characters only", () => {
    expect(maskIdNumber("32050219900101123X")).toBe("3205**********123X");
    expect(maskIdNumber("1234")).toBe("****");
  });
});
