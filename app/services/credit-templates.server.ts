/**
 * Blank credit-data files for providers (模板下载): one per batch kind, CSV and XLSX, whose columns
 * are exactly those the importer reads (COLUMNS_BY_KIND, headed by the importer's own labels), with
 * one example row that imports cleanly. The CSV goes through the portal's one CSV writer.
 */
import ExcelJS from "exceljs";
import { BATCH_KIND_LABELS, type BatchKind } from "~/domain/credit";
import { excelCsv } from "~/lib/csv";
import { addMonths, dateOf, monthOf } from "~/lib/time";
import { COLUMNS_BY_KIND } from "~/lib/validation/credit-batches";
import { FIELD_LABELS, QUANTITY_UNITS } from "~/lib/validation/credit";
import { requiredColumns } from "./credit-files.server";

export const TEMPLATE_FORMATS = ["csv", "xlsx"] as const;
export type TemplateFormat = (typeof TEMPLATE_FORMATS)[number];

/** The demo city's clean enterprise (README): a real-looking code that passes the GB 32100 check. */
const EXAMPLE_USCC = "9132050852601815XM";

/**
 * A column's header: the importer's label, with the unit in brackets where it helps (the importer
 * ignores a trailing bracket, so "应缴金额（元）" reads as 应缴金额).
 */
export function templateHeader(field: string): string {
  const label = FIELD_LABELS[field] ?? field;
  if (field.endsWith("Fen")) return `${label}（元）`;
  if (field === "quantity") return `${label}（${[...new Set(Object.values(QUANTITY_UNITS))].join("/")}）`;
  return label;
}

/** When an event's optional column must be filled (the importer refuses the row otherwise). */
const EVENT_COLUMN_NOTES: Record<string, string> = {
  severity: "行政处罚必填，其他事件不填",
  repairsReference: "信用修复必填：所修复的行政处罚或列入失信名单的文书号",
  repairsKind: "选填：同一文书号既有行政处罚又有列入失信名单时，信用修复须填写 penalty 或 dishonest_entry",
  listingReference: "移出严重失信主体名单必填：原列入决定的文书号（移出决定自己的文书号填在“文书号”列）",
};

/** One example row per kind, dated relative to `now` so it is never a future month or day. */
function exampleRow(kind: BatchKind, now: number): Record<string, string> {
  const lastMonth = addMonths(monthOf(now), -1);
  switch (kind) {
    case "monthly":
      return {
        uscc: EXAMPLE_USCC,
        source: "electricity",
        month: lastMonth,
        quantity: "12500",
        billedFen: "8800.50",
        paidFen: "8800.50",
        paidOnTime: "是",
        arrearsFen: "0",
      };
    case "tax_grade":
      return { uscc: EXAMPLE_USCC, year: String(Number(dateOf(now).slice(0, 4)) - 1), grade: "A" };
    case "event":
      return {
        uscc: EXAMPLE_USCC,
        kind: "honour",
        occurredOn: `${lastMonth}-01`,
        reference: "苏市监〔示例〕1号",
        authority: "苏州市市场监督管理局",
        description: "守合同重信用企业（示例行，导入前请删除）",
      };
    case "registry":
      return { uscc: EXAMPLE_USCC, name: "苏州姑苏精密机械有限公司", legalRepName: "张伟", status: "存续" };
  }
}

/** The template's rows: the header, then the example. */
export function templateLines(kind: BatchKind, now: number): string[][] {
  const columns = COLUMNS_BY_KIND[kind];
  const example = exampleRow(kind, now);
  return [columns.map(templateHeader), columns.map((f) => example[f] ?? "")];
}

export function templateFileName(kind: BatchKind, format: TemplateFormat): { ascii: string; zh: string } {
  return { ascii: `credit-template-${kind}.${format}`, zh: `信用数据模板-${BATCH_KIND_LABELS[kind]}.${format}` };
}

export function templateCsv(kind: BatchKind, now: number): Buffer {
  return excelCsv(templateLines(kind, now));
}

/** The XLSX: the data sheet first (the importer reads only the first), then a sheet saying what each column is. */
export async function templateXlsx(kind: BatchKind, now: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "苏州市信易贷平台";
  workbook.created = new Date(now);
  const data = workbook.addWorksheet("数据");
  const [header, example] = templateLines(kind, now);
  data.addRow(header);
  // Every cell as text, so Excel keeps a code's leading digits and a month as YYYY-MM.
  data.addRow(example);
  data.getRow(1).font = { bold: true };
  data.columns.forEach((column, i) => {
    column.width = Math.max(12, (header![i]?.length ?? 0) * 2 + 4);
    column.numFmt = "@";
  });
  data.views = [{ state: "frozen", ySplit: 1 }];
  const required = new Set(requiredColumns(kind, { source: null, month: null }));
  const notes = workbook.addWorksheet("填写说明");
  notes.addRow(["列名", "字段代码（英文表头亦可）", "是否必填"]);
  for (const field of COLUMNS_BY_KIND[kind]) {
    notes.addRow([templateHeader(field), field, required.has(field) ? "必填" : (EVENT_COLUMN_NOTES[field] ?? "按数据源填写")]);
  }
  notes.addRow([]);
  notes.addRow(["第2行为示例，导入前请替换或删除。第1行表头请勿修改；数据只读取第一个工作表。"]);
  notes.getRow(1).font = { bold: true };
  notes.columns.forEach((column) => (column.width = 28));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A template's bytes and names, for the download routes. */
export async function templateDownload(kind: BatchKind, format: TemplateFormat, now: number) {
  const body = format === "csv" ? templateCsv(kind, now) : await templateXlsx(kind, now);
  const contentType = format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return { body, contentType, ...templateFileName(kind, format) };
}
