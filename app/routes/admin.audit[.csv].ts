import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { downloadResponse } from "~/http/downloads.server";
import { countExport } from "~/http/rate-limits.server";
import { dateOf } from "~/lib/time";
import { auditFilterFrom } from "~/lib/validation/audit";
import { auditLogCsv } from "~/services/audit.server";

/** /admin/audit.csv[?category&from&to&actor]: the filtered audit log. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "admin");
  const now = Date.now();
  countExport(user.id, now);
  const csv = auditLogCsv(getDb(), auditFilterFrom(new URL(request.url).searchParams));
  return downloadResponse(csv, "text/csv; charset=utf-8", `audit-log-${dateOf(now)}.csv`, `审计日志-${dateOf(now)}.csv`);
}
