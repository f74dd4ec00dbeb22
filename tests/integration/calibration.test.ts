/** Calibration page flow: fit from loan outcomes as a new, inactive version; compare; activate with a reason. */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { isHoldout } from "~/lib/scorecard/calibration";
import { addMonths } from "~/lib/time";
import { activateModel, calibrateFromLoans } from "~/services/calibration.server";
import { activeModel, currentScore, featuresAt, listModels } from "~/services/scoring.server";
import { seedDemoCity } from "~db/seed";
import { auditLog, enterprises, loans, users } from "~db/schema";
import { cleanHistory, ingest } from "../support/credit";
import { createTestDatabase } from "../support/db";
import { at } from "../support/facts";

const { db } = createTestDatabase();
const NOW = at("2026-11-20 10:00");
let bureauId: string;
let borrowers: { id: number; uscc: string; loanMonths: string[] }[];
let bad: Set<number>;

/** Late months of every borrower, as a correction batch over its whole 24-month history. */
function reportLateMonths(lateOf: (b: (typeof borrowers)[number], i: number) => string[], now: number) {
  ingest(
    db,
    "monthly",
    borrowers.flatMap((b, i) => cleanHistory(b.uscc, "2026-10", 24, new Set(lateOf(b, i)))),
    now,
  );
}

beforeAll(async () => {
  await seedDemoCity(db, { seed: 31, enterprises: 300, months: 12, asOf: "2026-11-01" });
  bureauId = db.select().from(users).where(eq(users.username, "bureau")).get()!.id;
  const loanRows = db
    .select({ id: loans.enterpriseId, uscc: enterprises.uscc, on: loans.disbursedOn })
    .from(loans)
    .innerJoin(enterprises, eq(enterprises.id, loans.enterpriseId))
    .all();
  const byId = new Map<number, (typeof borrowers)[number]>();
  for (const r of loanRows) {
    const b = byId.get(r.id) ?? { id: r.id, uscc: r.uscc, loanMonths: [] };
    b.loanMonths.push(r.on.slice(0, 7));
    byId.set(r.id, b);
  }
  borrowers = [...byId.values()];
  // The young demo book has few defaults yet: report every fourth borrower's loans as non-performing.
  borrowers.forEach((b, i) => i % 4 === 1 && db.update(loans).set({ status: "npl" }).where(eq(loans.enterpriseId, b.id)).run());
  bad = new Set(
    db.$client
      .prepare(
        "SELECT DISTINCT l.enterprise_id AS id FROM loans l LEFT JOIN loan_status_reports r ON r.loan_id = l.id WHERE l.status IN ('overdue','npl') OR r.status IN ('overdue','npl')",
      )
      .all()
      .map((r) => (r as { id: number }).id),
  );
});

describe("calibration", () => {
  it("learns only from what was known when each loan was disbursed: late payments after the loan are no signal", () => {
    expect(borrowers.length).toBeGreaterThan(30);
    // Bad borrowers fall behind only after their last loan, as a default itself would show in the data.
    const after = (b: (typeof borrowers)[number]) => {
      const last = b.loanMonths.reduce((x, y) => (x > y ? x : y));
      return [1, 2, 3].map((k) => addMonths(last, k)).filter((m) => m <= "2026-10");
    };
    expect(borrowers.filter((b) => bad.has(b.id) && after(b).length > 0).length).toBeGreaterThan(5);
    reportLateMonths((b) => (bad.has(b.id) ? after(b) : []), NOW - 2 * 86_400_000);
    const outcome = calibrateFromLoans(db, bureauId, NOW - 86_400_000);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.version).toBe("calibrated-2026-11-19");
    // Scored as of today, those late months would separate bad from good almost perfectly (AUC near 1).
    const h = outcome.metrics.holdout!;
    expect(h.baseAuc!).toBeLessThan(0.7);
    expect(outcome.metrics.iv!.find((f) => f.key === "electricityLate")!.iv).toBeLessThan(0.1);
  });

  it("fits a new version from loan outcomes, stores it inactive, with AUC and KS on the hold-out beside the expert's", () => {
    // Now the warning signs come before the loans: late in the three months before each disbursement.
    const before = (b: (typeof borrowers)[number]) => b.loanMonths.flatMap((m) => [1, 2, 3].map((k) => addMonths(m, -k)));
    reportLateMonths((b, i) => (bad.has(b.id) || i % 11 === 0 ? before(b) : []), NOW - 3600_000);
    const outcome = calibrateFromLoans(db, bureauId, NOW);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.version).toBe("calibrated-2026-11-20");
    const h = outcome.metrics.holdout!;
    expect(h.baseVersion).toBe("expert-2026.2");
    for (const x of [h.auc, h.ks, h.baseAuc, h.baseKs]) {
      expect(x).not.toBeNull();
      expect(x!).toBeGreaterThanOrEqual(0);
      expect(x!).toBeLessThanOrEqual(1);
    }
    // The page tells how many bad loans the hold-out figures rest on.
    const badLoans = db.$client
      .prepare(
        "SELECT l.enterprise_id AS enterpriseId, l.disbursed_at AS at FROM loans l WHERE l.status IN ('overdue','npl') OR EXISTS (SELECT 1 FROM loan_status_reports r WHERE r.loan_id = l.id AND r.status IN ('overdue','npl'))",
      )
      .all() as { enterpriseId: number; at: number }[];
    const atDisbursement = featuresAt(db, badLoans);
    const heldOut = badLoans.filter((l, i) => isHoldout(String(l.enterpriseId), 0.3) && atDisbursement[i]!.knockOuts.length === 0);
    expect(h.bads).toBe(heldOut.length);
    expect(h.bads).toBeGreaterThan(0);
    // Late payments separate bad from good: both versions rank better than chance.
    expect(h.auc!).toBeGreaterThan(0.6);
    expect(h.baseAuc!).toBeGreaterThan(0.6);
    expect(activeModel(db, NOW).version).toBe("expert-2026.2");
    const models = listModels(db, NOW);
    expect(models.map((m) => [m.version, m.active])).toEqual([
      ["expert-2026.2", true],
      ["calibrated-2026-11-19", false],
      ["calibrated-2026-11-20", false],
    ]);
    // A second fit the same day gets its own version; nothing is overwritten.
    const again = calibrateFromLoans(db, bureauId, NOW + 1000);
    expect(again).toMatchObject({ ok: true, version: "calibrated-2026-11-20.2" });
  });

  it("switches only when the bureau activates a version, audited with the reason, and re-scores everyone with it", () => {
    expect(activateModel(db, bureauId, "no-such-version", "测试启用原因", NOW)).toMatchObject({ ok: false, status: 404 });
    expect(activateModel(db, bureauId, "expert-2026.2", "测试启用原因", NOW)).toMatchObject({ ok: false, status: 409 });
    const outcome = activateModel(db, bureauId, "calibrated-2026-11-20", "留出样本 AUC 更高，经评审启用", NOW + 5000);
    expect(outcome).toMatchObject({ ok: true });
    expect(activeModel(db, NOW + 6000).version).toBe("calibrated-2026-11-20");
    expect(currentScore(db, borrowers[0]!.id)!.modelVersion).toBe("calibrated-2026-11-20");
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "scoring.activate")).get()!;
    expect(JSON.parse(audit.detail)).toEqual({ previous: "expert-2026.2", reason: "留出样本 AUC 更高，经评审启用" });
  });
});
