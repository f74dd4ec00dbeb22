/**
 * 信用修复 over HTTP: the firm applies with files from the form (refused at the form when too early or
 * when a file is not what it claims), the bureau decides, the evidence is served to the parties only.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { currentCommitment } from "~/domain/commitments";
import { addDays, addMonthsToDate, dateOf } from "~/lib/time";
import { startTestApp, type TestApp } from "../../support/app";
import { ingest, sessionOf } from "../../support/credit";
import { DEMO_LOGIN } from "../../support/route-table";

let app: TestApp;
let sme: string;
let otherSme: string;
let bureau: string;
let officer: string;
const today = dateOf(Date.now());
const PDF = "%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n";

const eventId = (reference: string) =>
  (app.db.$client.prepare("SELECT id FROM credit_events WHERE reference = ?").get(reference) as { id: number }).id;

function applicationForm(reference: string, files: [name: string, content: string, type: string][], commitment = true): FormData {
  const form = new FormData();
  form.set("eventId", String(eventId(reference)));
  form.set("statement", "已缴纳全部罚款，完成整改并通过主管部门复查，建立了内部合规台账。");
  if (commitment) form.set("commitment", currentCommitment("repair").version);
  for (const [name, content, type] of files) form.append("evidence", new File([content], name, { type }));
  return form;
}

beforeAll(async () => {
  app = await startTestApp();
  const uscc = DEMO_LOGIN.enterprise;
  const other = (app.db.$client.prepare("SELECT uscc FROM enterprises WHERE uscc <> ? ORDER BY id LIMIT 1").get(uscc) as { uscc: string })
    .uscc;
  const penalty = (reference: string, occurredOn: string, severity: string) => ({
    uscc,
    kind: "penalty",
    severity,
    occurredOn,
    reference,
    authority: "苏州市吴中区应急管理局",
    description: "未按规定开展安全生产教育培训",
  });
  ingest(
    app.db,
    "event",
    [penalty("吴应急罚〔HTTP〕1号", addDays(today, -200), "一般"), penalty("吴应急罚〔HTTP〕2号", addDays(today, -100), "严重")],
    Date.now(),
  );
  sme = await app.signIn(uscc);
  otherSme = await app.signIn(other);
  bureau = await app.signIn("bureau");
  officer = await app.signIn("szbank_officer");
  expect(sessionOf(app.db, uscc).enterpriseId).not.toBeNull();
});

describe("applying from the browser form", () => {
  it("shows a record that is too early with its earliest date instead of the form", async () => {
    const page = await (await app.request(`/sme/repairs/new?event=${eventId("吴应急罚〔HTTP〕2号")}`, { cookie: sme })).text();
    expect(page).toContain(`最早可于 ${addMonthsToDate(addDays(today, -100), 12)} 申请`);
    expect(page).toContain("公示满 1 年后方可申请信用修复");
    expect(page).not.toContain("提交修复申请");
  });

  it("refuses at the field a file whose bytes are not a PDF, JPG or PNG, and the unticked 承诺书", async () => {
    const path = `/sme/repairs/new?event=${eventId("吴应急罚〔HTTP〕1号")}`;
    const fake = await app.request(path, {
      cookie: sme,
      body: applicationForm("吴应急罚〔HTTP〕1号", [["罚款凭证.pdf", "<html>", "application/pdf"]]),
    });
    expect(fake.status).toBe(400);
    expect(await fake.text()).toContain("“罚款凭证.pdf”不是 PDF、JPG 或 PNG 文件");
    const unticked = await app.request(path, {
      cookie: sme,
      body: applicationForm("吴应急罚〔HTTP〕1号", [["a.pdf", PDF, "application/pdf"]], false),
    });
    expect(unticked.status).toBe(400);
    expect(await unticked.text()).toContain("请阅读并勾选信用修复承诺书");
  });

  it("files the application and lands on it; the evidence downloads for the firm, the bureau and an authorized bank only", async () => {
    const path = `/sme/repairs/new?event=${eventId("吴应急罚〔HTTP〕1号")}`;
    const filed = await app.request(path, {
      cookie: sme,
      body: applicationForm("吴应急罚〔HTTP〕1号", [["整改报告.pdf", PDF, "application/pdf"]]),
    });
    expect(filed.status).toBe(302);
    const location = filed.headers.get("Location")!;
    expect(location).toMatch(/^\/sme\/repairs\/\d+\?filed=1$/);
    const page = await (await app.request(location, { cookie: sme })).text();
    expect(page).toContain("修复申请已提交");
    expect(page).toContain("信用修复承诺书");
    const fileHref = /href="(\/repairs\/files\/\d+)"/.exec(page)![1]!;
    const own = await app.request(fileHref, { cookie: sme });
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Type")).toBe("application/pdf");
    expect(own.headers.get("Content-Disposition")).toContain("attachment");
    expect(await own.text()).toBe(PDF);
    expect((await app.request(fileHref, { cookie: bureau })).status).toBe(200);
    expect((await app.request(fileHref, { cookie: otherSme })).status).toBe(404);
    // The demo firm's open needs may authorize banks; a bank without a live authorization gets nothing.
    const authorized = app.db.$client
      .prepare(
        `SELECT 1 FROM authorizations a JOIN enterprises e ON e.id = a.enterprise_id WHERE e.uscc = ? AND a.revoked_at IS NULL AND a.expires_at > ?
           AND (a.institution_id IS NULL OR a.institution_id = (SELECT id FROM institutions WHERE short_name = '苏州银行'))`,
      )
      .get(DEMO_LOGIN.enterprise, Date.now());
    expect((await app.request(fileHref, { cookie: officer })).status).toBe(authorized ? 200 : 404);
  });

  it("lets the bureau ask for more, refuse or accept, with the reason required where the firm needs one", async () => {
    const id = Number(
      /\/sme\/repairs\/(\d+)/.exec(
        (await (await app.request("/sme/repairs", { cookie: sme })).text()).match(/\/sme\/repairs\/\d+/)![0],
      )![1],
    );
    const refuseWithout = await app.request(`/bureau/repairs/${id}`, { cookie: bureau, form: { decision: "refuse", note: "" } });
    expect(refuseWithout.status).toBe(400);
    expect(await refuseWithout.text()).toContain("请填写不予修复的理由");
    const accepted = await app.request(`/bureau/repairs/${id}`, { cookie: bureau, form: { decision: "accept", note: "" } });
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toContain("已同意修复");
    const again = await app.request(`/bureau/repairs/${id}`, { cookie: bureau, form: { decision: "accept", note: "" } });
    expect(again.status).toBe(409);
    const firmPage = await (await app.request(`/sme/repairs/${id}`, { cookie: sme })).text();
    expect(firmPage).toContain("已修复");
    expect(firmPage).toContain("同意修复");
  });
});
