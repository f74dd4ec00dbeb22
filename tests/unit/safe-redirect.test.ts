import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "~/lib/safe-redirect";

describe("the page to return to after login", () => {
  it.each([
    "//evil.example/x",
    "/\t/evil.example/x",
    "/\n/evil.example/x",
    "/\r\nSet-Cookie: a=b",
    "/\\evil.example",
    "/\\/evil.example",
    "/./\u0000/evil.example",
    "/.//evil.example",
    "https://evil.example/x",
    "https:evil.example",
    "javascript:alert(1)",
    "evil.example",
    "",
  ])("never another site: %j", (target) => {
    expect(safeRedirectPath(target, "/bank")).toBe("/bank");
  });

  it.each([
    ["/bureau/institutions", "/bureau/institutions"],
    ["/sme/needs?page=2#top", "/sme/needs?page=2#top"],
    ["/a/../sme", "/sme"],
    ["/sme/需求", "/sme/%E9%9C%80%E6%B1%82"],
  ])("keeps this site's path %j", (target, path) => {
    expect(safeRedirectPath(target, "/bank")).toBe(path);
  });
});
