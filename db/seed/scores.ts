/**
 * Seed step: scores every enterprise once the credit data is in (ingest skips re-scoring for the
 * seed), then fits a calibrated version from the demo loans' outcomes — left inactive, as a real
 * calibration would be, so the bureau's 评分模型 page opens on two versions to compare.
 */
import { calibrateFromLoans } from "~/services/calibration.server";
import { rescoreAll } from "~/services/scoring.server";
import type { SeedStep } from "./context";

export const scoresStep: SeedStep = {
  label: "信用评分",
  run(ctx, report) {
    const result = rescoreAll(ctx.db, ctx.now, (done, total) => {
      if (done === total || done % 10_000 === 0) report(`${done}/${total} 家企业`);
    });
    report(`按 ${result.modelVersion} 评分 ${result.scored} 家企业`);
    const calibrated = calibrateFromLoans(ctx.db, ctx.userId("bureau"), ctx.now);
    report(calibrated.ok ? `按贷款结果校准出候选版本 ${calibrated.version}（未启用）` : `未校准：${calibrated.message}`);
  },
};
