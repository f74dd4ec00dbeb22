/** Applies the committed drizzle migrations; safe to call on every start. */
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { openDatabase, type AppDatabase } from "./connection";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../drizzle", import.meta.url));

/**
 * Foreign keys are off while migrating: a migration that rebuilds a table other tables point to (drizzle-kit's
 * `__new_…` copy) drops the old one, which with them on deletes, or refuses, every row pointing at it; and
 * the migrations run in one transaction, where the `PRAGMA foreign_keys=OFF` they carry does nothing.
 * Afterwards every reference is checked: a migration that leaves one dangling fails the start.
 */
export function migrateDatabase(db: AppDatabase, migrationsFolder = MIGRATIONS_FOLDER): void {
  db.$client.pragma("foreign_keys = OFF");
  try {
    migrate(db, { migrationsFolder });
    const dangling = db.$client.pragma("foreign_key_check") as { table: string; parent: string }[];
    if (dangling.length > 0) {
      const first = dangling[0]!;
      throw new Error(`Migration left ${dangling.length} dangling reference(s), e.g. ${first.table} → ${first.parent}`);
    }
  } finally {
    db.$client.pragma("foreign_keys = ON");
  }
}

/** Opens the database at `path` and brings its schema up to date. */
export function openMigratedDatabase(path: string): AppDatabase {
  const db = openDatabase(path);
  migrateDatabase(db);
  return db;
}
