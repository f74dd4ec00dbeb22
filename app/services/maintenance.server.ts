/**
 * The periodic sweep of the running portal: expires needs past their date, flags service-level
 * breaches, narrows the authorizations of closed needs, reminds both sides of loans maturing soon,
 * lapses renewal requests left undecided at maturity, prunes the ranking change log and expired
 * rate-limit counters, rolls back credit batches whose import died mid-apply and, once a month,
 * re-scores every enterprise. npm start runs it in a worker thread (maintenance-worker.server.ts) at
 * start-up and every ten minutes, so a city-wide re-score never holds up a request.
 */
import type { AppDatabase } from "~db/connection";
import { settleClosedNeedAuthorizations } from "./authorizations.server";
import { rollBackAbandonedBatches } from "./credit-ingest.server";
import { flagServiceLevelBreaches } from "./service-levels.server";
import { remindMaturities } from "./maturities.server";
import { lapseRenewals } from "./renewals.server";
import { expireNeeds } from "./needs.server";
import { pruneRankingChanges } from "./ranking-cache.server";
import { pruneRateLimitCounters } from "./rate-limit-counters.server";
import { rescoreIfDue } from "./scoring.server";

export const MAINTENANCE_INTERVAL_MS = 10 * 60 * 1000;
/** Progress of the monthly re-score is logged every this many enterprises. */
const PROGRESS_STEP = 10_000;

/** One sweep; `log` receives a zh-CN line for everything it did. */
export function runMaintenance(db: AppDatabase, now: number, log: (line: string) => void): void {
  const expired = expireNeeds(db, now);
  const flagged = flagServiceLevelBreaches(db, now);
  const narrowed = settleClosedNeedAuthorizations(db, now);
  if (expired || flagged) log(`例行处理：${expired} 笔需求到期，${flagged} 项服务时限提示`);
  if (narrowed) log(`例行处理：${narrowed} 项需求授权随需求办结或到期而收窄`);
  const reminded = remindMaturities(db, now);
  if (reminded) log(`例行处理：${reminded} 笔贷款 30 天内到期，已提醒企业与银行`);
  const lapsed = lapseRenewals(db, now);
  if (lapsed) log(`例行处理：${lapsed} 笔续贷申请因原贷款到期未获审批而失效`);
  pruneRankingChanges(db);
  pruneRateLimitCounters(db, now);
  const abandoned = rollBackAbandonedBatches(db, now);
  if (abandoned) log(`例行处理：撤销 ${abandoned} 个中途中断的信用数据批次（从未生效）`);
  const rescored = rescoreIfDue(db, now, (done, total) => {
    if (done < total && done > 0 && done % PROGRESS_STEP === 0) log(`例行处理：本月信用评分重算中 ${done}/${total} 家企业`);
  });
  if (rescored) log(`例行处理：本月信用评分已按 ${rescored.modelVersion} 重算 ${rescored.scored} 家企业`);
}
