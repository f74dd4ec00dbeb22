import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { downloadResponse } from "~/http/downloads.server";
import { countExport } from "~/http/rate-limits.server";
import { dateOf } from "~/lib/time";
import { claimListQuerySchema, lenientQuery } from "~/lib/validation/queries";
import { institutionClaimsCsv } from "~/services/claim-views.server";

/** /bank/claims.csv[?status&mine]: the institution's business list as the page shows it, every page. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_officer", "bank_admin");
  const now = Date.now();
  countExport(user.id, now);
  const { output } = lenientQuery(claimListQuerySchema, new URL(request.url).searchParams);
  const csv = institutionClaimsCsv(getDb(), user, { status: output.status, mine: output.mine === "1" }, now);
  return downloadResponse(csv, "text/csv; charset=utf-8", `business-${dateOf(now)}.csv`, `业务列表-${dateOf(now)}.csv`);
}
