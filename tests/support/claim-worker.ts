/**
 * One officer in its own process, for the concurrency test: waits for the common start instant,
 * then claims the need once and prints the outcome as JSON.
 *   node --import tsx tests/support/claim-worker.ts <database> <needId> <username> <startAt ms>
 */
import { eq } from "drizzle-orm";
import { claimNeed } from "~/services/claims.server";
import { openDatabase } from "~db/connection";
import { users } from "~db/schema";

const [database, needId, username, startAt] = process.argv.slice(2);
const db = openDatabase(database!);
const user = db.select().from(users).where(eq(users.username, username!)).get()!;
const officer = {
  id: user.id,
  username: user.username,
  role: user.role,
  displayName: user.displayName,
  enterpriseId: null,
  institutionId: user.institutionId,
};
// Busy-wait the last milliseconds so every process starts within the same instant.
while (Date.now() < Number(startAt)) {
  /* spin */
}
try {
  const outcome = claimNeed(db, officer, Number(needId), Date.now());
  process.stdout.write(JSON.stringify({ username, institutionId: user.institutionId, outcome }));
} catch (error) {
  process.stdout.write(JSON.stringify({ username, error: String(error) }));
}
