/**
 * A month's report and dashboard, kept once computed until the data they read changes. The key comes
 * from the database, not from this process: the sum of report_versions up to the month (raised by
 * triggers in the transaction of every write that can change the month's numbers, whichever process
 * makes it; db/schema/statistics.ts) and the working-day calendar's version. Both only grow, so a key
 * seen again means the same data.
 *
 * Only months that have ended are kept: the service levels of the current month depend on the clock.
 */
import { monthOf } from "~/lib/time";
import type { AppDatabase } from "~db/connection";
import { workingCalendar } from "./calendar.server";

type Entry = { key: string; value: unknown };

/** Per database handle, one entry per kind and month: an older key never comes back. */
const kept = new WeakMap<AppDatabase, Map<string, Entry>>();

/** Enough for two years of dashboards and reports; the oldest stored goes first. */
const MAX_ENTRIES = 64;

const VERSION_UP_TO = "SELECT coalesce(sum(version), 0) FROM report_versions WHERE month <= ?";

function keyOf(db: AppDatabase, month: string): string {
  const version = db.$client.prepare(VERSION_UP_TO).pluck().get(month) as number;
  return `${version}:${workingCalendar(db).version}`;
}

/**
 * `compute()` for `month`, or what it gave last time if nothing it reads has changed since. The key and
 * the numbers are read in one transaction, so they come from the same snapshot. Inside a transaction
 * already open, it computes afresh: that transaction may hold writes not committed.
 */
export function keptUntilChanged<T>(db: AppDatabase, kind: string, month: string, now: number, compute: () => T): T {
  if (month >= monthOf(now) || db.$client.inTransaction) return compute();
  return db.$client.transaction(() => {
    const entries = kept.get(db) ?? kept.set(db, new Map()).get(db)!;
    const id = `${kind}:${month}`;
    const key = keyOf(db, month);
    const entry = entries.get(id);
    if (entry?.key === key) return entry.value as T;
    const value = compute();
    entries.delete(id);
    entries.set(id, { key, value });
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    return value;
  })();
}
