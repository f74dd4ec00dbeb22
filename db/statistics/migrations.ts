/**
 * The committed migrations as the statistics generator sees them. A trigger migration is one whose
 * journal tag ends in `_statistics_triggers` (the name `npm run db:statistics` gives it); the latest one
 * holds the triggers in force, and must be what the generator writes after the one before it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TriggerMigration } from "./generate-triggers";

export const DRIZZLE_DIR = fileURLToPath(new URL("../../drizzle", import.meta.url));
export const TRIGGER_MIGRATION_NAME = "statistics_triggers";

type JournalEntry = { idx: number; tag: string };

export function journal(dir = DRIZZLE_DIR): JournalEntry[] {
  return (JSON.parse(readFileSync(join(dir, "meta", "_journal.json"), "utf8")) as { entries: JournalEntry[] }).entries;
}

export type CommittedTriggerMigration = TriggerMigration & { readonly path: string };

/** The trigger migrations in the order they run. */
export function triggerMigrations(dir = DRIZZLE_DIR): CommittedTriggerMigration[] {
  return journal(dir)
    .filter((e) => e.tag.endsWith(`_${TRIGGER_MIGRATION_NAME}`))
    .map((e) => {
      const path = join(dir, `${e.tag}.sql`);
      return { tag: e.tag, path, sql: readFileSync(path, "utf8") };
    });
}

/** The latest trigger migration, and the one it replaces (none for the first). */
export function latestTriggerMigration(dir = DRIZZLE_DIR): { latest: CommittedTriggerMigration; previous?: CommittedTriggerMigration } {
  const all = triggerMigrations(dir);
  const latest = all.at(-1);
  if (latest === undefined) throw new Error(`No *_${TRIGGER_MIGRATION_NAME} migration in ${dir}.`);
  return { latest, previous: all.at(-2) };
}

/** The stat_cells columns in drizzle-kit's latest snapshot: what the committed migrations give the table. */
export function snapshotStatCellsColumns(dir = DRIZZLE_DIR): string[] {
  const last = journal(dir).at(-1)!;
  const snapshot = JSON.parse(readFileSync(join(dir, "meta", `${String(last.idx).padStart(4, "0")}_snapshot.json`), "utf8")) as {
    tables: Record<string, { columns: Record<string, unknown> }>;
  };
  return Object.keys(snapshot.tables.stat_cells?.columns ?? {});
}
