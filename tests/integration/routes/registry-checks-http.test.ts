/**
 * 登记信息核验 on the pages, over the built app: a bank's officer sees it on a firm's page (the legal
 * representative masked), the admin on the firm's account in 用户管理 and, once a later registry file
 * no longer matches the registration, in the list of registrations to review with the way to disable
 * it; no other role opens that list.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { enterprises } from "~db/schema";
import { startTestApp, type TestApp } from "../../support/app";
import { ingest } from "../../support/credit";

let app: TestApp;
const DEMO = "9132050852601815XM";
/** A legal representative nobody in the demo city has, so its presence on a page means something. */
const NEW_LEGAL_REP = "欧阳明华";
let demo: { id: number; name: string };
const cookies: Record<string, string> = {};

const page = async (path: string, who: string) => {
  const response = await app.request(path, { cookie: cookies[who] });
  return { status: response.status, html: await response.text() };
};

beforeAll(async () => {
  app = await startTestApp();
  demo = app.db.select({ id: enterprises.id, name: enterprises.name }).from(enterprises).where(eq(enterprises.uscc, DEMO)).get()!;
  for (const username of ["admin", "szbank_officer", "bureau", DEMO]) cookies[username] = await app.signIn(username);
});

describe("登记信息核验 on the pages", () => {
  it("shows a bank's officer a seeded firm as matching its registration", async () => {
    const { status, html } = await page(`/bank/enterprises/${demo.id}`, "szbank_officer");
    expect(status).toBe(200);
    expect(html).toContain("登记信息核验");
    expect(html).toContain("与登记信息一致");
    // A matched firm's record would only repeat its own name and legal representative.
    expect(html).not.toContain("登记名称");
  });

  it("after a registry file names another legal representative, the bank sees 不一致 with the name masked", async () => {
    ingest(app.db, "registry", [{ uscc: DEMO, name: demo.name, legalRepName: NEW_LEGAL_REP, status: "存续" }], Date.now());
    const { html } = await page(`/bank/enterprises/${demo.id}`, "szbank_officer");
    expect(html).toContain("与登记信息不一致");
    expect(html).toContain("欧**华");
    expect(html).not.toContain(NEW_LEGAL_REP);
    expect(html).toContain("不一致：法定代表人");
  });

  it("shows the admin the check on the firm's account in 用户管理, the registry's record in full", async () => {
    const { status, html } = await page(`/admin/users?q=${DEMO}`, "admin");
    expect(status).toBe(200);
    expect(html).toContain("登记信息核验");
    expect(html).toContain("与登记信息不一致");
    expect(html).toContain(NEW_LEGAL_REP);
  });

  it("lists the registration for the admin to review, with the link to disable its account, and says so on the admin's home", async () => {
    const { status, html } = await page("/admin/registration-disputes", "admin");
    expect(status).toBe(200);
    expect(html).toContain('id="registry-review"');
    expect(html).toContain("登记信息已变化的注册");
    expect(html).toContain(DEMO);
    expect(html).toContain(NEW_LEGAL_REP);
    expect(html).toContain(`href="/admin/users?q=${DEMO}"`);
    const home = await page("/admin", "admin");
    expect(home.html).toContain("1 家企业的注册与市场监管部门最新登记信息不一致");
    const messages = await page("/account/notifications", "admin");
    expect(messages.html).toContain(`企业登记信息不一致：${demo.name}`);
  });

  it("does not open the list to any other role", async () => {
    for (const who of ["bureau", "szbank_officer", DEMO]) {
      const { status, html } = await page("/admin/registration-disputes", who);
      expect(status, who).toBe(403);
      expect(html).not.toContain("登记信息已变化的注册");
      expect(html).not.toContain(NEW_LEGAL_REP);
    }
  });
});
