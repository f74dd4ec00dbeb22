/** 帮助中心: public pages, each role's guide linking only to screens that role can open, the templates, the hotline. */
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "~/domain/accounts";
import { GUIDES } from "~/lib/help";
import { NAVIGATION } from "~/lib/navigation";
import { startTestApp, type TestApp } from "../../support/app";
import { DEMO_LOGIN } from "../../support/route-table";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

const ROLE_OF_GUIDE: Record<string, Role> = {
  enterprise: "enterprise",
  "bank-officer": "bank_officer",
  "bank-admin": "bank_admin",
  bureau: "bureau",
};

describe("help pages", () => {
  it("are open to everyone, and show Suzhou's 12345 hotline as the default while none is configured", async () => {
    for (const path of ["/help", "/help/faq", ...GUIDES.map((g) => `/help/guide/${g.slug}`)]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      const html = await response.text();
      expect(html, path).toContain("0512-12345");
      expect(html, path).toContain("默认号码");
    }
  });

  it("answer 404 for a guide or template that does not exist", async () => {
    for (const path of ["/help/guide/admin", "/help/guide/..%2Fsme", "/help/templates/loans.csv", "/help/templates/MONTHLY.xlsx"]) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });

  it("serve each template as a download with the zh-CN name", async () => {
    const csv = await app.request("/help/templates/tax_grade.csv");
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(decodeURIComponent(csv.headers.get("Content-Disposition")!)).toContain("信用数据模板-纳税信用等级.csv");
    const xlsx = await app.request("/help/templates/registry.xlsx");
    expect(xlsx.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
  });

  it("are in every role's navigation", () => {
    for (const items of Object.values(NAVIGATION)) expect(items.map((i) => i.to)).toContain("/help");
  });

  it("link each guide's steps only to screens the guide's role can open", async () => {
    for (const guide of GUIDES) {
      const role = ROLE_OF_GUIDE[guide.slug]!;
      const cookie = await app.signIn(DEMO_LOGIN[role]);
      for (const step of guide.steps.filter((s) => s.to)) {
        // The enterprise's first step (注册) is for someone not yet signed in.
        const response = await app.request(step.to!, { cookie: step.to === "/register" ? undefined : cookie });
        expect(response.status, `${guide.slug} → ${step.to}`).toBe(200);
      }
    }
  });

  it("are linked from the bureau's upload page, with every template", async () => {
    const html = await (await app.request("/bureau/credit-data/upload", { cookie: await app.signIn(DEMO_LOGIN.bureau) })).text();
    for (const kind of ["monthly", "tax_grade", "event", "registry"]) {
      expect(html).toContain(`/help/templates/${kind}.xlsx`);
      expect(html).toContain(`/help/templates/${kind}.csv`);
    }
    expect(html).toContain('href="/help/guide/bureau"');
  });
});
