/** Seed step: scores every enterprise once the credit data is in (ingest skips re-scoring for the seed). */
import { rescoreAll } from "~/services/scoring.server";
import type { SeedStep } from "./context";

export const scoresStep: SeedStep = {
  label: "信用评分",
  run(ctx, report) {
    const result = rescoreAll(ctx.db, ctx.now, (done, total) => {
      if (done === total || done % 10_000 === 0) report(`${done}/${total} 家企业`);
    });
    report(`按 ${result.modelVersion} 评分 ${result.scored} 家企业`);
  },
};
