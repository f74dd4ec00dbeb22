/**
 * The one way to open the database: WAL so readers never wait for the writer, foreign keys on,
 * and a busy timeout so a second writer waits instead of failing with SQLITE_BUSY.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "./schema";

export type AppDatabase = ReturnType<typeof openDatabase>;
/** The drizzle handle or a transaction on it: services accept either. */
export type Tx = Parameters<Parameters<AppDatabase["transaction"]>[0]>[0] | AppDatabase;

export const DEFAULT_DATABASE_PATH = "data/xyd.sqlite";

export function databasePathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
}

export function openDatabase(path: string) {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
  sqlite.pragma("synchronous = NORMAL");
  return drizzle(sqlite, { schema });
}

/** The SQLite error behind a failure, whether drizzle threw it as is or wrapped it (raw `sql` runs). */
export function sqliteErrorOf(error: unknown): InstanceType<typeof Database.SqliteError> | null {
  if (error instanceof Database.SqliteError) return error;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof Database.SqliteError ? cause : null;
}

/**
 * A transaction that reads and then writes. It takes the write lock at BEGIN (IMMEDIATE), so a
 * second writer waits its turn under the busy timeout instead of failing with SQLITE_BUSY when its
 * read snapshot turns out stale. Called inside an open transaction (the demo seed runs every step in
 * one), better-sqlite3 makes it a savepoint instead: its work commits or rolls back with the outer one.
 */
export function writeTransaction<T>(db: AppDatabase, work: (tx: Parameters<Parameters<AppDatabase["transaction"]>[0]>[0]) => T): T {
  return db.transaction(work, { behavior: "immediate" });
}
