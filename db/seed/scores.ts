/**
 * Seed step: scores every enterprise once the credit data is in (ingest skips re-scoring for the
 * seed) — first as of each of the last months, for the enterprises registered by then, so an
 * enterprise's 评分历史 shows a line rather than one point — then fits a calibrated version from the
 * demo loans' outcomes, left inactive, as a real calibration would be, so the bureau's 评分模型 page
 * opens on two versions to compare.
 */
import { calibrateFromLoans } from "~/services/calibration.server";
import { rescoreAll, rescoreEnterprises } from "~/services/scoring.server";
import { addMonths, DAY_MS, monthOf, startOfMonth } from "~/lib/time";
import type { SeedStep } from "./context";

/** Months of score history before today's scores. */
const HISTORY_MONTHS = 6;

export const scoresStep: SeedStep = {
  label: "信用评分",
  run(ctx, report) {
    const registeredBy = ctx.db.$client.prepare("SELECT id FROM enterprises WHERE registered_at <= ? ORDER BY id").pluck();
    for (let k = HISTORY_MONTHS; k >= 1; k--) {
      // The 5th of each month: the month before has been delivered by then.
      const then = startOfMonth(addMonths(monthOf(ctx.now), -k)) + 4 * DAY_MS;
      const past = rescoreEnterprises(ctx.db, registeredBy.all(then) as number[], then);
      report(`评分历史 ${monthOf(then)}：${past.scored} 家企业`);
    }
    const result = rescoreAll(ctx.db, ctx.now, (done, total) => {
      if (done === total || done % 10_000 === 0) report(`${done}/${total} 家企业`);
    });
    report(`按 ${result.modelVersion} 评分 ${result.scored} 家企业`);
    const calibrated = calibrateFromLoans(ctx.db, ctx.userId("bureau"), ctx.now);
    report(calibrated.ok ? `按贷款结果校准出候选版本 ${calibrated.version}（未启用）` : `未校准：${calibrated.message}`);
  },
};
