/** Calibration page flow: fit from loan outcomes as a new, inactive version; compare; activate with a reason. */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { activateModel, calibrateFromLoans } from "~/services/calibration.server";
import { activeModel, currentScore, listModels } from "~/services/scoring.server";
import { seedDemoCity } from "~db/seed";
import { auditLog, enterprises, loans, users } from "~db/schema";
import { cleanHistory, ingest } from "../support/credit";
import { createTestDatabase } from "../support/db";
import { at } from "../support/facts";

const { db } = createTestDatabase();
const NOW = at("2026-11-20 10:00");
let bureauId: string;
let borrowers: number[];

beforeAll(async () => {
  await seedDemoCity(db, { seed: 31, enterprises: 300, months: 12, asOf: "2026-11-01" });
  bureauId = db.select().from(users).where(eq(users.username, "bureau")).get()!.id;
  // Outcomes follow payment records: a bad borrower paid late in recent months, a good one on time.
  const borrowerRows = db.selectDistinct({ id: loans.enterpriseId, uscc: enterprises.uscc }).from(loans).innerJoin(enterprises, eq(enterprises.id, loans.enterpriseId)).all();
  borrowers = borrowerRows.map((b) => b.id);
  // The young demo book has few defaults yet: report every fourth borrower's loans as non-performing.
  borrowers.forEach((id, i) => i % 4 === 1 && db.update(loans).set({ status: "npl" }).where(eq(loans.enterpriseId, id)).run());
  const bad = new Set(
    db.$client
      .prepare("SELECT DISTINCT l.enterprise_id AS id FROM loans l LEFT JOIN loan_status_reports r ON r.loan_id = l.id WHERE l.status IN ('overdue','npl') OR r.status IN ('overdue','npl')")
      .all()
      .map((r) => (r as { id: number }).id),
  );
  const rows = borrowerRows.flatMap((b, i) =>
    cleanHistory(b.uscc, "2026-10", 24, bad.has(b.id) || i % 11 === 0 ? new Set(["2026-05", "2026-07", "2026-08", "2026-10"]) : new Set()),
  );
  ingest(db, "monthly", rows, NOW - 3600_000);
});

describe("calibration", () => {
  it("fits a new version from loan outcomes, stores it inactive, with AUC and KS on the hold-out beside the expert's", () => {
    expect(borrowers.length).toBeGreaterThan(30);
    const outcome = calibrateFromLoans(db, bureauId, NOW);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.version).toBe("calibrated-2026-11-20");
    const h = outcome.metrics.holdout!;
    expect(h.baseVersion).toBe("expert-2026.1");
    for (const x of [h.auc, h.ks, h.baseAuc, h.baseKs]) {
      expect(x).not.toBeNull();
      expect(x!).toBeGreaterThanOrEqual(0);
      expect(x!).toBeLessThanOrEqual(1);
    }
    // Late payments separate bad from good: both versions rank better than chance.
    expect(h.auc!).toBeGreaterThan(0.6);
    expect(h.baseAuc!).toBeGreaterThan(0.6);
    expect(activeModel(db, NOW).version).toBe("expert-2026.1");
    const models = listModels(db, NOW);
    expect(models.map((m) => [m.version, m.active])).toEqual([
      ["expert-2026.1", true],
      ["calibrated-2026-11-20", false],
    ]);
    // A second fit the same day gets its own version; nothing is overwritten.
    const again = calibrateFromLoans(db, bureauId, NOW + 1000);
    expect(again).toMatchObject({ ok: true, version: "calibrated-2026-11-20.2" });
  });

  it("switches only when the bureau activates a version, audited with the reason, and re-scores everyone with it", () => {
    expect(activateModel(db, bureauId, "no-such-version", "测试启用原因", NOW)).toMatchObject({ ok: false, status: 404 });
    expect(activateModel(db, bureauId, "expert-2026.1", "测试启用原因", NOW)).toMatchObject({ ok: false, status: 409 });
    const outcome = activateModel(db, bureauId, "calibrated-2026-11-20", "留出样本 AUC 更高，经评审启用", NOW + 5000);
    expect(outcome).toMatchObject({ ok: true });
    expect(activeModel(db, NOW + 6000).version).toBe("calibrated-2026-11-20");
    expect(currentScore(db, borrowers[0]!)!.modelVersion).toBe("calibrated-2026-11-20");
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "scoring.activate")).get()!;
    expect(JSON.parse(audit.detail)).toEqual({ previous: "expert-2026.1", reason: "留出样本 AUC 更高，经评审启用" });
  });
});
