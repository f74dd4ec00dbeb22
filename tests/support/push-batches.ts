/**
 * Large push-API batches for the crash test and the load benchmark: a provider token issued through
 * the service (as the bureau's page does), and a tax bureau back-filling years of monthly tax history.
 */
import { eq } from "drizzle-orm";
import { addMonths, monthOf } from "~/lib/time";
import { createProvider, issueToken } from "~/services/data-providers.server";
import type { AppDatabase } from "~db/connection";
import { users } from "~db/schema";

/** A provider allowed to push `sources`, and a fresh token of it, issued in the bureau's name. */
export function issueProviderToken(db: AppDatabase, name: string, sources: string[], now = Date.now()): string {
  const bureau = db.select({ id: users.id }).from(users).where(eq(users.role, "bureau")).get();
  if (!bureau) throw new Error("no bureau user: seed the city first");
  const provider = createProvider(db, bureau.id, { name, sources }, now);
  if (!provider.ok) throw new Error(`provider not created: ${JSON.stringify(provider.fieldErrors)}`);
  const issued = issueToken(db, bureau.id, { providerId: provider.providerId, label: "压力测试" }, now);
  if (!issued.ok) throw new Error(`token not issued: ${JSON.stringify(issued.fieldErrors)}`);
  return issued.token;
}

/**
 * A monthly `tax` batch: every enterprise's tax for the `months` months before the current one. Tax
 * rows are the smallest monthly rows (~80 bytes of JSON), so 200,000 of them fit the 20 MB body limit.
 */
export function taxHistoryBatch(batchId: string, usccs: readonly string[], months: number, now = Date.now()) {
  const last = addMonths(monthOf(now), -1);
  const monthList = Array.from({ length: months }, (_, m) => addMonths(last, -m));
  const rows = usccs.flatMap((uscc, e) =>
    monthList.map((month, m) => ({ uscc, month, taxPaidFen: 1000 + ((e * 7 + m * 13) % 90_000), paidOnTime: true })),
  );
  return { batchId, kind: "monthly" as const, source: "tax", rows };
}

/** A batch as the push API takes it (docs/push-api.md). */
export type PushedBatch = { batchId: string; kind: string; source?: string; month?: string; rows: Record<string, unknown>[] };

export function pushBatchRequest(baseUrl: string, token: string, body: PushedBatch): Promise<Response> {
  return fetch(`${baseUrl}/api/v1/credit-data/batches`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}
