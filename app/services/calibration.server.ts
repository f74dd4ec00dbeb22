/**
 * Calibration from loan outcomes and explicit activation of model versions (issue 5, decision 006).
 *
 * Samples: every loan disbursed on the platform, with its enterprise's features as of the
 * disbursement day (the window ends with the last full month before it; later events and tax grades
 * are not seen), so the fit learns what a bank could have known when it lent, not what the default
 * itself left in the data. Bad: the loan is, or was ever reported, overdue (逾期) or non-performing
 * (不良). Loans to an enterprise knocked out on that day are left out (the scorecard never ranks it).
 * The fit (WoE on the expert bins, L2 logistic regression, 30 % hold-out hashed by enterprise, so
 * one enterprise's loans fall on one side) is app/lib/scorecard/calibration.ts. The result is stored
 * as a NEW version, never active; switching is a separate, audited act with a reason, followed by a
 * full re-score.
 */
import { calibrate, type Sample } from "~/lib/scorecard/calibration";
import { EXPERT_MODEL, modelProblems } from "~/lib/scorecard/model";
import { dateOf } from "~/lib/time";
import { writeTransaction, type AppDatabase } from "~db/connection";
import type { ModelMetrics } from "~db/schema";
import { recordAudit } from "./audit.server";
import { fail, type Outcome } from "./outcome";
import { activeModel, ensureExpertModel, featuresAt, modelByVersion, rescoreAll, type RescoreReport } from "./scoring.server";

export const BAD_DEFINITION =
  "每笔在本平台放款的贷款为一个样本：当前或曾经报告为逾期或不良的为“坏”，其余为“好”。特征按放款当日可得的数据计算（数据截至放款前一个完整月，之后的事件和纳税等级不计入）；放款时已触发否决项的贷款不参与；同一企业的贷款同在训练集或同在留出集。";

/** Fits a calibrated version on the expert bins; stored, not active. */
export function calibrateFromLoans(db: AppDatabase, actorUserId: string, now: number): Outcome<{ version: string; metrics: ModelMetrics }> {
  ensureExpertModel(db, now);
  const base = modelByVersion(db, EXPERT_MODEL.version) ?? EXPERT_MODEL;
  const loans = db.$client
    .prepare(
      `SELECT l.enterprise_id, l.disbursed_at,
              l.status IN ('overdue', 'npl') OR EXISTS (SELECT 1 FROM loan_status_reports r WHERE r.loan_id = l.id AND r.status IN ('overdue', 'npl'))
       FROM loans l ORDER BY l.disbursed_at, l.id`,
    )
    .raw()
    .all() as [enterpriseId: number, disbursedAt: number, bad: number][];
  const features = featuresAt(
    db,
    loans.map(([enterpriseId, at]) => ({ enterpriseId, at })),
  );
  const samples: Sample[] = loans.flatMap(([enterpriseId, , bad], i) =>
    features[i]!.knockOuts.length === 0 ? [{ id: String(enterpriseId), values: features[i]!.values, bad: bad === 1 }] : [],
  );
  const bads = samples.filter((s) => s.bad).length;
  if (bads < 5 || samples.length - bads < 5) {
    return fail(409, `贷款结果不足：需要至少 5 笔“坏”贷款和 5 笔“好”贷款，现有坏 ${bads} 笔、好 ${samples.length - bads} 笔`);
  }
  const taken = new Set((db.$client.prepare("SELECT version FROM score_models").raw().all() as [string][]).map(([v]) => v));
  const stem = `calibrated-${dateOf(now)}`;
  let version = stem;
  for (let n = 2; taken.has(version); n++) version = `${stem}.${n}`;
  let fitted: ReturnType<typeof calibrate>;
  try {
    fitted = calibrate(base, samples, { version, name: `校准评分卡 ${dateOf(now)}` });
  } catch {
    return fail(409, "训练集中缺少“好”或“坏”的样本，无法校准；请待更多贷后结果报送后再试");
  }
  const problems = modelProblems(fitted.model);
  if (problems.length > 0) return fail(409, `校准结果不满足评分卡要求：${problems.join("；")}`);
  const { report } = fitted;
  const metrics: ModelMetrics = {
    holdout: {
      auc: report.holdout.calibrated.auc,
      ks: report.holdout.calibrated.ks,
      baseVersion: report.baseVersion,
      baseAuc: report.holdout.base.auc,
      baseKs: report.holdout.base.ks,
      size: report.holdoutSize,
      bads: report.holdoutBads,
    },
    iv: report.features,
    trainSize: report.trainSize,
    trainBadRate: report.trainBadRate,
    badDefinition: BAD_DEFINITION,
  };
  writeTransaction(db, () => {
    db.$client
      .prepare(
        "INSERT INTO score_models (version, kind, params, metrics, created_at, created_by_user_id) VALUES (?, 'calibrated', ?, ?, ?, ?)",
      )
      .run(version, JSON.stringify(fitted.model), JSON.stringify(metrics), now, actorUserId);
    recordAudit(db, {
      actorUserId,
      action: "scoring.calibrate",
      targetType: "score_model",
      targetId: version,
      detail: { samples: samples.length, bads, holdout: metrics.holdout },
      at: now,
    });
  });
  return { ok: true, version, metrics };
}

/** Makes a version the active one, with the reason on record; then every enterprise is re-scored with it. */
export function activateModel(
  db: AppDatabase,
  actorUserId: string,
  version: string,
  reason: string,
  now: number,
): Outcome<{ rescored: RescoreReport }> {
  const previous = activeModel(db, now).version;
  if (!modelByVersion(db, version)) return fail(404, "没有这个评分卡版本", { field: "version" });
  if (version === previous) return fail(409, "该版本已在使用中", { field: "version" });
  writeTransaction(db, () => {
    db.$client
      .prepare("UPDATE score_models SET activated_at = ?, activated_by_user_id = ?, activation_reason = ? WHERE version = ?")
      .run(now, actorUserId, reason, version);
    recordAudit(db, {
      actorUserId,
      action: "scoring.activate",
      targetType: "score_model",
      targetId: version,
      detail: { previous, reason },
      at: now,
    });
  });
  return { ok: true, rescored: rescoreAll(db, now, undefined, actorUserId) };
}
