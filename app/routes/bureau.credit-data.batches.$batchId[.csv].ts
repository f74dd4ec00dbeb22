import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { batchLocation } from "~/lib/validation/credit-batches";
import { rejectionsCsv } from "~/services/credit-batches.server";

/** /bureau/credit-data/batches/N.csv: every stored rejection of batch N. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "bureau");
  const batchId = batchLocation(params.batchId);
  const csv = rejectionsCsv(getDb(), batchId);
  if (!csv) throw new Response("没有这个数据批次", { status: 404 });
  return new Response(new Uint8Array(csv), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="batch-${batchId}-rejections.csv"; filename*=UTF-8''${encodeURIComponent(`数据批次${batchId}-错误报告.csv`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
