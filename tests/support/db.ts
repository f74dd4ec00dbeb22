/** A freshly migrated database of the test file's own, never the demo database. */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { openDatabase, type AppDatabase } from "~db/connection";

export function createTestDatabase(): { db: AppDatabase; path: string } {
  const path = join(inject("testDatabaseDir"), `${randomUUID()}.sqlite`);
  copyFileSync(inject("templateDatabasePath"), path);
  return { db: openDatabase(path), path };
}

/**
 * Counts every row written to `db` from now on by any connection, except to the tables named (the rate
 * limits' counters, which count refused attempts by design): a refused request must leave the count
 * where it was. Works with triggers on every other table, added to this test database only.
 */
export function watchWrites(db: AppDatabase, except: readonly string[] = ["rate_limit_counters"]): () => number {
  const sqlite = db.$client;
  sqlite.exec(
    "CREATE TABLE IF NOT EXISTS test_writes (n INTEGER NOT NULL); INSERT INTO test_writes SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM test_writes)",
  );
  const tables = (
    sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'test_writes'").all() as {
      name: string;
    }[]
  )
    .map((t) => t.name)
    .filter((name) => !except.includes(name));
  for (const table of tables)
    for (const event of ["INSERT", "UPDATE", "DELETE"])
      sqlite.exec(
        `CREATE TRIGGER IF NOT EXISTS "test_writes_${table}_${event}" AFTER ${event} ON "${table}" BEGIN UPDATE test_writes SET n = n + 1; END`,
      );
  const read = sqlite.prepare("SELECT n FROM test_writes").pluck();
  return () => read.get() as number;
}
