/**
 * Issue 17's hostile-user findings on signing in, sessions and requests, replayed against the built
 * portal: first through its request handler (as the other route suites do), then — for what the
 * server entry (app/cli/start.ts) decides: origin checks, forwarded headers, caching — against the
 * real server process on a port.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "~db/seed/accounts";
import { dataProviders, users } from "~db/schema";
import { startTestApp, type TestApp } from "../../support/app";
import { createTestDatabase } from "../../support/db";
import { launchPortal, signInOverHttp, type PortalProcess } from "../../support/portal-process";

const ENTERPRISE = "9132050852601815XM";
const NEW_PASSWORD = "Changed#2026pw";
const TOKEN = /xyd_[A-Za-z0-9_-]{43}/;

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});

const sessionOf = (response: Response) => response.headers.get("Set-Cookie")?.split(";")[0] ?? "";

describe("the page to return to after login", () => {
  it.each([
    "/\t/evil.example/x",
    "/\n/evil.example/x",
    "/\r\nSet-Cookie: planted=1",
    "/\\evil.example/x",
    "/.//evil.example/x",
    "https:evil.example/x",
  ])("never another site and never a 500: %j", async (redirectTo) => {
    const response = await app.request("/login", { form: { username: "bureau", password: DEMO_PASSWORD, redirectTo }, clientAddress: "198.51.100.31" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/bureau");
    expect(response.headers.getSetCookie().join("\n")).not.toContain("planted");
  });

  it("still returns to this site's own page, as the browser will resolve it", async () => {
    const response = await app.request("/login", {
      form: { username: "bureau", password: DEMO_PASSWORD, redirectTo: "/bureau/reports?year=2026" },
      clientAddress: "198.51.100.31",
    });
    const location = response.headers.get("Location")!;
    expect(location).toBe("/bureau/reports?year=2026");
    expect(new URL(location, "https://portal.example").origin).toBe("https://portal.example");
  });
});
