/**
 * Credit-data files as providers deliver them: CSV (UTF-8 with or without BOM, or GBK/GB18030 as
 * Chinese utilities export it) or XLSX, with Chinese or English column headers. Both are read as
 * streams that give the event loop a turn every few thousand rows, so a 100k-row file does not hold
 * the server for seconds.
 *
 * Between preview and import the parsed rows are staged in files next to the database
 * (docs/decisions/007-credit-upload-staging-and-import-worker.md).
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { parse as parseCsv } from "csv-parse";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import type { BatchKind } from "~/domain/credit";
import { UNREADABLE_MESSAGE } from "~/lib/text";
import { FIELD_LABELS, REQUIRED_FIELDS } from "~/lib/validation/credit";
import { MAX_BATCH_BYTES, MAX_BATCH_ROWS, type UploadOptions } from "~/lib/validation/credit-batches";
import type { AppDatabase } from "~db/connection";
import { fail, type Outcome, type Refused } from "./outcome";

export type CellValue = string | number | boolean;
export type CreditRow = Record<string, CellValue>;
/** A column of the file and the field it fills (null: not recognised, ignored). */
export type HeaderMapping = { header: string; field: string | null };

export type ParsedCreditFile = {
  format: "csv" | "xlsx";
  /** How a CSV was decoded; null for XLSX. */
  encoding: "utf-8" | "gb18030" | null;
  mapping: HeaderMapping[];
  rows: CreditRow[];
  /** Each row's number as the spreadsheet shows it (the header is row 1; blank rows are left out). */
  rowNumbers: number[];
};

/** A file read into rows, or why it cannot be read: a refusal about the upload form's file field. */
type ParseResult = Outcome<{ file: ParsedCreditFile }>;

function unreadableFile(message: string): Refused {
  return fail(400, message, { field: "file" });
}

export const FILE_TOO_LARGE = `文件超过 ${MAX_BATCH_BYTES / 1024 / 1024} MB，请拆分后分批上传`;
const TOO_MANY_ROWS = `文件超过 ${MAX_BATCH_ROWS.toLocaleString("en-US")} 行数据，请拆分后分批上传`;
const SLICE = 64 * 1024;
/** Rows read between two turns of the event loop. */
const ROWS_PER_TURN = 2_000;

/**
 * Lets other requests run. A stream's async iterator continues on microtasks while data is buffered,
 * which never gives timers and sockets a turn, so a large file would hold the server for seconds.
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** "应缴金额（元）", "Paid_Fen " and "paidFen" all name the same field. */
function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, "")
    .trim()
    .replace(/\s*[（(][^（）()]*[)）]$/, "")
    .toLowerCase();
}

const FIELD_BY_HEADER = new Map<string, string>(
  Object.entries(FIELD_LABELS).flatMap(([field, label]) => [
    [normalizeHeader(label), field],
    [normalizeHeader(field), field],
  ]),
);

function mapHeaders(headers: string[]): Outcome<{ mapping: HeaderMapping[] }> {
  const mapping = headers.map((header) => ({
    header: header.replace(/^\uFEFF/, "").trim(),
    field: FIELD_BY_HEADER.get(normalizeHeader(header)) ?? null,
  }));
  const seen = new Set<string>();
  for (const { header, field } of mapping) {
    if (field === null) continue;
    if (seen.has(field)) return unreadableFile(`表头中“${FIELD_LABELS[field]}”列出现了两次（“${header}”），请删除重复的列`);
    seen.add(field);
  }
  if (!seen.has("uscc")) return unreadableFile("第1行应为表头，且须包含“统一社会信用代码”列");
  return { ok: true, mapping };
}

/** The fields a file must have columns for, given what the upload form already says. */
export function requiredColumns(kind: BatchKind, options: Pick<UploadOptions, "source" | "month">): string[] {
  switch (kind) {
    case "monthly":
      return ["uscc", ...(options.source ? REQUIRED_FIELDS[options.source] : ["source"]), ...(options.month ? [] : ["month"])];
    case "tax_grade":
      return ["uscc", "year", "grade"];
    case "event":
      return ["uscc", "kind", "occurredOn", "reference", "authority", "description"];
    case "registry":
      return ["uscc", "name", "legalRepName", "status"];
  }
}

/** Labels of required fields the file has no column for. */
export function missingColumns(mapping: HeaderMapping[], required: string[]): string[] {
  const present = new Set(mapping.map((m) => m.field));
  return required.filter((f) => !present.has(f)).map((f) => FIELD_LABELS[f] ?? f);
}

/** Collects rows keyed by field, leaving out blank cells (so the form's source and month apply) and blank rows. */
class RowCollector {
  rows: CreditRow[] = [];
  rowNumbers: number[] = [];
  constructor(private mapping: HeaderMapping[]) {}

  /** False once the file has more rows than a batch may hold. */
  add(rowNumber: number, cells: (CellValue | null)[]): boolean {
    const row: CreditRow = {};
    let any = false;
    this.mapping.forEach(({ field }, i) => {
      const value = cells[i];
      if (field === null || value === null || value === undefined || (typeof value === "string" && value.trim() === "")) return;
      row[field] = typeof value === "string" ? value.trim() : value;
      any = true;
    });
    if (!any) return true;
    this.rows.push(row);
    this.rowNumbers.push(rowNumber);
    return this.rows.length <= MAX_BATCH_ROWS;
  }
}

function decodeCsv(bytes: Uint8Array): { text: string; encoding: "utf-8" | "gb18030" } {
  try {
    // Strict UTF-8 first (the decoder drops a BOM); GB18030 is a superset of GBK.
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), "gb18030"), encoding: "gb18030" };
  }
}

function* slices(text: string) {
  for (let i = 0; i < text.length; i += SLICE) yield text.slice(i, i + SLICE);
}

async function parseCsvFile(bytes: Uint8Array): Promise<ParseResult> {
  const { text, encoding } = decodeCsv(bytes);
  // Bytes that are neither UTF-8 nor GBK decode as U+FFFD: refused, so no value is stored with characters lost.
  const unreadable = text.indexOf("\uFFFD");
  if (unreadable !== -1) {
    const line = text.slice(0, unreadable).split("\n").length;
    return unreadableFile(`文件第${line}行${UNREADABLE_MESSAGE}（CSV 应为 UTF-8 或 GBK 编码）`);
  }
  const parser = Readable.from(slices(text)).pipe(parseCsv({ relax_column_count: true, skip_empty_lines: false, bom: true }));
  let collector: RowCollector | null = null;
  let mapping: HeaderMapping[] = [];
  let rowNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNumber += 1;
      if (collector === null) {
        const mapped = mapHeaders(record);
        if (!mapped.ok) return mapped;
        mapping = mapped.mapping;
        collector = new RowCollector(mapping);
      } else if (!collector.add(rowNumber, record)) {
        return unreadableFile(TOO_MANY_ROWS);
      }
      if (rowNumber % ROWS_PER_TURN === 0) await nextTurn();
    }
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return unreadableFile(`CSV 文件格式有误${line ? `（第 ${line} 行附近）` : ""}：请检查引号是否成对，或用 Excel 重新另存为 CSV`);
  } finally {
    parser.destroy();
  }
  if (collector === null) return unreadableFile("文件是空的");
  return { ok: true, file: { format: "csv", encoding, mapping, rows: collector.rows, rowNumbers: collector.rowNumbers } };
}

function pad2(n: number) {
  return String(n).padStart(2, "0");
}

/** A cell as text or a number; Excel dates become YYYY-MM-DD (YYYY-MM in the month column). */
function xlsxCell(value: unknown, field: string | null): CellValue | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    const month = `${value.getUTCFullYear()}-${pad2(value.getUTCMonth() + 1)}`;
    return field === "month" ? month : `${month}-${pad2(value.getUTCDate())}`;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "object") {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (v.richText) return v.richText.map((r) => r.text).join("");
    if ("result" in v) return xlsxCell(v.result, field);
    if (typeof v.text === "string") return v.text;
  }
  return String(value);
}

async function parseXlsxFile(bytes: Uint8Array): Promise<ParseResult> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  let collector: RowCollector | null = null;
  let mapping: HeaderMapping[] = [];
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        // row.values is 1-based and sparse (empty cells are holes).
        const raw = row.values as unknown[];
        const values = Array.from({ length: Math.max(0, raw.length - 1) }, (_, i) => raw[i + 1]);
        if (collector === null) {
          if (row.number !== 1) return unreadableFile("工作表第1行应为表头");
          const mapped = mapHeaders(values.map((v) => String(xlsxCell(v, null) ?? "")));
          if (!mapped.ok) return mapped;
          mapping = mapped.mapping;
          collector = new RowCollector(mapping);
        } else if (
          !collector.add(
            row.number,
            mapping.map((m, i) => xlsxCell(values[i], m.field)),
          )
        ) {
          return unreadableFile(TOO_MANY_ROWS);
        }
        if (row.number % ROWS_PER_TURN === 0) await nextTurn();
      }
      break; // only the first worksheet holds data
    }
  } catch {
    return unreadableFile("无法读取该 Excel 文件，请确认是 .xlsx 格式且未加密");
  }
  if (collector === null) return unreadableFile("工作表是空的");
  return { ok: true, file: { format: "xlsx", encoding: null, mapping, rows: collector.rows, rowNumbers: collector.rowNumbers } };
}

/** Reads an uploaded file into rows keyed by field name, or says in zh-CN why it cannot. */
export async function parseCreditFile(bytes: Uint8Array, filename: string): Promise<ParseResult> {
  if (bytes.byteLength > MAX_BATCH_BYTES) return unreadableFile(FILE_TOO_LARGE);
  if (bytes.byteLength === 0) return unreadableFile("文件是空的");
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b; // "PK": an XLSX is a zip archive
  const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf; // the old binary .xls
  if (ole || /\.xls$/i.test(filename)) return unreadableFile("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV");
  if (zip) return parseXlsxFile(bytes);
  if (/\.xlsx$/i.test(filename)) return unreadableFile("无法读取该 Excel 文件，请确认是 .xlsx 格式且未加密");
  return parseCsvFile(bytes);
}

// ---- staging between preview and import ------------------------------------------------------------

export type StagedUpload = {
  id: string;
  ownerUserId: string;
  createdAt: number;
  filename: string;
  options: UploadOptions;
  rowCount: number;
};

const STAGED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A preview nobody confirmed is dropped after a day. */
const STAGED_TTL_MS = 24 * 3600 * 1000;

export function stagingDirFor(databasePath: string): string {
  return join(dirname(resolve(databasePath)), "staged-uploads");
}

/** Where this database's uploads wait between preview and import: `staged-uploads/` beside its file. */
export function uploadStagingDir(db: AppDatabase): string {
  return stagingDirFor(db.$client.name);
}

/** The file holding a staged upload's rows, as the import worker reads it. */
export function stagedRowsPath(dir: string, id: string): string {
  return join(dir, `${id}.rows.json`);
}

export async function stageUpload(
  dir: string,
  meta: Omit<StagedUpload, "id" | "rowCount">,
  file: Pick<ParsedCreditFile, "rows" | "rowNumbers">,
): Promise<StagedUpload> {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (meta.createdAt - statSync(path).mtimeMs > STAGED_TTL_MS) rmSync(path, { force: true });
  }
  const staged: StagedUpload = { ...meta, id: randomUUID(), rowCount: file.rows.length };
  // The rows as StagedRows JSON, written a slice at a time: one JSON.stringify of 100k rows holds the server.
  const slices: string[] = [];
  for (let i = 0; i < file.rows.length; i += ROWS_PER_TURN) {
    slices.push(
      file.rows
        .slice(i, i + ROWS_PER_TURN)
        .map((row) => JSON.stringify(row))
        .join(","),
    );
    await nextTurn();
  }
  await writeFile(stagedRowsPath(dir, staged.id), `{"rows":[${slices.join(",")}],"rowNumbers":${JSON.stringify(file.rowNumbers)}}`);
  await writeFile(join(dir, `${staged.id}.json`), JSON.stringify(staged));
  return staged;
}

/** The staged upload with this id, if it exists and belongs to this user. */
export function loadStagedUpload(dir: string, id: string, ownerUserId: string): StagedUpload | null {
  if (!STAGED_ID.test(id)) return null;
  try {
    const staged = JSON.parse(readFileSync(join(dir, `${id}.json`), "utf8")) as StagedUpload;
    return staged.ownerUserId === ownerUserId ? staged : null;
  } catch {
    return null;
  }
}

export function discardStagedUpload(dir: string, id: string): void {
  if (!STAGED_ID.test(id)) return;
  rmSync(join(dir, `${id}.json`), { force: true });
  rmSync(stagedRowsPath(dir, id), { force: true });
}
