/**
 * Every route × every role: who gets the page, who gets 403, who is sent to log in. The table must
 * name every route in the build, so a new route without an entry here fails this test.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ROLE_HOME, ROLES, type Role } from "~/lib/roles";
import { startTestApp, type TestApp } from "../../support/app";

/** public: anyone; guest: only signed-out visitors (signed-in users go home); home: always redirects to "/". */
type Access = "public" | "guest" | "home" | readonly Role[];
/** A path, or one built from the seeded test city (an id that exists). */
type Path = string | ((ids: SeedIds) => string);
type SeedIds = { product: number; need: number; claim: number };

const ALL_ROLES = ROLES;
const BANK = ["bank_officer", "bank_admin"] as const;
export const ROUTE_ACCESS: Record<string, { path: Path; access: Access }> = {
  "routes/_index": { path: "/", access: "public" },
  "routes/healthz": { path: "/healthz", access: "public" },
  "routes/login": { path: "/login", access: "guest" },
  "routes/register": { path: "/register", access: "guest" },
  "routes/logout": { path: "/logout", access: "home" },
  "routes/account": { path: "/account/password", access: ALL_ROLES },
  "routes/account.password": { path: "/account/password", access: ALL_ROLES },
  "routes/account.notifications": { path: "/account/notifications", access: ALL_ROLES },
  "routes/products._index": { path: "/products", access: "public" },
  "routes/products.$productId": { path: (ids) => `/products/${ids.product}`, access: "public" },
  "routes/sme.needs._index": { path: "/sme/needs", access: ["enterprise"] },
  "routes/sme.needs.new": { path: "/sme/needs/new", access: ["enterprise"] },
  "routes/sme.needs.$needId": { path: (ids) => `/sme/needs/${ids.need}`, access: ["enterprise"] },
  "routes/sme.needs.$needId.edit": { path: (ids) => `/sme/needs/${ids.need}/edit`, access: ["enterprise"] },
  "routes/bank.products._index": { path: "/bank/products", access: BANK },
  "routes/bank.products.new": { path: "/bank/products/new", access: ["bank_admin"] },
  "routes/bank.products.$productId": { path: (ids) => `/bank/products/${ids.product}`, access: ["bank_admin"] },
  "routes/bank.applicants": { path: "/bank/applicants", access: BANK },
  "routes/bank.claims._index": { path: "/bank/claims", access: BANK },
  "routes/bank.claims.$claimId": { path: (ids) => `/bank/claims/${ids.claim}`, access: BANK },
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
  "routes/credit.method": { path: "/credit/method", access: "public" },
  "routes/sme.score": { path: "/sme/score", access: ["enterprise"] },
  "routes/bureau.recommendations": { path: "/bureau/recommendations", access: ["bureau"] },
  "routes/bank.recommendations": { path: "/bank/recommendations", access: BANK },
  "routes/bureau.scoring": { path: "/bureau/scoring", access: ["bureau"] },
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
let ids: SeedIds;
const cookies = {} as Record<Role, string>;
const pathOf = (path: Path) => (typeof path === "string" ? path : path(ids));

beforeAll(async () => {
  app = await startTestApp();
  for (const role of ROLES) cookies[role] = await app.signIn(DEMO_LOGIN[role]);
  // Objects the demo accounts own: 苏州银行's product and claim, the demo enterprise's untouched open need.
  const one = (query: string) => (app.db.$client.prepare(query).get() as { id: number }).id;
  ids = {
    product: one("SELECT p.id FROM products p JOIN institutions i ON i.id = p.institution_id WHERE i.short_name = '苏州银行' ORDER BY p.id LIMIT 1"),
    need: one("SELECT n.id FROM needs n JOIN enterprises e ON e.id = n.enterprise_id WHERE e.uscc = '9132050852601815XM' AND n.status = 'open' AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.need_id = n.id) ORDER BY n.id DESC LIMIT 1"),
    claim: one("SELECT c.id FROM claims c JOIN users u ON u.id = c.officer_user_id WHERE u.username = 'szbank_officer' ORDER BY c.id DESC LIMIT 1"),
  };
});

describe("route × role table", () => {
  it("names every route the build contains", () => {
    const built = Object.keys(app.build.routes).filter((id) => id !== "root").sort();
    expect(Object.keys(ROUTE_ACCESS).sort()).toEqual(built);
  });

  const viewers: (Role | null)[] = [null, ...ROLES];
  for (const [routeId, { path, access }] of Object.entries(ROUTE_ACCESS)) {
    it.each(viewers)(`GET ${routeId} as %s`, async (role) => {
      const response = await app.request(pathOf(path), { cookie: role ? cookies[role] : undefined });
      const expected = expectedGet(access, role);
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
});
