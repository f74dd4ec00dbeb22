/**
 * Every route × every role: who gets the page, who gets 403, who is sent to log in. The table must
 * name every route in the build, so a new route without an entry here fails this test.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ROLE_HOME, ROLES, type Role } from "~/lib/roles";
import { startTestApp, type TestApp } from "../../support/app";

/** public: anyone; guest: only signed-out visitors (signed-in users go home); home: always redirects to "/". */
type Access = "public" | "guest" | "home" | readonly Role[];

const ALL_ROLES = ROLES;
export const ROUTE_ACCESS: Record<string, { path: string; access: Access }> = {
  "routes/_index": { path: "/", access: "public" },
  "routes/healthz": { path: "/healthz", access: "public" },
  "routes/login": { path: "/login", access: "guest" },
  "routes/register": { path: "/register", access: "guest" },
  "routes/logout": { path: "/logout", access: "home" },
  "routes/account": { path: "/account/password", access: ALL_ROLES },
  "routes/account.password": { path: "/account/password", access: ALL_ROLES },
  "routes/sme": { path: "/sme", access: ["enterprise"] },
  "routes/sme._index": { path: "/sme", access: ["enterprise"] },
  "routes/bank": { path: "/bank", access: ["bank_officer", "bank_admin"] },
  "routes/bank._index": { path: "/bank", access: ["bank_officer", "bank_admin"] },
  "routes/bank.officers": { path: "/bank/officers", access: ["bank_admin"] },
  "routes/bureau": { path: "/bureau/institutions", access: ["bureau", "admin"] },
  "routes/bureau._index": { path: "/bureau", access: ["bureau"] },
  "routes/bureau.institutions": { path: "/bureau/institutions", access: ["bureau", "admin"] },
  "routes/bureau.dashboard": { path: "/bureau/dashboard", access: ["bureau"] },
  "routes/bureau.reports._index": { path: "/bureau/reports", access: ["bureau", "admin"] },
  "routes/bureau.reports.$month": { path: "/bureau/reports/2026-10", access: ["bureau", "admin"] },
  "routes/bureau.reports.$month[.csv]": { path: "/bureau/reports/2026-10.csv", access: ["bureau", "admin"] },
  "routes/bureau.reports.$month[.xlsx]": { path: "/bureau/reports/2026-10.xlsx", access: ["bureau", "admin"] },
  "routes/admin": { path: "/admin", access: ["admin"] },
  "routes/admin._index": { path: "/admin", access: ["admin"] },
  "routes/admin.users": { path: "/admin/users", access: ["admin"] },
};

const DEMO_LOGIN: Record<Role, string> = {
  enterprise: "9132050852601815XM",
  bank_officer: "szbank_officer",
  bank_admin: "szbank_admin",
  bureau: "bureau",
  admin: "admin",
};

function expectedGet(access: Access, role: Role | null): { status: number; location?: string | RegExp } {
  if (access === "public") return { status: 200 };
  if (access === "home") return { status: 302, location: "/" };
  if (access === "guest") return role ? { status: 302, location: ROLE_HOME[role] } : { status: 200 };
  if (!role) return { status: 302, location: /^\/login\?redirectTo=/ };
  return access.includes(role) ? { status: 200 } : { status: 403 };
}

let app: TestApp;
const cookies = {} as Record<Role, string>;

beforeAll(async () => {
  app = await startTestApp();
  for (const role of ROLES) cookies[role] = await app.signIn(DEMO_LOGIN[role]);
});

describe("route × role table", () => {
  it("names every route the build contains", () => {
    const built = Object.keys(app.build.routes).filter((id) => id !== "root").sort();
    expect(Object.keys(ROUTE_ACCESS).sort()).toEqual(built);
  });

  const viewers: (Role | null)[] = [null, ...ROLES];
  for (const [routeId, { path, access }] of Object.entries(ROUTE_ACCESS)) {
    it.each(viewers)(`GET ${path} (${routeId}) as %s`, async (role) => {
      const response = await app.request(path, { cookie: role ? cookies[role] : undefined });
      const expected = expectedGet(access, role);
      expect(response.status).toBe(expected.status);
      if (expected.location) expect(response.headers.get("Location")).toMatch(expected.location);
      if (expected.status === 403) expect(await response.text()).toContain("无权访问");
    });
  }

  it("checks roles on form submissions too, not only on pages", async () => {
    for (const [routeId, { path, access }] of Object.entries(ROUTE_ACCESS)) {
      if (typeof access === "string" || !app.build.routes[routeId]?.module.action) continue;
      const anonymous = await app.request(path, { form: { intent: "create" } });
      expect(anonymous.status, `anonymous POST ${path}`).toBe(302);
      expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
      for (const role of ROLES.filter((r) => !access.includes(r))) {
        const response = await app.request(path, { form: { intent: "create" }, cookie: cookies[role] });
        expect(response.status, `${role} POST ${path}`).toBe(403);
      }
    }
  });
});
