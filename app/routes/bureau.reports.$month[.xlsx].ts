import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { countExport } from "~/http/rate-limits.server";
import { reportLocation } from "~/lib/validation/reports";
import { reportDownload } from "~/services/report-export.server";
import { loadReport } from "~/services/statistics.server";

/** /bureau/reports/YYYY-MM.xlsx[?revision=N] */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bureau", "admin");
  countExport(user.id, Date.now());
  const location = reportLocation(params.month, new URL(request.url), Date.now());
  if ("notFound" in location) throw new Response(location.notFound, { status: 404 });
  const view = loadReport(getDb(), location.month, Date.now(), location.revision);
  if (!view) throw new Response("没有该修订版本", { status: 404 });
  return reportDownload(view, "xlsx");
}
