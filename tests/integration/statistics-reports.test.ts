import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "~/auth/session.server";
import { indicatorsOf } from "~/lib/statistics";
import { reportCsv, reportXlsx } from "~/services/report-export.server";
import { sha256Hex } from "~/lib/canonical-json";
import { freezeReport, listReportMonths, loadReport, openRevision } from "~/services/statistics.server";
import { auditLog, monthlyReports, users } from "~db/schema";
import { createTestDatabase } from "../support/db";
import { at, wan } from "../support/facts";
import { buildHandMadeCity } from "../support/hand-made-city";

const { db } = createTestDatabase();
const { f, E1, B1 } = buildHandMadeCity(db);
const bureau: SessionUser = {
  id: "bureau-1",
  username: "analyst",
  role: "bureau",
  displayName: "李分析",
  enterpriseId: null,
  institutionId: null,
};
const admin: SessionUser = {
  id: "admin-1",
  username: "root",
  role: "admin",
  displayName: "王管理",
  enterpriseId: null,
  institutionId: null,
};
for (const u of [bureau, admin])
  db.insert(users)
    .values({ id: u.id, username: u.username, passwordHash: "x", role: u.role, displayName: u.displayName, createdAt: 0 })
    .run();

const APRIL_10 = at("2026-04-10 16:00");
afterEach(() => vi.useRealTimers());

describe("freezing a month", () => {
  it("refuses a month that has not ended", () => {
    expect(freezeReport(db, bureau, "2026-04", APRIL_10)).toEqual({ ok: false, status: 409, message: expect.stringContaining("尚未结束") });
  });

  it("shows a draft until frozen, then the frozen numbers with who, when and a SHA-256 of their canonical form", () => {
    expect(loadReport(db, "2026-03", APRIL_10).state.kind).toBe("draft");
    expect(freezeReport(db, bureau, "2026-03", APRIL_10)).toEqual({ ok: true, revision: 1 });
    const row = db.select().from(monthlyReports).where(eq(monthlyReports.month, "2026-03")).get()!;
    expect(row).toMatchObject({ revision: 1, status: "frozen", frozenByUserId: bureau.id, frozenAt: APRIL_10 });
    expect(row.sha256).toBe(sha256Hex(row.payload!));
    const view = loadReport(db, "2026-03", APRIL_10);
    expect(view.state).toMatchObject({ kind: "frozen", revision: { revision: 1, frozenBy: "李分析" } });
    expect(view.filedAt).toBe(APRIL_10);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "report.freeze")).all()).toHaveLength(1);
    expect(freezeReport(db, bureau, "2026-03", APRIL_10)).toMatchObject({ ok: false, status: 409 });
  });

  it("keeps the frozen numbers when a late loan for March arrives, and says the data has changed", () => {
    const need = f.need(E1, 60, "2026-03-10 09:00");
    const claim = f.claim(need, B1, "2026-03-10 12:00", { granted: "2026-03-12 09:00", amountWan: 60 });
    f.loan(claim, { disbursedOn: "2026-03-20", amountWan: 60, rateBp: 400, mode: "credit" });
    const view = loadReport(db, "2026-03", APRIL_10 + 86_400_000);
    expect(indicatorsOf(view.data.total.month).loansAmountFen).toBe(BigInt(wan(310)));
    expect(view.changedSinceFrozen).toBe(true);
  });

  it("lets only a revision, opened with a reason, bring the correction in; both versions stay", () => {
    const later = APRIL_10 + 2 * 86_400_000;
    expect(openRevision(db, admin, "2026-03", "工商银行补报3月放款一笔", later)).toEqual({ ok: true, revision: 2 });
    const open = loadReport(db, "2026-03", later);
    expect(open.state).toMatchObject({ kind: "revision_open", revision: { revision: 2, reason: "工商银行补报3月放款一笔" } });
    expect(indicatorsOf(open.data.total.month).loansAmountFen).toBe(BigInt(wan(370)));
    expect(openRevision(db, admin, "2026-03", "再开一次", later)).toMatchObject({ ok: false, status: 409 });

    expect(freezeReport(db, bureau, "2026-03", later)).toEqual({ ok: true, revision: 2 });
    expect(indicatorsOf(loadReport(db, "2026-03", later).data.total.month).loansAmountFen).toBe(BigInt(wan(370)));
    expect(indicatorsOf(loadReport(db, "2026-03", later, 1)!.data.total.month).loansAmountFen).toBe(BigInt(wan(310)));
    expect(loadReport(db, "2026-03", later).revisions.map((r) => r.revision)).toEqual([2, 1]);
  });

  it("lists every month since the first activity, newest first, with its state", () => {
    const months = listReportMonths(db, APRIL_10);
    expect(months[0]).toMatchObject({ month: "2026-04", closed: false, latest: null });
    expect(months.find((m) => m.month === "2026-03")).toMatchObject({ closed: true, latest: { revision: 2, status: "frozen" } });
    expect(months.at(-1)!.month).toBe("2025-12");
  });
});

describe("exports", () => {
  it("writes CSV in UTF-8 with a BOM, the official title and the numbers as the table shows them", () => {
    const csv = reportCsv(loadReport(db, "2026-03", APRIL_10, 1)!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.toString("utf8").slice(1);
    expect(text.split("\r\n")[0]).toBe("2026年3月苏州市信易贷工作统计表");
    expect(text).toContain("填报单位：苏州市地方金融管理局,单位：万元,填报日期：2026-04-10,状态：已冻结");
    expect(text).toContain("放款金额,万元,310.00,350.00,440.00");
    expect(text).toContain("信用贷款占比,%,35.48,42.86,");
    expect(text).toContain("不良率,%,22.50,0.00");
    expect(text).not.toContain("草稿");
  });

  it("marks a draft as 草稿 in the title and the status line", () => {
    const text = reportCsv(loadReport(db, "2026-02", APRIL_10)).toString("utf8");
    expect(text).toContain("2026年2月苏州市信易贷工作统计表（草稿）");
    expect(text).toContain("状态：草稿");
  });

  it("writes an XLSX that reads back cell by cell: sheets, titles, numbers, formats, frozen headers", async () => {
    const workbook = new ExcelJS.Workbook();
    const xlsx = await reportXlsx(loadReport(db, "2026-03", APRIL_10, 1)!);
    // exceljs declares the pre-generic Buffer type.
    await workbook.xlsx.load(xlsx as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      "总表",
      "期末存量",
      "服务时效",
      "失信拦截",
      "风险补偿资金池",
      "按区县",
      "按行业门类",
      "按企业规模",
      "按金融机构",
      "按专区",
    ]);
    const summary = workbook.getWorksheet("总表")!;
    expect(summary.getCell("A1").value).toBe("2026年3月苏州市信易贷工作统计表");
    expect(summary.getRow(3).values).toEqual([, "指标", "单位", "本月", "本年累计", "累计"]);
    const row = (label: string) => summary.getColumn(1).values.findIndex((v) => v === label);
    const loans = summary.getRow(row("放款金额"));
    expect([loans.getCell(3).value, loans.getCell(4).value, loans.getCell(5).value]).toEqual([310, 350, 440]);
    expect(loans.getCell(3).numFmt).toBe("#,##0.00");
    expect(summary.getRow(row("放款笔数")).getCell(3).value).toBe(3);
    expect(summary.getRow(row("加权平均利率")).getCell(3).value).toBe(3.95);
    expect(summary.getRow(row("平均受理时长")).getCell(3).numFmt).toBe("0.0");
    expect(summary.views[0]).toMatchObject({ state: "frozen", ySplit: 3 });
    expect(summary.getColumn(1).width).toBeGreaterThan(10);

    const districts = workbook.getWorksheet("按区县")!;
    expect(districts.getCell("A1").value).toBe("2026年3月苏州市信易贷工作统计表");
    expect(districts.views[0]).toMatchObject({ state: "frozen", ySplit: 5 });
    const gusu = districts.getRow(districts.getColumn(1).values.findIndex((v) => v === "姑苏区"));
    const total = districts.getRow(districts.getColumn(1).values.findIndex((v) => v === "合计"));
    const header = districts.getRow(3).values as unknown[];
    const col = (group: string) => header.indexOf(group);
    expect(gusu.getCell(col("放款") + 1).value).toBe(230); // 放款 金额 is the second column of its group
    expect(total.getCell(col("放款") + 1).value).toBe(310);
    expect(gusu.getCell(header.indexOf("不良率")).value).toBe(28.13);

    const institutionSheet = workbook.getWorksheet("按金融机构")!;
    expect(institutionSheet.getRow(3).values).not.toContain("发布需求");
    expect(institutionSheet.getRow(3).values).toContain("上架产品数");
  });

  it("gives the same bytes for the same frozen report, whenever it is exported", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-05-01T08:00:00Z"));
    const first = await reportXlsx(loadReport(db, "2026-03", Date.now(), 1)!);
    vi.setSystemTime(new Date("2026-09-30T23:59:59Z"));
    const second = await reportXlsx(loadReport(db, "2026-03", Date.now(), 1)!);
    expect(sha256Hex(second.toString("latin1"))).toBe(sha256Hex(first.toString("latin1")));
    const csv = (instant: number) => reportCsv(loadReport(db, "2026-03", instant, 1)!).toString("base64");
    expect(csv(Date.now())).toBe(csv(Date.now() + 1e9));
  });
});

describe("a report frozen before interceptions were counted (decision 021)", () => {
  // tests/fixtures/report-frozen-before-021.json: March 2026 of this city frozen by the code of before,
  // with the digests of its exports as that code wrote them.
  const fixture = JSON.parse(readFileSync(new URL("../fixtures/report-frozen-before-021.json", import.meta.url), "utf8")) as {
    month: string;
    frozenAt: number;
    sha256: string;
    csvSha256: string;
    xlsxContentSha256: string;
    payload: string;
  };
  // The same city, with the old freeze in place of a new one.
  const old = createTestDatabase().db;
  buildHandMadeCity(old);
  old
    .insert(users)
    .values({
      id: bureau.id,
      username: bureau.username,
      passwordHash: "x",
      role: bureau.role,
      displayName: bureau.displayName,
      createdAt: 0,
    })
    .run();
  old
    .insert(monthlyReports)
    .values({
      month: fixture.month,
      revision: 1,
      status: "frozen",
      payload: fixture.payload,
      sha256: fixture.sha256,
      frozenAt: fixture.frozenAt,
      frozenByUserId: bureau.id,
    })
    .run();
  const later = fixture.frozenAt + 90 * 86_400_000;

  it("has no interception section and exports the same bytes as before", async () => {
    const view = loadReport(old, fixture.month, later);
    expect(view.data.interception).toBeUndefined();
    // Its numbers still match the data: the section it never had does not count as a change.
    expect(view.changedSinceFrozen).toBe(false);
    expect(createHash("sha256").update(reportCsv(view)).digest("hex")).toBe(fixture.csvSha256);
    const zip = await JSZip.loadAsync(await reportXlsx(view));
    const hash = createHash("sha256");
    for (const name of Object.keys(zip.files).sort()) {
      hash.update(`${name}\0`);
      hash.update(await zip.files[name]!.async("uint8array"));
    }
    expect(hash.digest("hex")).toBe(fixture.xlsxContentSha256);
  });

  it("while a report frozen now carries the section, its definitions and the same numbers elsewhere", () => {
    const now = loadReport(db, "2026-03", APRIL_10, 1)!;
    expect(now.data.interception?.month).toEqual({ interceptions: 0, overrides: 0, overriddenClaims: 0, overriddenLoans: 0 });
    const text = reportCsv(now).toString("utf8");
    expect(text).toContain("失信拦截\r\n指标,单位,本月,本年累计,累计\r\n拦截次数,次,0,0,0");
    expect(text).toContain("注：拦截次数：");
    expect(reportCsv(loadReport(old, fixture.month, later)).toString("utf8")).not.toContain("失信拦截");
  });
});
