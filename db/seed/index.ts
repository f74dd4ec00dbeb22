/**
 * The demo city: a deterministic Suzhou from a seed number and an "as of" date. Steps run in order
 * inside one transaction, so a failed or interrupted seed leaves an empty database, not half a city.
 * Later features add their step to SEED_STEPS (and their tables to what the steps fill).
 */
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { hashPassword } from "~/auth/password.server";
import { createRng } from "~/lib/random";
import { addMonths, monthOf, startOfDate } from "~/lib/time";
import type { AppDatabase } from "~db/connection";
import { DEMO_PASSWORD, enterprisesStep, institutionsStep, staffStep } from "./accounts";
import { creditStep } from "./credit";
import { demoCasesStep, marketplaceStep, needAuthorizationsStep, productsStep } from "./marketplace";
import type { SeedContext, SeedOptions, SeedStep } from "./context";
import { riskPoolsStep } from "./risk-pools";
import { policiesStep } from "./policies";
import { renewalsStep } from "./renewals";
import { repairsStep } from "./repairs";
import { scoresStep } from "./scores";

export type { SeedOptions } from "./context";

export const SEED_STEPS: SeedStep[] = [
  staffStep,
  institutionsStep,
  enterprisesStep,
  productsStep,
  marketplaceStep,
  demoCasesStep,
  needAuthorizationsStep,
  creditStep,
  scoresStep,
  riskPoolsStep,
  policiesStep,
  // Last: it replays requests and approvals through the services over everything above.
  renewalsStep,
  repairsStep,
];

export const DEFAULT_SEED_OPTIONS = { seed: 20240101, enterprises: 2000, months: 24 } as const;

export type SeedProgress = (line: string) => void;

export async function seedDemoCity(db: AppDatabase, options: SeedOptions, progress: SeedProgress = () => {}) {
  const startedAt = performance.now();
  const demoPasswordHash = await hashPassword(DEMO_PASSWORD);
  const ctx: SeedContext = {
    db,
    options,
    rng: createRng(options.seed),
    launchMonth: addMonths(monthOf(startOfDate(options.asOf)), -(options.months - 1)),
    now: startOfDate(options.asOf),
    userId: (username) => createHash("sha256").update(`${options.seed}:${username}`).digest("base64url").slice(0, 16).toLowerCase(),
    demoPasswordHash,
    created: { institutionIds: [], enterpriseIds: [] },
  };
  db.transaction(() => {
    SEED_STEPS.forEach((step, index) => {
      const stepStart = performance.now();
      const prefix = `[${index + 1}/${SEED_STEPS.length}] ${step.label}`;
      step.run(ctx, (message) => progress(`${prefix}：${message}`));
      progress(`${prefix} 完成（${((performance.now() - stepStart) / 1000).toFixed(1)} 秒）`);
    });
  });
  progress(`演示数据生成完毕，用时 ${((performance.now() - startedAt) / 1000).toFixed(1)} 秒`);
  return ctx.created;
}

/** A database nobody has used yet: no accounts at all. */
export function isDatabaseEmpty(db: AppDatabase): boolean {
  return db.get<{ n: number }>(sql`select count(*) as n from users`).n === 0;
}
