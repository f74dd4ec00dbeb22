/** The application's database handle, opened on first use from DATABASE_PATH. */
import { databasePathFromEnv, openDatabase, type AppDatabase } from "~db/connection";

let db: AppDatabase | undefined;

export function getDb(): AppDatabase {
  db ??= openDatabase(databasePathFromEnv());
  return db;
}
