import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { downloadResponse } from "~/http/downloads.server";
import { countExport } from "~/http/rate-limits.server";
import { batchLocation } from "~/lib/validation/credit-batches";
import { rejectionsCsv } from "~/services/credit-batches.server";

/** /bureau/credit-data/batches/N.csv: every stored rejection of batch N. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bureau");
  const batchId = batchLocation(params.batchId);
  if (batchId === undefined) throw new Response("没有这个数据批次", { status: 404 });
  const csv = rejectionsCsv(getDb(), batchId);
  if (!csv) throw new Response("没有这个数据批次", { status: 404 });
  countExport(user.id, Date.now());
  return downloadResponse(csv, "text/csv; charset=utf-8", `batch-${batchId}-rejections.csv`, `数据批次${batchId}-错误报告.csv`);
}
