/**
 * CSV and XLSX exports of a monthly report, laid out as app/lib/report-layout.ts says. The same
 * report gives the same bytes every time: nothing depends on the clock but the report's own filing date.
 */
import { downloadResponse } from "~/http/downloads.server";
import { excelCsv } from "~/lib/csv";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { cellText, groupSpans, REPORT_UNIT, reportNotes, reportTables, reportTitle, type CellValue } from "~/lib/report-layout";
import { dateOf } from "~/lib/time";
import { filingOrganisation, type ReportView } from "./statistics.server";

export function reportStatusText(view: ReportView): string {
  switch (view.state.kind) {
    case "frozen":
      return view.state.revision.revision > 1 ? `已冻结（第${view.state.revision.revision}版）` : "已冻结";
    case "revision_open":
      return `草稿（第${view.state.revision.revision}版修订中）`;
    case "draft":
      return "草稿";
  }
}

function titleOf(view: ReportView): string {
  const draft = view.state.kind !== "frozen";
  return `${reportTitle(view.data.month)}${draft ? "（草稿）" : ""}`;
}

function infoLine(view: ReportView): string[] {
  return [
    `填报单位：${filingOrganisation()}`,
    `单位：${REPORT_UNIT}`,
    `填报日期：${dateOf(view.filedAt)}`,
    `状态：${reportStatusText(view)}`,
  ];
}

/** UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly. */
export function reportCsv(view: ReportView): Buffer {
  const lines: string[][] = [[titleOf(view)], infoLine(view), []];
  for (const table of reportTables(view.data, view.layout)) {
    lines.push([table.name]);
    for (const header of table.headerRows) lines.push(header);
    for (const row of table.rows) {
      const cells = row.cells.map((c) => cellText(c, { grouping: false }));
      lines.push(row.unit === undefined ? [row.label, ...cells] : [row.label, row.unit, ...cells]);
    }
    for (const note of table.notes ?? []) lines.push([`注：${note}`]);
    lines.push([]);
  }
  // Notes only from layout 2 on: a report frozen before keeps its exact bytes.
  const notes = reportNotes(view.layout);
  if (notes.length) lines.push(["说明"], ...notes.map((n) => [n]), []);
  return excelCsv(lines);
}

const NUMBER_FORMAT: Record<CellValue["kind"], string> = {
  count: "#,##0",
  amount: "#,##0.00",
  ratio: "0.00",
  none: "@",
};

function xlsxValue(cell: CellValue): string | number {
  switch (cell.kind) {
    case "count":
      return Number(cell.value);
    case "amount":
      // The value in 万元 to the fen: two decimals, exactly what the table shows.
      return Number(cellText(cell, { grouping: false }));
    case "ratio":
      return cell.text === null ? "—" : Number(cell.text);
    case "none":
      return "—";
  }
}

export async function reportXlsx(view: ReportView): Promise<Buffer> {
  const filed = new Date(view.filedAt);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = filingOrganisation();
  workbook.created = filed;
  workbook.modified = filed;
  const notes = reportNotes(view.layout);
  for (const [index, table] of reportTables(view.data, view.layout).entries()) {
    const sheet = workbook.addWorksheet(table.name);
    const withUnitColumn = table.rows[0]?.unit !== undefined;
    const width = table.headerRows[0]!.length;
    sheet.addRow([titleOf(view)]);
    sheet.mergeCells(1, 1, 1, width);
    sheet.getRow(1).font = { bold: true, size: 14 };
    sheet.getRow(1).alignment = { horizontal: "center" };
    sheet.addRow(infoLine(view));
    for (const header of table.headerRows) {
      const row = sheet.addRow(header);
      row.font = { bold: true };
      row.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    }
    const firstHeader = 3;
    const lastHeader = firstHeader + table.headerRows.length - 1;
    if (table.headerRows.length > 1) {
      sheet.mergeCells(firstHeader, 1, lastHeader, 1);
      for (const span of groupSpans(table.headerRows).slice(1)) {
        if (!span.grouped) sheet.mergeCells(firstHeader, span.start + 1, firstHeader + 1, span.start + 1);
        else if (span.end > span.start) sheet.mergeCells(firstHeader, span.start + 1, firstHeader, span.end + 1);
      }
    }
    for (const tableRow of table.rows) {
      const values = tableRow.cells.map(xlsxValue);
      const row = sheet.addRow(tableRow.unit === undefined ? [tableRow.label, ...values] : [tableRow.label, tableRow.unit, ...values]);
      const offset = tableRow.unit === undefined ? 2 : 3;
      tableRow.cells.forEach((cell, k) => {
        row.getCell(offset + k).numFmt = cell.kind === "ratio" && cell.decimals === 1 ? "0.0" : NUMBER_FORMAT[cell.kind];
        row.getCell(offset + k).alignment = { horizontal: "right" };
      });
      if (tableRow.total) row.font = { bold: true };
    }
    /** A note spans the table's width and wraps. */
    const addNote = (text: string) => {
      const row = sheet.addRow([text]);
      sheet.mergeCells(row.number, 1, row.number, width);
      row.alignment = { wrapText: true, vertical: "top" };
      row.height = 32;
    };
    for (const note of table.notes ?? []) addNote(`注：${note}`);
    // The report's notes go under the first table (总表), which carries the indicators they explain.
    if (index === 0 && notes.length) {
      sheet.addRow([]);
      sheet.addRow(["说明"]).font = { bold: true };
      for (const note of notes) addNote(note);
    }
    sheet.getColumn(1).width = withUnitColumn ? 22 : 28;
    for (let c = 2; c <= width; c++) sheet.getColumn(c).width = withUnitColumn && c === 2 ? 8 : 14;
    sheet.views = [{ state: "frozen", xSplit: 1, ySplit: lastHeader }];
    sheet.pageSetup = { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  }
  const written = Buffer.from(await workbook.xlsx.writeBuffer());
  return stampZipEntries(written, filed);
}

/** exceljs dates every zip entry with the current time; re-zip with the filing date instead. */
async function stampZipEntries(xlsx: Buffer, date: Date): Promise<Buffer> {
  const source = await JSZip.loadAsync(xlsx);
  const target = new JSZip();
  for (const name of Object.keys(source.files).sort()) {
    const entry = source.files[name]!;
    if (entry.dir) continue;
    target.file(name, await entry.async("uint8array"), { date, createFolders: false });
  }
  return target.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 } });
}

const FORMATS = {
  csv: { type: "text/csv; charset=utf-8", write: async (view: ReportView) => reportCsv(view) },
  xlsx: { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", write: reportXlsx },
} as const;

/**
 * The download of month M's report (its latest state, or an earlier frozen revision): a file whose
 * name says the month, the revision and whether it is a draft.
 */
export async function reportDownload(view: ReportView, format: keyof typeof FORMATS): Promise<Response> {
  const body = await FORMATS[format].write(view);
  const revision = view.state.kind === "draft" ? "" : `-第${view.state.revision.revision}版`;
  const draft = view.state.kind === "frozen" ? "" : "-草稿";
  const filename = `${reportTitle(view.data.month)}${revision}${draft}.${format}`;
  return downloadResponse(body, FORMATS[format].type, `report-${view.data.month}.${format}`, filename);
}
