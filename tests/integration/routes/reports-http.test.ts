import { beforeAll, describe, expect, it } from "vitest";
import { addMonths, monthOf } from "~/lib/time";
import { startTestApp, type TestApp } from "../../support/app";

let app: TestApp;
let bureau: string;
let admin: string;
const month = addMonths(monthOf(Date.now()), -1);

beforeAll(async () => {
  app = await startTestApp();
  bureau = await app.signIn("bureau");
  admin = await app.signIn("admin");
});

describe("report pages over HTTP", () => {
  it("answers 404 for a month or revision that cannot exist", async () => {
    for (const path of [
      "/bureau/reports/2026-13",
      "/bureau/reports/abc.csv",
      `/bureau/reports/${month}?revision=7`,
      `/bureau/reports/${month}.xlsx?revision=x`,
    ]) {
      expect((await app.request(path, { cookie: bureau })).status, path).toBe(404);
    }
  });

  it("serves the CSV as a download named after the report", async () => {
    const response = await app.request(`/bureau/reports/${month}.csv`, { cookie: bureau });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(decodeURIComponent(response.headers.get("Content-Disposition")!)).toContain("苏州市信易贷工作统计表-草稿.csv");
  });

  it("writes an institution name that starts like a formula as inert text in the CSV, as every export does", async () => {
    const hostile = '=HYPERLINK("//e.x","点此查看")';
    const rename = app.db.$client.prepare("UPDATE institutions SET short_name = ? WHERE short_name = ?");
    rename.run(hostile, "苏州银行");
    try {
      const response = await app.request(`/bureau/reports/${month}.csv`, { cookie: bureau });
      expect(response.status).toBe(200);
      const lines = (await response.text()).split("\r\n");
      const row = lines.find((line) => line.includes("HYPERLINK"));
      expect(row, "the institution has a row in the by-institution table").toBeDefined();
      // Quoted by CSV (it holds quotes and a comma) and led by an apostrophe, so Excel reads it as text.
      expect(row!.startsWith(`"'=HYPERLINK(""//e.x"",""点此查看"")"`)).toBe(true);
      expect(lines.some((line) => /(^|,)"?=/.test(line))).toBe(false);
    } finally {
      rename.run("苏州银行", hostile);
    }
  });

  it("lets only the bureau freeze and only the admin open a revision, with a reason", async () => {
    expect((await app.request(`/bureau/reports/${month}`, { cookie: admin, form: { intent: "freeze" } })).status).toBe(403);
    const frozen = await app.request(`/bureau/reports/${month}`, { cookie: bureau, form: { intent: "freeze" } });
    expect(frozen.status).toBe(200);
    expect(await frozen.text()).toContain("已冻结（第1版）");
    expect(
      (await app.request(`/bureau/reports/${month}`, { cookie: bureau, form: { intent: "open_revision", reason: "机构补报放款数据" } }))
        .status,
    ).toBe(403);
    const short = await app.request(`/bureau/reports/${month}`, { cookie: admin, form: { intent: "open_revision", reason: "补报" } });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("请写明修订原因");
    const opened = await app.request(`/bureau/reports/${month}`, {
      cookie: admin,
      form: { intent: "open_revision", reason: "苏州银行补报放款数据" },
    });
    expect(await opened.text()).toContain("已开启第2版修订");
  });

  it("refuses to freeze the month in progress", async () => {
    const response = await app.request(`/bureau/reports/${monthOf(Date.now())}`, { cookie: bureau, form: { intent: "freeze" } });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("尚未结束");
  });
});
