/** Health of the running portal, as /healthz reports it to load balancers and monitoring. */
import { sql } from "drizzle-orm";
import type { AppDatabase } from "~db/connection";

/** The cheapest query there is; throws when the database does not answer. */
export function pingDatabase(db: AppDatabase): void {
  db.get(sql`select 1`);
}
