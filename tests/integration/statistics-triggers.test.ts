/**
 * The statistics triggers in force in a migrated database are those of the latest trigger migration
 * (no later migration dropped or changed them, as rebuilding a fact table would), the backfills give
 * the cells the triggers keep, and the next trigger migration the generator would write can replace the
 * triggers on a database full of facts without changing a cell.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MEASURE_DEFINITIONS } from "~/domain/statistics-measures";
import { openDatabase } from "~db/connection";
import { migrateDatabase } from "~db/migrate";
import { backfillSql, generateStatisticsTriggers, objectsCreatedBy } from "~db/statistics/generate-triggers";
import { FACTS } from "~db/statistics/facts";
import { DRIZZLE_DIR, latestTriggerMigration } from "~db/statistics/migrations";
import { createTestDatabase } from "../support/db";
import { buildAfterLoanMonths } from "../support/after-loan-city";
import { buildHandMadeCity } from "../support/hand-made-city";
import { comparable, enginePeriods, referencePeriods } from "../support/statistics-reference";

const { latest, previous } = latestTriggerMigration();
const BREAKPOINT = "\n--> statement-breakpoint\n";

/** The CREATE statements of a migration as SQLite keeps them: from CREATE, without the semicolon. */
function createStatements(sql: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const statement of sql.split(BREAKPOINT)) {
    const name = /^CREATE (?:TRIGGER|VIEW) `([^`]+)`/m.exec(statement)?.[1];
    if (name !== undefined) out.set(name, statement.slice(statement.indexOf("CREATE")).trimEnd().replace(/;$/, ""));
  }
  return out;
}

type AnyRow = Record<string, unknown>;

describe("the statistics triggers in a migrated database", () => {
  const { db } = createTestDatabase();
  const city = buildHandMadeCity(db);
  const { f } = city;
  buildAfterLoanMonths(city);
  const schemaObjects = () =>
    new Map(
      (
        db.$client.prepare("SELECT name, sql FROM sqlite_master WHERE type IN ('trigger', 'view')").all() as { name: string; sql: string }[]
      ).map((r) => [r.name, r.sql]),
    );
  const cells = () => db.$client.prepare("SELECT * FROM stat_cells ORDER BY month, dim, key").all() as AnyRow[];

  it("are exactly those the latest trigger migration creates", () => {
    const inForce = schemaObjects();
    const expected = createStatements(latest.sql);
    expect(expected.size).toBe(objectsCreatedBy(latest.sql).length);
    for (const [name, sql] of expected) expect(inForce.get(name), name).toBe(sql);
    // No statistics trigger left over from elsewhere.
    expect([...inForce.keys()].filter((n) => n.startsWith("stat_") && !expected.has(n))).toEqual([]);
  });

  it("keep the cells that each backfill gives from the same facts", () => {
    for (const { name, column } of MEASURE_DEFINITIONS) {
      const backfill = backfillSql(name);
      if (backfill === undefined) continue;
      const read = () =>
        db.$client.prepare(`SELECT month, dim, key, ${column} AS v FROM stat_cells WHERE ${column} != 0 ORDER BY 1, 2, 3`).all();
      const kept = read();
      expect(kept.length, name).toBeGreaterThan(0);
      db.$client.exec("SAVEPOINT backfill");
      try {
        db.$client.exec("DELETE FROM stat_cells");
        db.$client.exec(backfill);
        expect(read(), name).toEqual(kept);
      } finally {
        db.$client.exec("ROLLBACK TO backfill; RELEASE backfill");
      }
    }
  });

  it("are replaced by the next trigger migration without a cell changing, and still count", () => {
    const before = cells();
    const next = generateStatisticsTriggers(latest);
    db.$client.transaction(() => {
      for (const statement of next.split(BREAKPOINT)) db.$client.prepare(statement).run();
    })();
    expect(cells()).toEqual(before);
    const inForce = schemaObjects();
    for (const [name, sql] of createStatements(generateStatisticsTriggers())) expect(inForce.get(name), name).toBe(sql);

    const total = () => db.$client.prepare("SELECT sum(enterprises_new) AS n FROM stat_cells WHERE dim = 'total'").get() as { n: number };
    const n = total().n;
    f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2026-04-02 10:00" });
    expect(total().n).toBe(n + 1);
  });
});

/**
 * Where a database "written before the latest trigger migration" stops: just before it, or before an
 * earlier migration of the same release that rebuilds a fact table — that rebuild drops the table's
 * triggers until the trigger migration puts them back, and no database is ever written in between.
 */
function cutBefore(tags: string[]): number {
  const latestAt = tags.indexOf(latest.tag);
  const previousAt = previous === undefined ? -1 : tags.indexOf(previous.tag);
  for (let i = previousAt + 1; i < latestAt; i++) {
    const sql = readFileSync(join(DRIZZLE_DIR, `${tags[i]}.sql`), "utf8");
    if (FACTS.some((f) => sql.includes(`CREATE TABLE \`__new_${f.table}\``))) return i;
  }
  return latestAt;
}

describe("a database written before the latest trigger migration", () => {
  // The first trigger migration ran on a database without facts; a later one (a measure added) runs on
  // a city's worth of them, which its backfills must count.
  it.skipIf(previous === undefined)("counts its facts as the reference does once migrated", () => {
    const dir = mkdtempSync(join(tmpdir(), "xyd-statistics-upgrade-"));
    try {
      const before = join(dir, "drizzle");
      cpSync(DRIZZLE_DIR, before, { recursive: true });
      const journalPath = join(before, "meta", "_journal.json");
      const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
      journal.entries = journal.entries.slice(0, cutBefore(journal.entries.map((e) => e.tag)));
      writeFileSync(journalPath, JSON.stringify(journal));
      const db = openDatabase(join(dir, "city.sqlite"));
      migrateDatabase(db, before);
      buildHandMadeCity(db);
      migrateDatabase(db);
      for (const month of ["2025-12", "2026-02", "2026-03", "2026-04"]) {
        expect(comparable(enginePeriods(db, month)), month).toEqual(comparable(referencePeriods(db, month)));
      }
      db.$client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
