/** Credit batches as the bureau reviews them: the recent list, one batch's report, its rejections as CSV. */
import { excelCsv } from "~/lib/csv";
import { and, count, desc, eq, ne } from "drizzle-orm";
import { pageInfo, pageOffset, type PageInfo } from "~/lib/pagination";
import type { AppDatabase } from "~db/connection";
import { creditBatches, creditBatchRejections, dataProviders, users } from "~db/schema";

/** A batch still being applied is not shown: it becomes visible, applied, when its last chunk commits. */
const finished = ne(creditBatches.status, "applying");
const finishedStatus = (status: (typeof creditBatches.$inferSelect)["status"]) => status as Exclude<typeof status, "applying">;

/** Rejections shown on the page; the CSV download has all that were stored. */
export const REJECTIONS_ON_PAGE = 200;

const batchColumns = {
  id: creditBatches.id,
  origin: creditBatches.origin,
  kind: creditBatches.kind,
  source: creditBatches.source,
  month: creditBatches.month,
  externalId: creditBatches.externalId,
  status: creditBatches.status,
  rowsTotal: creditBatches.rowsTotal,
  rowsAccepted: creditBatches.rowsAccepted,
  rowsRejected: creditBatches.rowsRejected,
  rowsSuperseded: creditBatches.rowsSuperseded,
  rowsUnchanged: creditBatches.rowsUnchanged,
  rowsUnregistered: creditBatches.rowsUnregistered,
  filename: creditBatches.filename,
  createdAt: creditBatches.createdAt,
  providerName: dataProviders.name,
  createdBy: users.displayName,
};

export function listBatches(db: AppDatabase, page: number) {
  const info: PageInfo = pageInfo(db.select({ n: count() }).from(creditBatches).where(finished).get()!.n, page);
  const batches = db
    .select(batchColumns)
    .from(creditBatches)
    .leftJoin(dataProviders, eq(dataProviders.id, creditBatches.providerId))
    .leftJoin(users, eq(users.id, creditBatches.createdByUserId))
    .where(finished)
    .orderBy(desc(creditBatches.createdAt), desc(creditBatches.id))
    .limit(info.pageSize)
    .offset(pageOffset(info))
    .all()
    .map((b) => ({ ...b, status: finishedStatus(b.status) }));
  return { batches, info };
}
export type BatchRow = ReturnType<typeof listBatches>["batches"][number];

export function getBatch(db: AppDatabase, batchId: number) {
  const batch = db
    .select(batchColumns)
    .from(creditBatches)
    .leftJoin(dataProviders, eq(dataProviders.id, creditBatches.providerId))
    .leftJoin(users, eq(users.id, creditBatches.createdByUserId))
    .where(and(eq(creditBatches.id, batchId), finished))
    .get();
  if (!batch) return null;
  const rejections = db
    .select({
      id: creditBatchRejections.id,
      row: creditBatchRejections.rowNumber,
      field: creditBatchRejections.field,
      reason: creditBatchRejections.reason,
      value: creditBatchRejections.value,
    })
    .from(creditBatchRejections)
    .where(eq(creditBatchRejections.batchId, batchId))
    .orderBy(creditBatchRejections.rowNumber, creditBatchRejections.id)
    .limit(REJECTIONS_ON_PAGE)
    .all();
  const storedRejections = db.select({ n: count() }).from(creditBatchRejections).where(eq(creditBatchRejections.batchId, batchId)).get()!.n;
  return { batch: { ...batch, status: finishedStatus(batch.status) }, rejections, storedRejections };
}

/** Every stored rejection of a batch as CSV (UTF-8 with BOM, so Excel shows the Chinese); null when there is no such batch. */
export function rejectionsCsv(db: AppDatabase, batchId: number): Buffer | null {
  if (
    !db
      .select({ id: creditBatches.id })
      .from(creditBatches)
      .where(and(eq(creditBatches.id, batchId), finished))
      .get()
  )
    return null;
  const rows = db
    .select({
      row: creditBatchRejections.rowNumber,
      field: creditBatchRejections.field,
      reason: creditBatchRejections.reason,
      value: creditBatchRejections.value,
    })
    .from(creditBatchRejections)
    .where(eq(creditBatchRejections.batchId, batchId))
    .orderBy(creditBatchRejections.rowNumber, creditBatchRejections.id)
    .all();
  return excelCsv([["行号", "字段", "原因", "原值"], ...rows.map((r) => [String(r.row), r.field, r.reason, r.value])]);
}
