/**
 * What every seed step receives. Steps run in order and share what earlier steps created through
 * `created`; each step draws from its own forked generator, so adding a step never changes the
 * data of the steps before or after it.
 */
import type { Rng } from "~/lib/random";
import type { AppDatabase } from "~db/connection";

export type SeedOptions = {
  /** The seed number: the same number and `asOf` give the same city. */
  seed: number;
  enterprises: number;
  /** Months of history, ending with the month of `asOf`. */
  months: number;
  /** The demo city's "today", YYYY-MM-DD in Shanghai. */
  asOf: string;
};

export type SeedContext = {
  db: AppDatabase;
  options: SeedOptions;
  rng: Rng;
  /** First month of platform operation (YYYY-MM). */
  launchMonth: string;
  /** The instant the demo city considers "now": 00:00 Shanghai time on `asOf`, so all of it is in the past. */
  now: number;
  /** A user id derived from the seed and the username, so seeded ids are reproducible too. */
  userId(username: string): string;
  /** One argon2id hash of the demo password, shared by every seeded account. */
  demoPasswordHash: string;
  created: {
    institutionIds: number[];
    enterpriseIds: number[];
  };
};

export type SeedStep = {
  /** Shown in the progress line, zh-CN. */
  label: string;
  run(ctx: SeedContext, report: (message: string) => void): void;
};
