/**
 * The one way to open the database: WAL so readers never wait for the writer, foreign keys on,
 * a busy timeout so a second writer waits instead of failing with SQLITE_BUSY, and compiled
 * statements kept for reuse.
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

/** Distinct SQL texts kept compiled per connection; past it the least recently used one is dropped. */
const STATEMENTS_KEPT = 500;

/**
 * Makes `sqlite.prepare` hand back the statement it compiled for the same SQL before. Drizzle and the
 * services prepare every query each time they run it, and compiling costs more than running most of
 * them (an insert into a table with triggers compiles every trigger too). Only the compiled program is
 * kept, never a result: each run reads the database afresh, and SQLite recompiles a statement by itself
 * when another process changed the schema. A kept statement comes back in its default modes (callers
 * set raw, pluck … on what they get); one still being iterated is not handed out twice.
 */
function keepCompiledStatements(sqlite: Database.Database): void {
  const compile = sqlite.prepare.bind(sqlite);
  const kept = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const statement = kept.get(source);
    if (statement && !statement.busy) {
      kept.delete(source);
      kept.set(source, statement);
      if (statement.reader) statement.raw(false).pluck(false).expand(false);
      return statement.safeIntegers(false);
    }
    const compiled = compile(source);
    if (statement) return compiled;
    kept.set(source, compiled);
    if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
    return compiled;
  }) as typeof sqlite.prepare;
}

export function openDatabase(path: string) {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  keepCompiledStatements(sqlite);
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
