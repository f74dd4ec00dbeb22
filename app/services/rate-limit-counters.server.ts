/**
 * The rate limits' counters in the database (db/schema/rate-limits.ts): every server process reads
 * and counts the same attempts, and a restart does not forget them. A count is read and written in one
 * IMMEDIATE transaction, so attempts sent at once to different processes are counted one after another.
 */
import type { Counter, CounterStore } from "~/lib/rate-limit";
import type { AppDatabase } from "~db/connection";

type Row = { count: number; at: number; expires_at: number };

export class DatabaseCounterStore implements CounterStore {
  /** `database` is asked for the connection on each use: the portal opens it on first use (app/db.server.ts). */
  constructor(
    private readonly limiter: string,
    private readonly database: () => AppDatabase,
  ) {}

  private get sqlite() {
    return this.database().$client;
  }

  get(key: string): Counter | undefined {
    const row = this.sqlite
      .prepare("SELECT count, at, expires_at FROM rate_limit_counters WHERE limiter = ? AND key = ?")
      .get(this.limiter, key) as Row | undefined;
    return row && { count: row.count, at: row.at, expiresAt: row.expires_at };
  }

  set(key: string, counter: Counter): void {
    this.sqlite
      .prepare(
        `INSERT INTO rate_limit_counters (limiter, key, count, at, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (limiter, key) DO UPDATE SET count = excluded.count, at = excluded.at, expires_at = excluded.expires_at`,
      )
      .run(this.limiter, key, counter.count, counter.at, counter.expiresAt);
  }

  delete(key: string): void {
    this.sqlite.prepare("DELETE FROM rate_limit_counters WHERE limiter = ? AND key = ?").run(this.limiter, key);
  }

  atomically<T>(step: () => T): T {
    return this.sqlite.transaction(step).immediate();
  }
}

/** Deletes counters past their expiry (run by the maintenance sweep). */
export function pruneRateLimitCounters(db: AppDatabase, now: number): number {
  return db.$client.prepare("DELETE FROM rate_limit_counters WHERE expires_at <= ?").run(now).changes;
}
