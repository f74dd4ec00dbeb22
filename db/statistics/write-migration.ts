/**
 * `npm run db:statistics` — brings the statistics triggers in line with their description
 * (db/statistics/facts.ts, app/domain/statistics-measures.ts); docs/statistics.md.
 *
 * If the latest drizzle/*_statistics_triggers.sql is what the generator writes, there is nothing to do.
 * Otherwise it creates the next migration with `drizzle-kit generate --custom --name statistics_triggers`
 * and writes into it: drop the previous view and triggers, create them anew, backfill new measures.
 * New stat_cells columns must already be in a migration (`npx drizzle-kit generate` first).
 *
 *   --check    only say whether the latest trigger migration is up to date (exit 1 if not)
 *   --print    print the SQL the next migration would hold, write nothing
 *   --force    add a trigger migration even though the latest is up to date: to recreate the triggers
 *              after a migration that rebuilt a fact table (SQLite drops a table's triggers with it)
 *   --replace  rewrite the latest trigger migration in place instead of adding one: only for a migration
 *              made by this command and not yet committed (refused when git HEAD has the file)
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { MEASURE_DEFINITIONS } from "~/domain/statistics-measures";
import { generateStatisticsTriggers } from "./generate-triggers";
import { latestTriggerMigration, snapshotStatCellsColumns, TRIGGER_MIGRATION_NAME, triggerMigrations } from "./migrations";

const args = new Set(process.argv.slice(2));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const show = (path: string) => relative(process.cwd(), path);

function main(): number {
  const unknown = [...args].filter((a) => !["--check", "--print", "--force", "--replace"].includes(a));
  if (unknown.length > 0) {
    console.error(`Unknown option(s) ${unknown.join(" ")}: see db/statistics/write-migration.ts.`);
    return 2;
  }
  const { latest, previous } = latestTriggerMigration();
  if (generateStatisticsTriggers(previous) === latest.sql && !args.has("--force")) {
    console.log(`${show(latest.path)} is what db/statistics generates: nothing to do.`);
    return 0;
  }
  if (args.has("--replace")) {
    const inHead = spawnSync("git", ["cat-file", "-e", `HEAD:drizzle/${latest.tag}.sql`], { cwd: ROOT }).status === 0;
    if (inHead) {
      console.error(`${show(latest.path)} is committed (databases may have run it): not replacing it; run without --replace.`);
      return 1;
    }
    writeFileSync(latest.path, generateStatisticsTriggers(previous));
    console.log(`Rewrote ${show(latest.path)}.`);
    return 0;
  }
  if (args.has("--check")) {
    console.error(`${show(latest.path)} is not what db/statistics generates: run \`npm run db:statistics\`.`);
    return 1;
  }

  const wanted = ["month", "dim", "key", ...MEASURE_DEFINITIONS.map((m) => m.column)];
  const committed = snapshotStatCellsColumns();
  if (committed.join() !== wanted.join()) {
    console.error(
      [
        "stat_cells in the committed migrations does not have the measures' columns yet:",
        `  committed:   ${committed.join(", ")}`,
        `  description: ${wanted.join(", ")}`,
        "Run `npx drizzle-kit generate --name <measure>` first (db/schema/statistics.ts builds the columns from the description), then this again.",
      ].join("\n"),
    );
    return 1;
  }

  const sql = generateStatisticsTriggers(latest);
  if (args.has("--print")) {
    process.stdout.write(sql);
    return 0;
  }
  const made = spawnSync("npx", ["drizzle-kit", "generate", "--custom", "--name", TRIGGER_MIGRATION_NAME], { cwd: ROOT, stdio: "inherit" });
  if (made.status !== 0) return made.status ?? 1;
  const created = triggerMigrations().at(-1)!;
  if (created.tag === latest.tag) {
    console.error("drizzle-kit did not create a new migration.");
    return 1;
  }
  writeFileSync(created.path, sql);
  console.log(`Wrote ${show(created.path)} (replaces ${latest.tag}). Commit it with drizzle/meta; see docs/statistics.md for the tests.`);
  return 0;
}

process.exitCode = main();
