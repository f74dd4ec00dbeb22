/**
 * Migration 0011 rewrites scores stored in the earlier, worded form (whole contributions and reasons)
 * into attributes; the enterprise must read exactly the same explanation before and after.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { currentScore, type StoredScore } from "~/services/scoring.server";
import { openDatabase } from "~db/connection";
import { MIGRATIONS_FOLDER, migrateDatabase } from "~db/migrate";
import { seedDemoCity } from "~db/seed";

const COMPACTING_MIGRATION = "0011_compact_score_explanations";
const dir = mkdtempSync(join(tmpdir(), "xyd-score-migration-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The migration's statements, run again on rows put back into the worded form. The migration only
 * rewrites credit_scores rows, whose shape has not changed since; seeding a database stopped at 0010
 * would need the seed code of that time (today's seed writes columns later migrations added).
 */
function runCompactingMigration(db: ReturnType<typeof openDatabase>): void {
  for (const statement of readFileSync(join(MIGRATIONS_FOLDER, `${COMPACTING_MIGRATION}.sql`), "utf8").split("--> statement-breakpoint")) {
    db.$client.exec(statement);
  }
}

describe("migration 0011: compact score explanations", () => {
  it("turns every worded score into attributes without changing what the enterprise reads", async () => {
    const db = openDatabase(join(dir, "old.sqlite"));
    migrateDatabase(db);
    await seedDemoCity(db, { seed: 7, enterprises: 60, months: 12, asOf: "2026-11-01" });
    const ids = (
      db.$client.prepare("SELECT enterprise_id FROM credit_scores WHERE is_current = 1 ORDER BY enterprise_id").raw().all() as [number][]
    ).map(([id]) => id);
    const before = new Map<number, StoredScore>(ids.map((id) => [id, currentScore(db, id)!]));
    expect([...before.values()].some((s) => s.knockedOut)).toBe(true);
    // The earlier code stored the whole explanation: contributions with their words, reasons up and down.
    const toWorded = db.$client.prepare(
      "UPDATE credit_scores SET contributions = ?, reasons = ? WHERE enterprise_id = ? AND is_current = 1",
    );
    for (const [id, s] of before) toWorded.run(JSON.stringify(s.contributions), JSON.stringify(s.reasons), id);
    expect(
      (db.$client.prepare("SELECT contributions FROM credit_scores WHERE is_current = 1 LIMIT 1").get() as { contributions: string })
        .contributions,
    ).toContain('"label"');

    runCompactingMigration(db);
    for (const [id, s] of before) expect(currentScore(db, id)).toEqual(s);
    const stored = db.$client.prepare("SELECT contributions, reasons FROM credit_scores WHERE is_current = 1").all() as {
      contributions: string;
      reasons: string;
    }[];
    expect(stored.every((r) => /^\[\[-?\d+,-?\d+\]/.test(r.contributions) && !r.reasons.includes('"up"'))).toBe(true);
    db.$client.close();
  });
});
