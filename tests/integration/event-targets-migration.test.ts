/**
 * Migration 0027 (decision 039): exits and repairs recorded before they named their record's kind or
 * listing are given it from the data, so they keep ending and lifting what they did.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildUscc } from "~/lib/uscc";
import { ingestBatch } from "~/services/credit-ingest.server";
import { MIGRATIONS_FOLDER } from "~db/migrate";
import { createTestDatabase } from "../support/db";

const { db } = createTestDatabase();
const now = Date.now();
const firm = (n: number) => buildUscc("91", "320508", String(50_000_000 + n));
const row = (uscc: string, kind: string, occurredOn: string, reference: string) => ({
  uscc,
  kind,
  occurredOn,
  ...(kind === "penalty" ? { severity: "一般" } : {}),
  reference,
  authority: "苏州市公共信用信息中心",
  description: `${kind} ${reference}`,
});

/** The migration's backfill: its statements after the two that add the columns. */
function runBackfill(): void {
  const statements = readFileSync(join(MIGRATIONS_FOLDER, "0027_event_targets.sql"), "utf8").split("--> statement-breakpoint");
  for (const statement of statements.filter((s) => !s.includes("ALTER TABLE"))) db.$client.exec(statement);
}

describe("migration 0027: targets of earlier exits and repairs", () => {
  it("names the listing an earlier exit ended and the kind an earlier repair lifted, where the data says", () => {
    const report = ingestBatch(
      db,
      {
        origin: "seed",
        providerId: null,
        kind: "event",
        allowedSources: null,
        rows: [
          row(firm(1), "dishonest_entry", "2025-01-01", "L-1"),
          row(firm(1), "dishonest_entry", "2025-03-01", "L-1b"),
          row(firm(2), "dishonest_entry", "2025-01-01", "L-2"),
          row(firm(4), "penalty", "2025-01-01", "P-4"),
          row(firm(5), "penalty", "2025-01-01", "X-5"),
          row(firm(5), "dishonest_entry", "2025-01-01", "X-5"),
        ],
      },
      now,
    );
    expect(report.status).toBe("applied");
    // The earlier form: exits and repairs as they were stored before 0027.
    const insert = db.$client.prepare(
      "INSERT INTO credit_events (uscc, kind, occurred_on, reference, authority, description, repairs_reference, batch_id) VALUES (?, ?, ?, ?, '某机关', '某事项', ?, ?)",
    );
    insert.run(firm(1), "dishonest_exit", "2025-06-01", "移出-1", null, report.batchId); // own number: the oldest open listing
    insert.run(firm(2), "dishonest_exit", "2025-06-01", "L-2", null, report.batchId); // the listing's own reference
    insert.run(firm(3), "dishonest_exit", "2025-06-01", "移出-3", null, report.batchId); // no listing at all
    insert.run(firm(4), "credit_repair", "2025-06-01", "R-4", "P-4", report.batchId);
    insert.run(firm(5), "credit_repair", "2025-06-01", "R-5", "X-5", report.batchId);

    runBackfill();
    const targets = db.$client
      .prepare(
        "SELECT uscc, reference, listing_reference AS listing, repairs_kind AS repairs FROM credit_events WHERE kind IN ('dishonest_exit', 'credit_repair') ORDER BY uscc",
      )
      .all();
    expect(targets).toEqual([
      { uscc: firm(1), reference: "移出-1", listing: "L-1", repairs: null },
      { uscc: firm(2), reference: "L-2", listing: "L-2", repairs: null },
      { uscc: firm(3), reference: "移出-3", listing: null, repairs: null },
      { uscc: firm(4), reference: "R-4", listing: null, repairs: "penalty" },
      { uscc: firm(5), reference: "R-5", listing: null, repairs: null }, // both kinds hold X-5: left as it was
    ]);
  });
});
