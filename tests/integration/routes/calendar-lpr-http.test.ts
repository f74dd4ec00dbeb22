/**
 * The administrator's calendar and LPR pages over HTTP against the built portal: only the admin role
 * may open or post to them; the admin's home carries the calendar warning; a refused notice comes back
 * with zh-CN field errors; an LPR recorded on the page moves the ceiling a bank's product form checks.
 * The LPR recorded here is test data.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { formatRateBp } from "~/lib/money";
import { dateOf } from "~/lib/time";
import { calendarStatus } from "~/services/calendar.server";
import { lprInEffect } from "~/services/lpr.server";
import { startTestApp, type TestApp } from "../../support/app";

let app: TestApp;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  for (const [role, username] of Object.entries({
    admin: "admin",
    bureau: "bureau",
    enterprise: "9132050852601815XM",
    bank_admin: "szbank_admin",
  })) {
    cookies[role] = await app.signIn(username);
  }
});

const PAGES = ["/admin/calendar", "/admin/lpr"];

describe("role checks on the reference-data pages", () => {
  it.each(PAGES)("%s: 403 for the bureau, an enterprise and a bank, on GET and POST; login for nobody", async (path) => {
    for (const role of ["bureau", "enterprise", "bank_admin"]) {
      const page = await app.request(path, { cookie: cookies[role] });
      expect(page.status, `${role} GET ${path}`).toBe(403);
      expect(await page.text()).toContain("无权访问");
      const post = await app.request(path, {
        cookie: cookies[role],
        form: {
          intent: "create",
          year: "2027",
          reference: "国办发明电〔2026〕1号",
          holidays: "2027-01-01",
          effectiveOn: dateOf(Date.now()),
          oneYear: "1.00",
        },
      });
      expect(post.status, `${role} POST ${path}`).toBe(403);
    }
    const anonymous = await app.request(path);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    expect((await app.request(path, { cookie: cookies.admin })).status).toBe(200);
    // Nothing the refused posts carried was written.
    expect(app.db.$client.prepare("SELECT count(*) AS n FROM holiday_notices WHERE year = 2027").get()).toEqual({ n: 0 });
    expect(lprInEffect(app.db, Date.now()).oneYearBp).toBe(300);
  });
});

describe("the pages at work", () => {
  it("shows the calendar warning on the admin's home, with a link to the calendar page, when one is due", async () => {
    const warning = calendarStatus(app.db, Date.now());
    const html = await (await app.request("/admin", { cookie: cookies.admin })).text();
    expect(html).toContain('href="/admin/calendar"'); // the navigation links it in any case
    if (warning) expect(html).toContain(`录入 ${warning.yearToEnter} 年通知`);
    else expect(html).not.toContain("工作日历只覆盖到");
  });

  it("answers a bad notice with 400 and the zh-CN error under the field", async () => {
    const response = await app.request("/admin/calendar", {
      cookie: cookies.admin,
      form: {
        intent: "create",
        year: "2027",
        reference: "国办发明电〔2026〕1号",
        holidays: "2027-01-01 至 2027-01-03",
        workdays: "2027-01-04",
        reason: "",
      },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("2027-01-04 是星期一，调休上班日只能是周六或周日");
  });

  it("shows a year's notice with its correction form, and the correction in its history once saved", async () => {
    const page = await app.request("/admin/calendar?year=2026", { cookie: cookies.admin });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("国办发明电〔2025〕7号");
    expect(html).toContain("2026-10-01 至 2026-10-07");
    expect(html).toContain("该年度通知录入后未作更正");
    expect((await app.request("/admin/calendar?year=2031", { cookie: cookies.admin })).status).toBe(404);

    const holidays = (
      app.db.$client
        .prepare(
          "SELECT date FROM holiday_notice_days d JOIN holiday_notices n ON n.id = d.notice_id WHERE n.year = 2026 AND d.kind = 'holiday'",
        )
        .all() as { date: string }[]
    ).map((d) => d.date);
    const workdays = (
      app.db.$client
        .prepare(
          "SELECT date FROM holiday_notice_days d JOIN holiday_notices n ON n.id = d.notice_id WHERE n.year = 2026 AND d.kind = 'adjusted_workday'",
        )
        .all() as { date: string }[]
    ).map((d) => d.date);
    const correction = {
      intent: "correct",
      year: "2026",
      reference: "国办发明电〔2025〕7号",
      holidays: [...holidays, "2026-12-31"].join("\n"),
      workdays: workdays.join("\n"),
      reason: "测试更正：补录一天",
    };
    expect((await app.request("/admin/calendar?year=2026", { cookie: cookies.admin, form: { ...correction, reason: "" } })).status).toBe(
      400,
    );
    const saved = await app.request("/admin/calendar?year=2026", { cookie: cookies.admin, form: correction });
    expect(saved.status).toBe(200);
    const after = await (await app.request("/admin/calendar?year=2026", { cookie: cookies.admin })).text();
    expect(after).toContain("新增 2026-12-31 放假");
    expect(after).toContain("测试更正：补录一天");
    expect(after).toContain("【已被更正】");
  });

  it("moves the ceiling of the product form when the admin records a new LPR", async () => {
    const before = lprInEffect(app.db, Date.now());
    const justAbove = before.ceilingBp + 20; // allowed only under a ceiling 20 bp higher, i.e. an LPR 5 bp higher
    const product = {
      name: "LPR测试贷",
      description: "",
      amountMin: "10",
      amountMax: "300",
      rateMin: "3.45",
      rateMax: (justAbove / 100).toFixed(2),
      termMin: "3",
      termMax: "36",
      guaranteeModes: "credit",
      districtScope: "all",
      districts: "",
      industryScope: "all",
      industries: "",
      minGrade: "",
      minYears: "0",
      tags: "",
    };
    const refused = await app.request("/bank/products/new", { cookie: cookies.bank_admin, form: product });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(`最高年利率不能超过 ${formatRateBp(before.ceilingBp)}`);

    const newLpr = ((before.oneYearBp + 5) / 100).toFixed(2);
    const recorded = await app.request("/admin/lpr", {
      cookie: cookies.admin,
      form: { effectiveOn: dateOf(Date.now()), oneYear: newLpr, fiveYear: "", note: "" },
    });
    expect(recorded.status).toBe(200);
    expect(await recorded.text()).toContain(`利率上限 ${formatRateBp(justAbove)}`);

    const form = await (await app.request("/bank/products/new", { cookie: cookies.bank_admin })).text();
    expect(form).toContain(`即 ${formatRateBp(justAbove)}`);
    const accepted = await app.request("/bank/products/new", { cookie: cookies.bank_admin, form: product });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("Location")).toMatch(/^\/bank\/products\/\d+\?created=1$/);
  });
});
