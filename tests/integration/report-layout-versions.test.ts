/**
 * 首贷户 becomes 平台首贷户 with its definition in the notes (issue 16) — for drafts and new freezes only.
 * A report frozen before keeps drawing with the layout it was frozen with, so its exports are the very
 * bytes they were: the digests below are of the exports the code before this change wrote for the
 * hand-made city's March 2026, frozen on 10 April.
 */
import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { SessionUser } from "~/auth/session.server";
import { AFTER_LOAN_DEFINITIONS, displayTables, PLATFORM_FIRST_LOAN_DEFINITION, REPORT_LAYOUT_VERSION } from "~/lib/report-layout";
import { MEASURES, type Measure } from "~/lib/statistics";
import { canonicalJson, sha256Hex } from "~/lib/canonical-json";
import { reportCsv, reportXlsx } from "~/services/report-export.server";
import { dashboard, freezeReport, loadReport, openRevision } from "~/services/statistics.server";
import { monthlyReports, users } from "~db/schema";
import { createTestDatabase } from "../support/db";
import { at } from "../support/facts";
import { buildHandMadeCity } from "../support/hand-made-city";

const BEFORE = {
  payload: "3d7cd731e55c5a0a0ec2fa64beb6983fbb3823a64e5eb198f75140e3ec8adce0",
  csv: "5c62315b18543f2040ac184c33c846ba688ffa923e6b0bf649c21de7e0304a1b",
  xlsx: "c3244ef1b77957ea57f88b7a24dce53d7d1bc725c35e015f2fefeb3bfbd53d79",
};

/** What the hand-made city's March 2026, frozen on 10 April, gave in layout 2 (before issue 14's indicators). */
const BEFORE_AFTER_LOAN = {
  payload: "bd4be2496a1b5ea6ac2b7a29489b9042f40256c9fd011333e7f5f6e3c5f0627f",
  csv: "1ceef12f88cd306ab5eff791f9781acfa0a2a6883d1f01c2490417fc506c3ae8",
  xlsx: "3eaa3b225417606b7e071374e0788b2663ce033e60eae878907fa134c66c5f17",
};

const { db } = createTestDatabase();
buildHandMadeCity(db);
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
const LATER = APRIL_10 + 5 * 86_400_000;
const digest = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

async function summarySheet(xlsx: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  return workbook
    .getWorksheet("总表")!
    .getColumn(1)
    .values.filter((v): v is string => typeof v === "string");
}

/** A payload as frozen when `last` was the newest measure: every later measure's key removed. */
function withoutMeasuresAfter(payload: unknown, last: Measure): unknown {
  const later = new Set(MEASURES.slice(MEASURES.indexOf(last) + 1));
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !later.has(k as Measure))
        .map(([k, v]) => [k, strip(v)]),
    );
  };
  return strip(payload);
}

describe("a report frozen before 平台首贷户", () => {
  it("exports byte for byte what it did", async () => {
    expect(freezeReport(db, bureau, "2026-03", APRIL_10)).toEqual({ ok: true, revision: 1 });
    // What a row frozen before this change holds: layout 1 (what the migration leaves), and a payload
    // without the 失信拦截 section, which reports frozen before decision 021 do not have.
    const frozen = db.select().from(monthlyReports).where(eq(monthlyReports.month, "2026-03")).get()!;
    const { interception: _new, zones: _zones, ...old } = JSON.parse(frozen.payload!) as Record<string, unknown>;
    const oldPayload = canonicalJson(withoutMeasuresAfter(old, "nplDelta"));
    db.$client
      .prepare("UPDATE monthly_reports SET layout_version = 1, payload = ?, sha256 = ? WHERE month = '2026-03'")
      .run(oldPayload, sha256Hex(oldPayload));
    expect(db.select().from(monthlyReports).where(eq(monthlyReports.month, "2026-03")).get()!.sha256).toBe(BEFORE.payload);
    const view = loadReport(db, "2026-03", LATER, 1)!;
    expect(view.layout).toBe(1);
    expect(digest(reportCsv(view))).toBe(BEFORE.csv);
    expect(digest(await reportXlsx(view))).toBe(BEFORE.xlsx);
    const csv = reportCsv(view).toString("utf8");
    expect(csv).toContain("\r\n首贷户数,户,");
    expect(csv).not.toContain("平台首贷户");
    expect(displayTables(view.data, view.layout)[0]!.rows.map((r) => r.label)).toContain("首贷户数");
  });
});

describe("a report frozen before the after-loan indicators (layout 2)", () => {
  it("exports byte for byte what it did, without 续贷, 数字人民币 or 风险补偿", async () => {
    const { db: city } = createTestDatabase();
    buildHandMadeCity(city);
    city
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
    expect(freezeReport(city, bureau, "2026-03", APRIL_10)).toEqual({ ok: true, revision: 1 });
    // What a row frozen with layout 2 holds: its payload has none of the measures added since, nor zones.
    const frozen = city.select().from(monthlyReports).get()!;
    const { zones: _zones, ...held } = JSON.parse(frozen.payload!) as Record<string, unknown>;
    const oldPayload = canonicalJson(withoutMeasuresAfter(held, "nplDelta"));
    city.$client.prepare("UPDATE monthly_reports SET layout_version = 2, payload = ?, sha256 = ?").run(oldPayload, sha256Hex(oldPayload));
    expect(sha256Hex(oldPayload)).toBe(BEFORE_AFTER_LOAN.payload);
    const view = loadReport(city, "2026-03", LATER, 1)!;
    expect(view.layout).toBe(2);
    expect(view.changedSinceFrozen).toBe(false);
    expect(digest(reportCsv(view))).toBe(BEFORE_AFTER_LOAN.csv);
    expect(digest(await reportXlsx(view))).toBe(BEFORE_AFTER_LOAN.xlsx);
    expect(reportCsv(view).toString("utf8")).not.toMatch(/续贷|数字人民币|风险补偿|到期未续/);
  });
});

describe("drafts and reports frozen from now on", () => {
  it("show the after-loan indicators with their definitions, in CSV, XLSX and on the page", async () => {
    const draft = loadReport(db, "2026-02", LATER);
    const csv = reportCsv(draft).toString("utf8");
    for (const label of [
      "其中：续贷笔数",
      "其中：数字人民币放款金额",
      "到期未续未结清金额",
      "在保余额（风险补偿）",
      "风险补偿资金池余额",
      "代偿金额",
    ]) {
      expect(csv).toContain(`\r\n${label},`);
    }
    for (const definition of Object.values(AFTER_LOAN_DEFINITIONS)) expect(csv).toContain(definition);
    expect(await summarySheet(await reportXlsx(draft))).toContain("其中：续贷金额");
    const tables = displayTables(draft.data, draft.layout);
    expect(tables.map((t) => t.name)).toContain("风险补偿资金池");
    expect(tables.find((t) => t.name === "按金融机构")!.headerRows[0]).toContain("其中续贷");
  });

  it("label 平台首贷户数 and define it in the notes, in CSV, XLSX and on the page", async () => {
    const draft = loadReport(db, "2026-02", LATER);
    expect(draft.layout).toBe(REPORT_LAYOUT_VERSION);
    const csv = reportCsv(draft).toString("utf8");
    expect(csv).toContain("\r\n平台首贷户数,户,");
    expect(csv).toContain(`\r\n说明\r\n${PLATFORM_FIRST_LOAN_DEFINITION}\r\n`);
    expect(csv).not.toMatch(/(^|[^台])首贷户数/);
    const column = await summarySheet(await reportXlsx(draft));
    expect(column).toContain("平台首贷户数");
    expect(column).toContain(PLATFORM_FIRST_LOAN_DEFINITION);
    const tables = displayTables(draft.data, draft.layout);
    expect(tables[0]!.rows.map((r) => r.label)).toContain("平台首贷户数");
    expect(tables.find((t) => t.name === "按区县")!.headerRows[0]).toContain("平台首贷户数");
  });

  it("a revision frozen now takes the new layout while the first freeze keeps the old", async () => {
    expect(openRevision(db, admin, "2026-03", "补报一笔放款后重新冻结", LATER)).toMatchObject({ ok: true, revision: 2 });
    expect(freezeReport(db, bureau, "2026-03", LATER)).toEqual({ ok: true, revision: 2 });
    const second = loadReport(db, "2026-03", LATER);
    expect(second.layout).toBe(REPORT_LAYOUT_VERSION);
    expect(reportCsv(second).toString("utf8")).toContain("平台首贷户数");
    expect(digest(reportCsv(loadReport(db, "2026-03", LATER, 1)!))).toBe(BEFORE.csv);
  });

  it("the dashboard names the headline 平台首贷户数", () => {
    expect(dashboard(db, "2026-03", Date.now()).headlines.map((h) => h.label)).toContain("平台首贷户数");
  });
});
