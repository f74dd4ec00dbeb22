/**
 * CSV and XLSX exports of a monthly report, laid out as app/lib/report-layout.ts says. The same
 * report gives the same bytes every time: nothing depends on the clock but the report's own filing date.
 */
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import {
  cellText,
  columnsFor,
  REPORT_UNIT,
  reportTitle,
  summaryTable,
  type CellValue,
} from "~/lib/report-layout";
import { dateOf } from "~/lib/time";
import { BREAKDOWN_LABELS, BREAKDOWNS, FILING_ORGANISATION, type ReportView } from "./statistics.server";

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
  return [`填报单位：${FILING_ORGANISATION}`, `单位：${REPORT_UNIT}`, `填报日期：${dateOf(view.filedAt)}`, `状态：${reportStatusText(view)}`];
}

type Table = { name: string; headerRows: string[][]; rows: CellValue[][]; labels: string[] };

/** Every table of the report: the summary, then one per breakdown with its 合计 row. */
function tables(view: ReportView): Table[] {
  const summary = summaryTable(view.data.total);
  const out: Table[] = [
    {
      name: "总表",
      headerRows: [["指标", "单位", "本月", "本年累计", "累计"]],
      labels: summary.flows.map((r) => `${r.label}\u0000${r.unit}`),
      rows: summary.flows.map((r) => [r.month, r.ytd, r.cumulative]),
    },
    {
      name: "期末存量",
      headerRows: [["指标", "单位", "本月末", "上月末"]],
      labels: summary.stocks.map((r) => `${r.label}\u0000${r.unit}`),
      rows: summary.stocks.map((r) => [r.end, r.previousEnd]),
    },
  ];
  for (const kind of BREAKDOWNS) {
    const columns = columnsFor(kind);
    const slices = view.data.breakdowns[kind];
    out.push({
      name: BREAKDOWN_LABELS[kind],
      headerRows: [
        ["名称", ...columns.map((c) => c.group ?? c.header)],
        ["", ...columns.map((c) => (c.group ? c.header : ""))],
        ["", ...columns.map((c) => c.unit)],
      ],
      labels: [...slices.map((s) => s.label), "合计"],
      rows: [...slices.map((s) => columns.map((c) => c.value(s.periods))), columns.map((c) => c.value(view.data.total))],
    });
  }
  return out;
}

/** UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly. */
export function reportCsv(view: ReportView): Buffer {
  const lines: string[][] = [[titleOf(view)], infoLine(view), []];
  for (const table of tables(view)) {
    lines.push([table.name]);
    for (const header of table.headerRows) lines.push(header);
    table.rows.forEach((row, i) => {
      const [label, unit] = table.labels[i]!.split("\u0000");
      const cells = row.map((c) => cellText(c, { grouping: false }));
      lines.push(unit === undefined ? [label!, ...cells] : [label!, unit, ...cells]);
    });
    lines.push([]);
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(stringify(lines, { record_delimiter: "\r\n" }), "utf8")]);
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
  workbook.creator = FILING_ORGANISATION;
  workbook.created = filed;
  workbook.modified = filed;
  for (const table of tables(view)) {
    const sheet = workbook.addWorksheet(table.name);
    const withUnitColumn = table.labels[0]?.includes("\u0000") ?? false;
    const width = (withUnitColumn ? 2 : 1) + (table.rows[0]?.length ?? 0);
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
      const [groups, subs] = [table.headerRows[0]!, table.headerRows[1]!];
      sheet.mergeCells(firstHeader, 1, lastHeader, 1);
      let c = 1;
      while (c < groups.length) {
        let end = c;
        if (subs[c] === "") {
          // A column without sub-header: its header spans the group and sub-header rows.
          sheet.mergeCells(firstHeader, c + 1, firstHeader + 1, c + 1);
        } else {
          // A group header (发布需求, 授信 …) spans its sub-columns.
          while (end + 1 < groups.length && groups[end + 1] === groups[c] && subs[end + 1] !== "") end++;
          if (end > c) sheet.mergeCells(firstHeader, c + 1, firstHeader, end + 1);
        }
        c = end + 1;
      }
    }
    table.rows.forEach((cells, i) => {
      const [label, unit] = table.labels[i]!.split("\u0000");
      const values = cells.map(xlsxValue);
      const row = sheet.addRow(unit === undefined ? [label, ...values] : [label, unit, ...values]);
      const offset = unit === undefined ? 2 : 3;
      cells.forEach((cell, k) => {
        row.getCell(offset + k).numFmt = cell.kind === "ratio" && cell.decimals === 1 ? "0.0" : NUMBER_FORMAT[cell.kind];
        row.getCell(offset + k).alignment = { horizontal: "right" };
      });
      if (label === "合计") row.font = { bold: true };
    });
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
