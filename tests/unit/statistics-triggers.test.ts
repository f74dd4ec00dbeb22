/**
 * The statistics measures are described once (app/domain/statistics-measures.ts, db/statistics/facts.ts):
 * the committed trigger migration must be what the generator writes from that description, and every
 * other list of the measures must agree with it, names and order.
 */
import { getTableColumns } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { MEASURE_COLUMNS, MEASURE_DEFINITIONS } from "~/domain/statistics-measures";
import { MEASURES } from "~/lib/statistics";
import { statCells, STAT_DIMENSIONS } from "~db/schema/statistics";
import { BACKFILLS, ENTERPRISE_DIMENSIONS, FACTS } from "~db/statistics/facts";
import { generateStatisticsTriggers, measureColumnsOf, objectsCreatedBy, tablesFeeding } from "~db/statistics/generate-triggers";
import { latestTriggerMigration, snapshotStatCellsColumns } from "~db/statistics/migrations";

const names = MEASURE_DEFINITIONS.map((m) => m.name);
const columns = MEASURE_DEFINITIONS.map((m) => m.column);
const { latest, previous } = latestTriggerMigration();

describe("the statistics trigger migration", () => {
  it("is what db/statistics generates from the description", () => {
    // Fails when the description changed without `npm run db:statistics`, or the migration was edited by hand.
    expect(latest.sql, `drizzle/${latest.tag}.sql is not what db/statistics generates: run \`npm run db:statistics\``).toBe(
      generateStatisticsTriggers(previous),
    );
  });

  it("writes its month's total cell in every statement that writes a cell (report_versions watches only that cell)", () => {
    const triggers = latest.sql.split("--> statement-breakpoint").filter((statement) => statement.includes("CREATE TRIGGER"));
    const writes = triggers.flatMap((trigger) => trigger.split("INSERT INTO stat_cells").slice(1));
    expect(writes.length).toBeGreaterThan(0);
    for (const write of writes) expect(write.split("ON CONFLICT")[0]).toContain("(SELECT 'total' AS dim, '' AS key");
  });

  it("adds into every measure's column, in order", () => {
    expect(measureColumnsOf(latest.sql)).toEqual(columns);
  });

  it("re-counts a row when any column its statistics read is updated", () => {
    const sql = generateStatisticsTriggers(previous);
    for (const fact of FACTS) {
      const body = new RegExp(`CREATE TRIGGER \`stat_${fact.table}_insert\`[\\s\\S]*?\\nEND;`).exec(sql)![0];
      const read = new Set([...body.matchAll(/\bNEW\.(\w+)/g)].map((m) => m[1]!));
      const unwatched = [...read].filter((c) => c !== "id" && !fact.watch.includes(c) && !fact.immutable?.some((i) => i.column === c));
      expect(unwatched, `${fact.table}: columns read but not in watch`).toEqual([]);
      expect(
        fact.watch.filter((c) => !read.has(c)),
        `${fact.table}: watched columns never read`,
      ).toEqual([]);
    }
  });
});

describe("the measures", () => {
  it("are listed once: MEASURES, the engine's columns and stat_cells follow the description", () => {
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(columns).size).toBe(columns.length);
    expect([...MEASURES]).toEqual(names);
    expect(Object.keys(MEASURE_COLUMNS)).toEqual(names);
    expect(Object.values(MEASURE_COLUMNS)).toEqual(columns);
    const table = getTableColumns(statCells);
    expect(Object.keys(table)).toEqual(["month", "dim", "key", ...names]);
    expect(Object.values(table).map((c) => c.name)).toEqual(["month", "dim", "key", ...columns]);
  });

  it("have their columns in the committed migrations (drizzle-kit has nothing to add)", () => {
    expect(snapshotStatCellsColumns()).toEqual(["month", "dim", "key", ...columns]);
  });

  it("are each fed by some fact, and the backfills name described measures", () => {
    for (const m of names) expect(tablesFeeding(m), m).not.toEqual([]);
    for (const m of Object.keys(BACKFILLS)) expect(names).toContain(m);
    for (const d of ENTERPRISE_DIMENSIONS) expect(STAT_DIMENSIONS).toContain(d.dim);
  });
});

describe("the next trigger migration", () => {
  /** The latest migration as if it had not known `column` yet. */
  const without = (column: string) => ({
    tag: latest.tag,
    sql: latest.sql
      .replaceAll(`, ${column} = ${column} + excluded.${column}`, "")
      .replaceAll(`${column} = ${column} + excluded.${column}, `, ""),
  });

  it("drops what the latest one created, then creates the same view and triggers", () => {
    const next = generateStatisticsTriggers(latest);
    const statements = next.split("\n--> statement-breakpoint\n");
    const created = objectsCreatedBy(latest.sql);
    expect(statements.slice(0, created.length).map((s) => s.replace(/^(--.*\n)*/, ""))).toEqual([
      ...created.filter((o) => o.type === "TRIGGER").map((o) => `DROP TRIGGER IF EXISTS \`${o.name}\`;`),
      ...created.filter((o) => o.type === "VIEW").map((o) => `DROP VIEW IF EXISTS \`${o.name}\`;`),
    ]);
    expect(statements[0]).toContain(`-- Replaces the view and triggers of ${latest.tag}.`);
    expect(objectsCreatedBy(next)).toEqual(objectsCreatedBy(generateStatisticsTriggers()));
    // Nothing new to backfill.
    expect(next).not.toContain("existed before this migration");
  });

  it("backfills a measure the latest one did not have", () => {
    const next = generateStatisticsTriggers(without("institutions_delta"));
    expect(next).toContain(`-- Replaces the view and triggers of ${latest.tag}; measures added since: institutions_delta.`);
    expect(next).toMatch(
      /-- Cells for the institutions that existed before this migration\.\nINSERT INTO stat_cells \(month, dim, key, institutions_delta\)/,
    );
    expect(next.trimEnd().endsWith(`DO UPDATE SET ${columns.map((c) => `${c} = ${c} + excluded.${c}`).join(", ")};`)).toBe(true);
  });

  it("refuses a new measure without a backfill that adds into existing cells", () => {
    expect(() => generateStatisticsTriggers(without("npl_delta"))).toThrow(/nplDelta need a backfill/);
    expect(() => generateStatisticsTriggers(without("enterprises_new"))).toThrow(/enterprisesNew must merge/);
  });
});
