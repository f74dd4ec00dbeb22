/** Applies the committed drizzle migrations; safe to call on every start. */
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { openDatabase, type AppDatabase } from "./connection";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../drizzle", import.meta.url));

export function migrateDatabase(db: AppDatabase): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

/** Opens the database at `path` and brings its schema up to date. */
export function openMigratedDatabase(path: string): AppDatabase {
  const db = openDatabase(path);
  migrateDatabase(db);
  return db;
}
