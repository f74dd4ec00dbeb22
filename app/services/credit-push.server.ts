/**
 * Door 3 of credit data: a provider pushes a batch over the API (docs/push-api.md). The batch goes
 * through the one ingest path, in an import worker so a 200,000-row batch does not stall the server.
 */
import { CREDIT_SOURCES, permissionFor } from "~/domain/credit";
import { type PushBody } from "~/lib/validation/credit-batches";
import type { AppDatabase } from "~db/connection";
import { BatchApplyingError, BatchConflictError, type BatchReport } from "./credit-ingest.server";
import type { Provider } from "./data-providers.server";
import { enqueueImport } from "./import-jobs.server";
import { fail, type Outcome } from "./outcome";

/** The report as the API gives it: the sender's batch id, and the portal's batch number beside it. */
export type PushReport = Omit<BatchReport, "batchId" | "touchedEnterpriseIds"> & { batchId: string; portalBatchId: number };

/**
 * The report of a new batch (applied, or rejected with its bad rows), or of one received before
 * (`duplicate`: nothing changed). A batch whose declared kind or source the provider may not write is
 * refused whole (403, code source_not_allowed) and not recorded; rows that name a source of their own
 * are checked one by one. A batch id reused for other content is refused (409, batch_id_conflict).
 */
export async function pushBatch(
  db: AppDatabase,
  provider: Provider,
  body: PushBody,
  now: number,
): Promise<Outcome<{ report: PushReport }>> {
  const permission = permissionFor(body.kind, body.source);
  const allowed =
    permission === null
      ? provider.sources.some((s) => (CREDIT_SOURCES as readonly string[]).includes(s))
      : provider.sources.includes(permission);
  if (!allowed) {
    const what = permission ?? "月度数据";
    return fail(403, `数据提供方“${provider.name}”无权报送 ${what}`, { code: "source_not_allowed" });
  }
  try {
    const report = await enqueueImport(db, {
      spec: {
        origin: "push",
        providerId: provider.id,
        kind: body.kind,
        source: body.source ?? null,
        month: body.month ?? null,
        externalId: body.batchId,
        allowedSources: provider.sources,
        refuseUnregistered: body.refuseUnregistered,
      },
      rows: { inline: body.rows },
      now,
    });
    const { batchId: portalBatchId, touchedEnterpriseIds: _internal, ...rest } = report;
    return { ok: true, report: { ...rest, batchId: body.batchId, portalBatchId } };
  } catch (error) {
    if (error instanceof BatchConflictError) return fail(409, error.message, { code: "batch_id_conflict" });
    // Another writer (a credit sync run from the command line) is applying a batch over the same rows.
    if (error instanceof BatchApplyingError) return fail(409, error.message, { code: "batch_applying" });
    throw error;
  }
}
