/** The admin's audit log: privileged actions appear with who, when and what; filters narrow; the CSV carries the same. */
import { beforeAll, describe, expect, it } from "vitest";
import { addMonths, monthOf } from "~/lib/time";
import { actingUser } from "~/services/accounts.server";
import { claimNeed } from "~/services/claims.server";
import { startTestApp, type TestApp } from "../../support/app";

let app: TestApp;
let admin: string;
const month = addMonths(monthOf(Date.now()), -1);

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.signIn("admin");
  const bureau = await app.signIn("bureau");
  expect((await app.request(`/bureau/reports/${month}`, { cookie: bureau, form: { intent: "freeze" } })).status).toBe(200);
  const officer = app.db.$client.prepare("SELECT id FROM users WHERE username = 'szbank_officer2'").get() as { id: string };
  expect(
    (await app.request("/admin/users", { cookie: admin, form: { intent: "disable", userId: officer.id, confirm: "yes" } })).status,
  ).toBe(200);
});

describe("/admin/audit", () => {
  it("lists the report freeze and the disabled account, newest first, with who did them", async () => {
    const html = await (await app.request("/admin/audit", { cookie: admin })).text();
    expect(html).toContain("冻结月报");
    expect(html).toContain("停用用户");
    expect(html.indexOf("停用用户")).toBeLessThan(html.indexOf("冻结月报"));
    expect(html).toMatch(/（bureau）/);
    expect(html).toContain(`月度报表 #${month}#1`);
  });

  it("shows sign-ins and an officer's decisions, naming the people and firms, details in words", async () => {
    const officer = actingUser(app.db, { username: "szbank_officer" })!;
    const need = app.db.$client
      .prepare(
        `SELECT n.id, e.name FROM needs n JOIN enterprises e ON e.id = n.enterprise_id
         WHERE n.status = 'open' AND n.target_product_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.need_id = n.id AND c.institution_id = ?) ORDER BY n.id LIMIT 1`,
      )
      .get(officer.institutionId) as { id: number; name: string };
    const claimed = claimNeed(app.db, officer, need.id, Date.now());
    expect(claimed.ok).toBe(true);
    const html = await (await app.request("/admin/audit", { cookie: admin })).text();
    expect(html).toContain("受理需求");
    expect(html).toContain(`受理 ${need.name} 的需求 #${need.id}`);
    expect(html).toContain(`需求：#${need.id}`);
    const signIns = await (await app.request("/admin/audit?category=user&actor=bureau", { cookie: admin })).text();
    expect(signIns).toContain("登录");
    expect(signIns).not.toContain("{&quot;");
    // The disabled officer is named, not an id.
    const users = await (await app.request("/admin/audit?category=user", { cookie: admin })).text();
    expect(users).toMatch(/用户「[^」]+（szbank_officer2）」/);
  });

  it("narrows to one category and to a date range", async () => {
    const reports = await (await app.request("/admin/audit?category=report", { cookie: admin })).text();
    expect(reports).toContain("冻结月报");
    expect(reports).not.toContain("停用用户");
    const past = await (await app.request("/admin/audit?to=2020-01-01", { cookie: admin })).text();
    expect(past).toContain("没有符合条件的记录");
    const bad = await app.request("/admin/audit?from=2026-02-30&category=nonsense", { cookie: admin });
    expect(bad.status).toBe(200);
  });

  it("exports the filtered log as Excel-ready CSV", async () => {
    const response = await app.request("/admin/audit.csv?category=report", { cookie: admin });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split("\r\n");
    expect(lines[0]).toBe("编号,时间,操作,操作代码,操作人,姓名,对象,详情");
    expect(lines.slice(1).every((line) => line.includes("report."))).toBe(true);
    expect(lines.some((line) => line.includes("冻结月报") && line.includes("bureau"))).toBe(true);
  });
});
