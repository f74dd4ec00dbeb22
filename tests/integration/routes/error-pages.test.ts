/**
 * Error pages over HTTP: a page that throws its own message (没有这笔业务 …) shows it, inside the
 * role's frame — the navigation stays and there is a way back to the role's 工作台. Outside the role
 * areas, and for another role's area, the root frame shows the error with a way home.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "~/domain/accounts";
import { startTestApp, type TestApp } from "../../support/app";
import { DEMO_LOGIN } from "../../support/route-table";

let app: TestApp;
const cookies = {} as Record<Role, string>;

beforeAll(async () => {
  app = await startTestApp();
  for (const role of ROLES) cookies[role] = await app.signIn(DEMO_LOGIN[role]);
});

/** The parts of a page a person sees: the role navigation (null when there is none) and the main content. */
async function seen(response: Response) {
  const html = await response.text();
  const nav = html.match(/<nav[^>]*aria-label="功能导航"[^>]*>([\s\S]*?)<\/nav>/)?.[1] ?? null;
  const main = html.match(/<main>([\s\S]*?)<\/main>/)?.[1] ?? "";
  const alert = main.match(/<div class="error-page panel" role="alert">([\s\S]*?)<\/div>/)?.[1] ?? null;
  return { nav, main, alert };
}

const anotherBanksClaim = () =>
  (
    app.db.$client
      .prepare(
        "SELECT c.id FROM claims c JOIN institutions i ON i.id = c.institution_id WHERE i.short_name <> '苏州银行' ORDER BY c.id LIMIT 1",
      )
      .get() as { id: number }
  ).id;

describe("an error inside a role's area keeps the role's frame", () => {
  it("an officer opening a claim that does not exist gets 404 saying so, with the bank navigation", async () => {
    const response = await app.request("/bank/claims/987654", { cookie: cookies.bank_officer });
    expect(response.status).toBe(404);
    const { nav, alert } = await seen(response);
    expect(alert).toContain("页面不存在");
    expect(alert).toContain("没有这笔业务");
    expect(alert).toContain('href="/bank"');
    expect(alert).toContain("返回工作台");
    expect(alert).toContain("返回上一页");
    expect(nav).toContain('href="/bank/applicants"');
    expect(nav).toContain('href="/bank/claims"');
  });

  it("another bank's claim reads the same as one that does not exist", async () => {
    const response = await app.request(`/bank/claims/${anotherBanksClaim()}`, { cookie: cookies.bank_officer });
    expect(response.status).toBe(404);
    const { nav, alert } = await seen(response);
    expect(alert).toContain("没有这笔业务");
    expect(nav).toContain('href="/bank/claims"');
  });

  it.each([
    ["enterprise", "/sme/no-such-page", "/sme", "/sme/needs"],
    ["enterprise", "/sme/needs/12/no-such-tab", "/sme", "/sme/needs"],
    ["bank_admin", "/bank/no-such-page", "/bank", "/bank/officers"],
    ["bureau", "/bureau/no-such-page", "/bureau", "/bureau/reports"],
    ["admin", "/admin/no-such-page", "/admin", "/admin/users"],
    ["admin", "/bureau/no-such-page", "/admin", "/admin/users"],
    ["bank_officer", "/account/no-such-page", "/bank", "/bank/applicants"],
  ] as const)("%s at an unknown path %s gets 页面不存在 in its frame, with a link home", async (role, path, home, navLink) => {
    const response = await app.request(path, { cookie: cookies[role] });
    expect(response.status).toBe(404);
    const { nav, alert } = await seen(response);
    expect(alert).toContain("页面不存在");
    expect(alert).toContain("您访问的页面不存在或已被移除");
    expect(alert).toContain(`href="${home}"`);
    expect(nav).toContain(`href="${navLink}"`);
  });

  it("an unknown path in an area sends a signed-out visitor to log in, and another role gets 403", async () => {
    const anonymous = await app.request("/sme/no-such-page");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/sme/no-such-page")}`);
    expect((await app.request("/sme/no-such-page", { cookie: cookies.bank_officer })).status).toBe(403);
  });

  it("a page the role may not open inside an area it may enter answers 403 in the frame", async () => {
    // The bureau area admits the admin; its dashboard is the bureau's alone.
    const response = await app.request("/bureau/dashboard", { cookie: cookies.admin });
    expect(response.status).toBe(403);
    const { nav, alert } = await seen(response);
    expect(alert).toContain("无权访问");
    expect(alert).toContain("您的账号无权访问此页面");
    expect(alert).toContain('href="/admin"');
    expect(nav).toContain('href="/admin/users"');

    const officer = await seen(await app.request("/bank/officers", { cookie: cookies.bank_officer }));
    expect(officer.alert).toContain("无权访问");
    expect(officer.nav).toContain('href="/bank/applicants"');
  });

  it("a form refused with its own message shows that message, with a way home", async () => {
    // A form sent without the page's script (no screen offers the admin this button). Remix runs no
    // loader of the boundary's route after an action below it threw, so the layout has no data to
    // draw its frame with: the page falls back to the bare frame. (Sent by the page's script, the
    // layout keeps the data it had and the frame stays.)
    const response = await app.request("/bureau/reports/2026-10", { cookie: cookies.admin, form: { intent: "freeze" } });
    expect(response.status).toBe(403);
    const { alert } = await seen(response);
    expect(alert).toContain("无权访问");
    expect(alert).toContain("只有金融管理部门可以冻结报表");
    expect(alert).toContain('href="/"');
  });

  it.each([
    ["enterprise", "/sme/needs/987654", "没有这个需求"],
    ["enterprise", "/sme/objections/987654", "没有这条异议"],
    ["bureau", "/bureau/objections/987654", "没有这条异议"],
    ["bureau", "/bureau/credit-data/batches/987654", "没有这个数据批次"],
    ["bureau", "/bureau/reports/2026-13", "没有这个报表"],
    ["admin", "/admin/registration-disputes/987654", "没有这件申诉"],
    ["bank_admin", "/bank/products/987654", "没有这个产品"],
    ["bank_officer", "/bank/enterprises/987654", "没有这家企业"],
  ] as const)("%s at %s reads %s", async (role, path, message) => {
    const response = await app.request(path, { cookie: cookies[role] });
    expect(response.status).toBe(404);
    const { nav, alert } = await seen(response);
    expect(alert).toContain(message);
    expect(nav).not.toBeNull();
  });
});

describe("errors outside the role areas", () => {
  it("another role's area answers 403 without a frame that is not the user's, with a way home", async () => {
    const response = await app.request("/bank/claims", { cookie: cookies.enterprise });
    expect(response.status).toBe(403);
    const { nav, alert } = await seen(response);
    expect(nav).toBeNull();
    expect(alert).toContain("无权访问");
    expect(alert).toContain('href="/"');
    expect(alert).toContain("返回首页");
  });

  it("an unknown path outside the areas gets the root's 404 with a way home", async () => {
    const response = await app.request("/no-such-page");
    expect(response.status).toBe(404);
    const { nav, alert } = await seen(response);
    expect(nav).toBeNull();
    expect(alert).toContain("页面不存在");
    expect(alert).toContain("您访问的页面不存在或已被移除");
    expect(alert).toContain('href="/"');
  });

  it("a public page's own message reaches the root's error page", async () => {
    const { alert } = await seen(await app.request("/products/987654"));
    expect(alert).toContain("没有这个产品");
  });
});

describe("an unexpected error", () => {
  it("shows the generic message in the frame, and nothing of the error itself", async () => {
    // The pushes table gone, the recommendations page fails the way a bug would; the frame's own data does not need it.
    app.db.$client.exec("ALTER TABLE recommendation_pushes RENAME TO recommendation_pushes_hidden");
    try {
      const response = await app.request("/bank/recommendations", { cookie: cookies.bank_officer });
      expect(response.status).toBe(500);
      const html = await response.text();
      expect(html).not.toMatch(/recommendation_pushes|no such table|SqliteError|at .*\.js:\d+/i);
      const { nav, alert } = await seen(new Response(html));
      expect(alert).toContain("系统繁忙");
      expect(alert).toContain("服务暂时出现问题");
      expect(nav).toContain('href="/bank/applicants"');
    } finally {
      app.db.$client.exec("ALTER TABLE recommendation_pushes_hidden RENAME TO recommendation_pushes");
    }
  });
});
