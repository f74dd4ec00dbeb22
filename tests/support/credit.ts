/** Credit data for tests, written the one way the portal writes it: through ingestBatch. */
import { ingestBatch, type BatchReport } from "~/services/credit-ingest.server";
import { addMonths, monthsBetween } from "~/lib/time";
import type { AppDatabase } from "~db/connection";

let serial = 0;

/** A bureau upload (every source allowed) of rows of one kind; throws when the batch is rejected. */
export function ingest(db: AppDatabase, kind: "monthly" | "tax_grade" | "event", rows: Record<string, unknown>[], now: number): BatchReport {
  serial += 1;
  const report = ingestBatch(db, { origin: "upload", providerId: null, kind, externalId: `test-${serial}-${Date.now()}`, allowedSources: null, rows }, now);
  if (report.status !== "applied") throw new Error(`batch rejected: ${JSON.stringify(report.rejections.slice(0, 3))}`);
  return report;
}

/** Twelve (or `months`) months up to `lastMonth` of clean electricity, tax and social-insurance rows. */
export function cleanHistory(uscc: string, lastMonth: string, months = 12, late: ReadonlySet<string> = new Set()): Record<string, unknown>[] {
  return monthsBetween(addMonths(lastMonth, -(months - 1)), lastMonth).flatMap((month) => {
    const paidOnTime = late.has(month) ? "否" : "是";
    const none = { quantity: null, billedFen: null, paidFen: null, headcount: null, taxPaidFen: null };
    return [
      { ...none, uscc, source: "electricity", month, quantity: 10_000, billedFen: "8000", paidFen: "8000", paidOnTime, arrearsFen: "0" },
      { ...none, uscc, source: "tax", month, taxPaidFen: "20000", paidOnTime, arrearsFen: "0" },
      { ...none, uscc, source: "social_insurance", month, headcount: 20, billedFen: "30000", paidFen: "30000", paidOnTime, arrearsFen: "0" },
    ];
  });
}
