import type { LoaderFunctionArgs } from "@remix-run/node";
import { institutionIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { downloadResponse } from "~/http/downloads.server";
import { countExport } from "~/http/rate-limits.server";
import { dateOf } from "~/lib/time";
import { lenientQuery, queueFilterOf, queueQuerySchema } from "~/lib/validation/queries";
import { officerQueueCsv } from "~/services/queue.server";

/** /bank/applicants.csv[?filters&sort]: the institution's queue as the officer sees it, every page. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const now = Date.now();
  countExport(user.id, now);
  const { output } = lenientQuery(queueQuerySchema, new URL(request.url).searchParams);
  const csv = officerQueueCsv(getDb(), institutionIdOf(user), queueFilterOf(output), now);
  return downloadResponse(csv, "text/csv; charset=utf-8", `queue-${dateOf(now)}.csv`, `需求队列-${dateOf(now)}.csv`);
}
