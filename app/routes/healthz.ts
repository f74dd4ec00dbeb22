import { getDb } from "~/db.server";
import { pingDatabase } from "~/services/health.server";

/** Liveness for load balancers and monitoring: 200 when the database answers, 503 otherwise. */
export function loader() {
  try {
    pingDatabase(getDb());
    return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "unavailable", reason: "database" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
