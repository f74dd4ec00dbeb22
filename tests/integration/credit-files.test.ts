/**
 * Files as providers deliver them: UTF-8 (with or without BOM) and GBK CSV, XLSX; Chinese or English
 * headers; size and row bounds. Row numbers are those the spreadsheet shows, down to the ingest report.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { addMonths, monthOf } from "~/lib/time";
import { MAX_BATCH_BYTES, MAX_BATCH_ROWS } from "~/lib/validation/credit-batches";
import {
  discardStagedUpload,
  loadStagedUpload,
  missingColumns,
  parseCreditFile,
  requiredColumns,
  stageUpload,
  type ParsedCreditFile,
} from "~/services/credit-files.server";
import { ingestBatch } from "~/services/credit-ingest.server";
import { enterprises } from "~db/schema";
import { createTestDatabase } from "../support/db";
import { createFacts } from "../support/facts";

const USCC = "9132050852601815XM";
const utf8 = (text: string) => new TextEncoder().encode(text);

async function parsed(bytes: Uint8Array, filename = "data.csv"): Promise<ParsedCreditFile> {
  const outcome = await parseCreditFile(bytes, filename);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.file;
}

async function failure(bytes: Uint8Array, filename = "data.csv"): Promise<string> {
  const outcome = await parseCreditFile(bytes, filename);
  if (outcome.ok) throw new Error("expected the file to be refused");
  return outcome.message;
}

const CHINESE_CSV = [
  "统一社会信用代码,月份,用量（千瓦时）,应缴金额（元）,实缴金额,是否按时缴纳,欠费金额,备注",
  `${USCC},2026-09,"12,500",8800.50,8800.50,是,,按期`,
  `91320571908301663W,2026-09,300,210,0,否,210,"含逗号,和""引号"""`,
].join("\r\n");

describe("CSV", () => {
  it("reads Chinese headers (with units) into field keys, leaving blanks out and unknown columns aside", async () => {
    const file = await parsed(utf8(CHINESE_CSV));
    expect(file).toMatchObject({ format: "csv", encoding: "utf-8", rowNumbers: [2, 3] });
    expect(file.mapping).toEqual([
      { header: "统一社会信用代码", field: "uscc" },
      { header: "月份", field: "month" },
      { header: "用量（千瓦时）", field: "quantity" },
      { header: "应缴金额（元）", field: "billedFen" },
      { header: "实缴金额", field: "paidFen" },
      { header: "是否按时缴纳", field: "paidOnTime" },
      { header: "欠费金额", field: "arrearsFen" },
      { header: "备注", field: null },
    ]);
    expect(file.rows).toEqual([
      { uscc: USCC, month: "2026-09", quantity: "12,500", billedFen: "8800.50", paidFen: "8800.50", paidOnTime: "是" },
      {
        uscc: "91320571908301663W",
        month: "2026-09",
        quantity: "300",
        billedFen: "210",
        paidFen: "0",
        paidOnTime: "否",
        arrearsFen: "210",
      },
    ]);
  });

  it("reads UTF-8 with a BOM and English keys the same way", async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(`uscc,month,taxPaidFen,PaidOnTime\n${USCC},2026-09,1000,yes\n`)]);
    const file = await parsed(bytes);
    expect(file.encoding).toBe("utf-8");
    expect(file.mapping.map((m) => m.field)).toEqual(["uscc", "month", "taxPaidFen", "paidOnTime"]);
    expect(file.rows).toEqual([{ uscc: USCC, month: "2026-09", taxPaidFen: "1000", paidOnTime: "yes" }]);
  });

  it("decodes GBK as Chinese utilities export it", async () => {
    const bytes = iconv.encode("统一社会信用代码,月份,纳税额,是否按时缴纳\r\n" + `${USCC},2026-09,1000,否\r\n`, "gbk");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow(); // really not UTF-8
    const file = await parsed(bytes);
    expect(file.encoding).toBe("gb18030");
    expect(file.rows).toEqual([{ uscc: USCC, month: "2026-09", taxPaidFen: "1000", paidOnTime: "否" }]);
  });

  it("skips blank lines but keeps the line numbers Excel shows", async () => {
    const file = await parsed(utf8(`统一社会信用代码,纳税信用等级,年度\n${USCC},A,2024\n,,\n\n91320571908301663W,B,2024\n`));
    expect(file.rowNumbers).toEqual([2, 5]);
  });

  it("says what is wrong with a file it cannot use", async () => {
    expect(await failure(utf8("企业名称,月份\n某公司,2026-09\n"))).toBe("第1行应为表头，且须包含“统一社会信用代码”列");
    expect(await failure(utf8("统一社会信用代码,纳税额,tax_paid,taxPaidFen\n"))).toContain("“纳税额”列出现了两次");
    expect(await failure(utf8(`统一社会信用代码,月份\n"${USCC},2026-09\n`))).toContain("CSV 文件格式有误");
    expect(await failure(new Uint8Array(0))).toBe("文件是空的");
    expect(await failure(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]), "old.xls")).toContain("不支持旧版 .xls");
  });

  it("refuses more than 20 MB or 200,000 rows", async () => {
    expect(await failure(new Uint8Array(MAX_BATCH_BYTES + 1))).toBe("文件超过 20 MB，请拆分后分批上传");
    const lines = ["统一社会信用代码,纳税信用等级,年度", ...Array.from({ length: MAX_BATCH_ROWS + 1 }, () => `${USCC},A,2024`)];
    expect(await failure(utf8(lines.join("\n")))).toBe("文件超过 200,000 行数据，请拆分后分批上传");
    expect((await parsed(utf8(lines.slice(0, -1).join("\n")))).rows).toHaveLength(MAX_BATCH_ROWS);
  });
});

describe("XLSX", () => {
  async function workbook(rows: unknown[][]): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("用电");
    rows.forEach((row, i) => {
      if (row.length > 0) sheet.getRow(i + 1).values = row as ExcelJS.CellValue[];
    });
    wb.addWorksheet("说明").addRow(["此表不读"]);
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }

  it("reads the first sheet: numbers, dates, formulas and rich text; blank rows keep Excel's numbering", async () => {
    const bytes = await workbook([
      ["统一社会信用代码", "月份", "用量", "应缴金额(元)", "实缴金额", "是否按时缴纳"],
      [USCC, new Date(Date.UTC(2026, 8, 1)), 12500, 8800.5, { formula: "D2", result: 8800.5 }, { richText: [{ text: "是" }] }],
      [],
      ["91320571908301663W", "2026-09", 300, 210, 0, "否"],
    ]);
    const file = await parsed(bytes, "电费.xlsx");
    expect(file).toMatchObject({ format: "xlsx", encoding: null, rowNumbers: [2, 4] });
    expect(file.rows).toEqual([
      { uscc: USCC, month: "2026-09", quantity: 12500, billedFen: 8800.5, paidFen: 8800.5, paidOnTime: "是" },
      { uscc: "91320571908301663W", month: "2026-09", quantity: 300, billedFen: 210, paidFen: 0, paidOnTime: "否" },
    ]);
  });

  it("refuses a damaged workbook", async () => {
    expect(await failure(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), "x.xlsx")).toContain("无法读取该 Excel 文件");
  });
});

describe("required columns", () => {
  it("needs the month and source columns only when the form does not give them", () => {
    const mapping = [
      { header: "统一社会信用代码", field: "uscc" },
      { header: "用量", field: "quantity" },
    ];
    expect(missingColumns(mapping, requiredColumns("monthly", { source: "electricity", month: "2026-09" }))).toEqual([
      "应缴金额",
      "实缴金额",
      "是否按时缴纳",
    ]);
    expect(missingColumns(mapping, requiredColumns("monthly", { source: null, month: null }))).toEqual(["数据源", "月份"]);
    expect(missingColumns(mapping, requiredColumns("tax_grade", { source: null, month: null }))).toEqual(["年度", "纳税信用等级"]);
  });
});

describe("from file to batch report", () => {
  it("reports a bad row by the row number the spreadsheet shows", async () => {
    const { db } = createTestDatabase();
    const facts = createFacts(db);
    facts.enterprise({ district: "320508", industry: "C", size: "small", registered: "2025-01-01 09:00" });
    const uscc = db.select().from(enterprises).get()!.uscc;
    const month = addMonths(monthOf(Date.now()), -1);
    const file = await parsed(
      utf8(
        `统一社会信用代码,用量,应缴金额,实缴金额,是否按时缴纳\n${uscc},10,1,1,是\n\n${uscc.slice(0, 17)}${uscc.endsWith("0") ? "1" : "0"},10,1,1,是\n`,
      ),
    );
    const report = ingestBatch(
      db,
      {
        origin: "upload",
        providerId: null,
        kind: "monthly",
        source: "electricity",
        month,
        allowedSources: null,
        rows: file.rows,
        rowNumbers: file.rowNumbers,
      },
      Date.now(),
    );
    expect(report.status).toBe("rejected");
    expect(report.rejections.map((r) => [r.row, r.field])).toEqual([[4, "统一社会信用代码"]]);
  });
});

describe("staged uploads", () => {
  it("belong to the user who previewed them, and are gone once discarded", async () => {
    const dir = mkdtempSync(join(tmpdir(), "xyd-staged-"));
    const staged = await stageUpload(
      dir,
      {
        ownerUserId: "u1",
        createdAt: Date.now(),
        filename: "电费.csv",
        options: { kind: "tax_grade", source: null, month: null, providerId: null, refuseUnregistered: false },
      },
      { rows: [{ uscc: USCC, year: "2024", grade: "A" }], rowNumbers: [2] },
    );
    expect(staged.rowCount).toBe(1);
    expect(loadStagedUpload(dir, staged.id, "u1")).toEqual(staged);
    expect(loadStagedUpload(dir, staged.id, "u2")).toBeNull();
    expect(loadStagedUpload(dir, "../../etc/passwd", "u1")).toBeNull();
    discardStagedUpload(dir, staged.id);
    expect(loadStagedUpload(dir, staged.id, "u1")).toBeNull();
  });
});
