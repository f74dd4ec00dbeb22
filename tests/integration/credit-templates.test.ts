/**
 * The credit-data templates (帮助中心 → 模板下载): each one, CSV and XLSX, read back by the importer
 * maps every column to a field (none ignored, none missing) and its example row imports with nothing
 * rejected into a fresh database.
 */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type * as v from "valibot";
import { BATCH_KINDS, type BatchKind } from "~/domain/credit";
import { COLUMNS_BY_KIND } from "~/lib/validation/credit-batches";
import { eventRowSchema, monthlyRowSchema, registryRowSchema, taxGradeRowSchema } from "~/lib/validation/credit";
import { missingColumns, parseCreditFile, requiredColumns } from "~/services/credit-files.server";
import { ingestBatch } from "~/services/credit-ingest.server";
import { TEMPLATE_FORMATS, templateCsv, templateXlsx } from "~/services/credit-templates.server";
import { createTestDatabase } from "../support/db";
import { createFacts } from "../support/facts";

const EXAMPLE_USCC = "9132050852601815XM";

/** The keys each row schema reads: the template's columns must be these, no more and no fewer. */
function schemaKeys(kind: BatchKind): string[] {
  const now = Date.now();
  const schema = { monthly: monthlyRowSchema, tax_grade: taxGradeRowSchema, event: eventRowSchema, registry: registryRowSchema }[kind](now);
  // The monthly and event schemas are pipes whose first step is the object of columns.
  const object = ("entries" in schema ? schema : (schema as { pipe: readonly unknown[] }).pipe[0]) as v.ObjectSchema<
    v.ObjectEntries,
    undefined
  >;
  return Object.keys(object.entries);
}

async function template(kind: BatchKind, format: (typeof TEMPLATE_FORMATS)[number]) {
  const bytes = format === "csv" ? templateCsv(kind, Date.now()) : await templateXlsx(kind, Date.now());
  const parsed = await parseCreditFile(new Uint8Array(bytes), `template.${format}`);
  if (!parsed.ok) throw new Error(parsed.message);
  return { bytes, file: parsed.file };
}

describe("credit-data templates", () => {
  it("list exactly the columns the importer's row schemas read", () => {
    for (const kind of BATCH_KINDS) expect([...COLUMNS_BY_KIND[kind]].sort(), kind).toEqual(schemaKeys(kind).sort());
  });

  it("write the CSV through the one CSV writer: UTF-8 with a byte-order mark, CRLF", () => {
    const bytes = templateCsv("monthly", Date.now());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString("utf8")).toContain("\r\n");
  });

  it("keep the example row on the first worksheet and the notes on a second", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await templateXlsx("event", Date.now())) as never);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["数据", "填写说明"]);
    expect(workbook.worksheets[0]!.rowCount).toBe(2);
  });

  for (const kind of BATCH_KINDS) {
    for (const format of TEMPLATE_FORMATS) {
      it(`${kind}.${format}: every column is read, none is missing, and the example row imports cleanly`, async () => {
        const { file } = await template(kind, format);
        expect(file.mapping.filter((m) => m.field === null)).toEqual([]);
        expect(file.mapping.map((m) => m.field)).toEqual([...COLUMNS_BY_KIND[kind]]);
        expect(missingColumns(file.mapping, requiredColumns(kind, { source: null, month: null }))).toEqual([]);
        expect(file.rows).toHaveLength(1);

        const { db } = createTestDatabase();
        createFacts(db).enterprise({
          district: "320508",
          industry: "C",
          size: "small",
          registered: "2025-01-01 09:00",
          uscc: EXAMPLE_USCC,
        });
        const report = ingestBatch(
          db,
          { origin: "upload", providerId: null, kind, allowedSources: null, rows: file.rows, rowNumbers: file.rowNumbers },
          Date.now(),
        );
        expect(report.rejections).toEqual([]);
        expect(report).toMatchObject({ status: "applied", rowsAccepted: 1, rowsRejected: 0 });
      });
    }
  }
});
