import { describe, expect, it } from "vitest";
import { dropNulBytes } from "~/http/nul-bytes.server";

const bytes = (...parts: (string | number)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "number" ? Buffer.from([p]) : Buffer.from(p))));

describe("NUL bytes in React's stream", () => {
  it("are dropped wherever they are, the text around them kept", () => {
    expect(dropNulBytes(bytes("用途说明不能超过200", 0, 0, "个字")).toString()).toBe("用途说明不能超过200个字");
    expect(dropNulBytes(bytes(0, "a", 0, 0, "b", 0)).toString()).toBe("ab");
    expect(dropNulBytes(bytes(0, 0)).length).toBe(0);
  });

  it("leave a chunk without any as it is", () => {
    const chunk = bytes("<p>需求队列</p>");
    expect(dropNulBytes(chunk)).toBe(chunk);
  });
});
