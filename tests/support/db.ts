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
