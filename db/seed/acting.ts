/**
 * Seed steps that write through the services act as the people who did it, and a service's refusal
 * there is a bug in the seed: it stops the seed (the whole seed rolls back).
 */
import { eq } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { actingUser } from "~/services/accounts.server";
import { users } from "~db/schema";
import type { SeedContext } from "./context";

/** Every refusal `must` throws starts with this, so a step may catch its own and skip one case. */
export const SEED_REFUSAL = "演示数据";

export function must<T extends { ok: boolean }>(outcome: T, what: string): Extract<T, { ok: true }> {
  if (!outcome.ok) {
    const why = "message" in outcome ? String(outcome.message) : JSON.stringify(outcome);
    throw new Error(`${SEED_REFUSAL}：${what}失败：${why}`);
  }
  return outcome as Extract<T, { ok: true }>;
}

export const userSession = (ctx: SeedContext, userId: string): SessionUser => actingUser(ctx.db, { id: userId })!;

/** The enterprise's (first) user, as its session carries it. */
export const enterpriseSession = (ctx: SeedContext, enterpriseId: number): SessionUser =>
  userSession(ctx, ctx.db.select({ id: users.id }).from(users).where(eq(users.enterpriseId, enterpriseId)).get()!.id);
