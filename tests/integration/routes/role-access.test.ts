/**
 * Every route × every role: who gets the page, who gets 403, who is sent to log in. The table must
 * name every route in the build, so a new route without an entry here fails this test.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "~/domain/accounts";
import { ROLE_HOME } from "~/lib/navigation";
import { startTestApp, type TestApp } from "../../support/app";
import { DEMO_LOGIN, ownObjects, ROUTE_ACCESS, type Access, type Path, type SeedIds } from "../../support/route-table";

function expectedGet(access: Access, role: Role | null, admitted = 200): { status: number; location?: string | RegExp } {
  if (access === "public") return { status: 200 };
  if (access === "api") return { status: 405 };
  if (access === "home") return { status: 302, location: "/" };
  if (access === "guest") return role ? { status: 302, location: ROLE_HOME[role] } : { status: 200 };
  if (!role) return { status: 302, location: /^\/login\?redirectTo=/ };
  return access.includes(role) ? { status: admitted } : { status: 403 };
}

let app: TestApp;
let ids: SeedIds;
const cookies = {} as Record<Role, string>;
const pathOf = (path: Path) => (typeof path === "string" ? path : path(ids));

beforeAll(async () => {
  app = await startTestApp();
  for (const role of ROLES) cookies[role] = await app.signIn(DEMO_LOGIN[role]);
  ids = ownObjects(app);
});

describe("route × role table", () => {
  it("names every route the build contains", () => {
    const built = Object.keys(app.build.routes)
      .filter((id) => id !== "root")
      .sort();
    expect(Object.keys(ROUTE_ACCESS).sort()).toEqual(built);
  });

  const viewers: (Role | null)[] = [null, ...ROLES];
  for (const [routeId, { path, access, status }] of Object.entries(ROUTE_ACCESS)) {
    it.each(viewers)(`GET ${routeId} as %s`, async (role) => {
      const response = await app.request(pathOf(path), { cookie: role ? cookies[role] : undefined });
      const expected = expectedGet(access, role, status);
      expect(response.status).toBe(expected.status);
      if (expected.location) expect(response.headers.get("Location")).toMatch(expected.location);
      if (expected.status === 403) expect(await response.text()).toContain("无权访问");
    });
  }

  it("checks roles on form submissions too, not only on pages", async () => {
    for (const [routeId, { path, access }] of Object.entries(ROUTE_ACCESS)) {
      if (typeof access === "string" || !app.build.routes[routeId]?.module.action) continue;
      const anonymous = await app.request(pathOf(path), { form: { intent: "create" } });
      expect(anonymous.status, `anonymous POST ${routeId}`).toBe(302);
      expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
      for (const role of ROLES.filter((r) => !access.includes(r))) {
        const response = await app.request(pathOf(path), { form: { intent: "create" }, cookie: cookies[role] });
        expect(response.status, `${role} POST ${routeId}`).toBe(403);
      }
    }
  });

  it("answers a body no form sends (JSON, text, none, broken multipart) with 4xx in Chinese on every form route, never 5xx", async () => {
    const bodies: [string, Record<string, string>, string][] = [
      ["JSON", { "Content-Type": "application/json" }, '{"intent":"create"}'],
      ["text", { "Content-Type": "text/plain" }, "intent=create"],
      ["no type", {}, "intent=create"],
      ["broken multipart", { "Content-Type": "multipart/form-data; boundary=XYZ" }, "intent=create"],
    ];
    let checked = 0;
    for (const [routeId, { path, access }] of Object.entries(ROUTE_ACCESS)) {
      if (!app.build.routes[routeId]?.module.action) continue;
      // As a viewer the form is for, so the refusal comes from reading the body, not from the role check.
      const role = typeof access === "string" ? null : access[0]!;
      for (const [name, headers, body] of bodies) {
        const response = await app.request(pathOf(path), { method: "POST", body, headers, cookie: role ? cookies[role] : undefined });
        const text = await response.text();
        expect(response.status, `${name} POST ${routeId}`).toBeLessThan(500);
        if (response.status >= 400) expect(text, `${name} POST ${routeId}`).toMatch(/[\u4e00-\u9fff]/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(80);
  });
});
