/**
 * Scoring service (issue 5): reads enterprises' credit data, computes features and scores with the
 * ACTIVE model version (app/lib/scorecard), and stores them with their history.
 *
 * Reading is one indexed pass per batch of enterprises (monthly rows ordered by enterprise), never a
 * query per enterprise, so a full re-score of 100,000 enterprises stays close to the cost of reading
 * the rows. The data window ends with the last full month before `now` (month M's data arrives during
 * M+1); events are read whole, since a dishonesty entry of any age counts until it is cleared.
 *
 * The expert version is stored at first use (no migration has to carry its table) and activated when it
 * is the first version, so the stored points are always the code's EXPERT_MODEL of the day it was first needed.
 */
import type { CreditEventKind, CreditSource, PenaltySeverity, TaxGrade } from "~/domain/credit";
import type { RepairableEventKind } from "~/domain/credit-repairs";
import type { ScoreModelKind } from "~/domain/scoring";
import {
  computeFeatures,
  type CreditEventRecord,
  type FeatureInput,
  type Features,
  type KnockOut,
  type MonthlyRecord,
  type TaxGradeRecord,
} from "~/lib/scorecard/features";
import {
  EXPERT_MODEL,
  explainScore,
  scoreBounds,
  scoreEnterprise,
  type ScoredAttribute,
  type ScoreModel,
  type ScoreResult,
} from "~/lib/scorecard/model";
import { addMonths, dateOf, monthOf, startOfMonth } from "~/lib/time";
import type { AppDatabase } from "~db/connection";
import { currentRowsOf, type ModelMetrics, type ScoreReasons, type StoredReasons } from "~db/schema";
import { recordAudit } from "./audit.server";

type Sqlite = AppDatabase["$client"];

/** Enterprises read and written per transaction: big enough to amortise, small enough to not hold the lock long. */
const CHUNK = 2000;
/**
 * Months of monthly data a score reads: features.ts uses the last 12 months of every source, and 24
 * of tax for the tax trend (12 over the previous 12). Older rows, and other sources' months 13–24,
 * are never looked at, so they are not read.
 */
const WINDOW_MONTHS = 24;
const RECENT_MONTHS = 12;
const LONG_WINDOW_SOURCE: CreditSource = "tax";
export const RESCORE_ALL_ACTION = "scoring.rescore_all";

// ---- model versions -------------------------------------------------------------------------------

/**
 * Stores the code's expert version when it is not stored yet: activated when no version exists (a new
 * database), else kept as a candidate the bureau activates on /bureau/scoring. Idempotent.
 */
export function ensureExpertModel(db: AppDatabase, now: number): void {
  db.$client
    .prepare(
      `INSERT OR IGNORE INTO score_models (version, kind, params, metrics, created_at, activated_at, activation_reason)
       SELECT ?, 'expert', ?, '{}', ?, CASE WHEN n = 0 THEN ? END, CASE WHEN n = 0 THEN ? END FROM (SELECT count(*) AS n FROM score_models)`,
    )
    .run(EXPERT_MODEL.version, JSON.stringify(EXPERT_MODEL), now, now, "初始专家评分卡（首次使用时启用）");
}

/** The version that scores now: the one activated last. */
export function activeModel(db: AppDatabase, now: number): ScoreModel {
  ensureExpertModel(db, now);
  const row = db.$client
    .prepare("SELECT params FROM score_models WHERE activated_at IS NOT NULL ORDER BY activated_at DESC, rowid DESC LIMIT 1")
    .get() as { params: string };
  return JSON.parse(row.params) as ScoreModel;
}

export type ModelVersionRow = {
  version: string;
  kind: ScoreModelKind;
  name: string;
  metrics: ModelMetrics;
  createdAt: number;
  activatedAt: number | null;
  activationReason: string | null;
  active: boolean;
};

export function listModels(db: AppDatabase, now: number): ModelVersionRow[] {
  const active = activeModel(db, now).version;
  const rows = db.$client
    .prepare(
      "SELECT version, kind, params, metrics, created_at, activated_at, activation_reason FROM score_models ORDER BY created_at, version",
    )
    .all() as {
    version: string;
    kind: ScoreModelKind;
    params: string;
    metrics: string;
    created_at: number;
    activated_at: number | null;
    activation_reason: string | null;
  }[];
  return rows.map((r) => ({
    version: r.version,
    kind: r.kind,
    name: (JSON.parse(r.params) as ScoreModel).name,
    metrics: JSON.parse(r.metrics) as ModelMetrics,
    createdAt: r.created_at,
    activatedAt: r.activated_at,
    activationReason: r.activation_reason,
    active: r.version === active,
  }));
}

export function modelByVersion(db: AppDatabase, version: string): ScoreModel | null {
  const row = db.$client.prepare("SELECT params FROM score_models WHERE version = ?").get(version) as { params: string } | undefined;
  return row ? (JSON.parse(row.params) as ScoreModel) : null;
}

// ---- reading credit data --------------------------------------------------------------------------

/** The last month of the data window: the last full month before `now`. */
export const windowEnd = (now: number) => addMonths(monthOf(now), -1);

type MonthlyTuple = [
  source: CreditSource,
  month: string,
  quantity: number | null,
  paidOnTime: number | null,
  arrearsFen: number | null,
  headcount: number | null,
  taxPaidFen: number | null,
];

/** Feature inputs of a batch of enterprises, each read in one ordered pass over its table. */
export function featureInputs(db: AppDatabase, enterpriseIds: readonly number[], now: number): Map<number, FeatureInput> {
  const sqlite = db.$client;
  const ids = JSON.stringify(enterpriseIds);
  const lastMonth = windowEnd(now);
  const asOf = dateOf(now);
  const inputs = new Map<number, FeatureInput & { monthly: MonthlyRecord[]; taxGrades: TaxGradeRecord[]; events: CreditEventRecord[] }>();
  const established = sqlite
    .prepare("SELECT id, established_on FROM enterprises WHERE id IN (SELECT value FROM json_each(?))")
    .raw()
    .all(ids) as [number, string | null][];
  for (const [id, establishedOn] of established) inputs.set(id, { asOf, lastMonth, establishedOn, monthly: [], taxGrades: [], events: [] });

  // One row per enterprise with its months as a JSON array: SQLite assembles them from the covering
  // index (migration 0009), far cheaper than handing every monthly row to JavaScript on its own.
  // Current rows as readers see them: a batch still being applied counts for nothing yet.
  const monthly = sqlite
    .prepare(
      `SELECT enterprise_id, json_group_array(json_array(source, month, quantity, paid_on_time, arrears_fen, headcount, tax_paid_fen))
       FROM ${currentRowsOf("credit_monthly")} WHERE enterprise_id IN (SELECT value FROM json_each(?)) AND month BETWEEN ? AND ?
         AND (month >= ? OR source = ?)
       GROUP BY enterprise_id`,
    )
    .raw()
    .all(ids, addMonths(lastMonth, -(WINDOW_MONTHS - 1)), lastMonth, addMonths(lastMonth, -(RECENT_MONTHS - 1)), LONG_WINDOW_SOURCE) as [
    number,
    string,
  ][];
  for (const [id, rows] of monthly) {
    const input = inputs.get(id);
    if (!input) continue;
    for (const [source, month, quantity, paidOnTime, arrearsFen, headcount, taxPaidFen] of JSON.parse(rows) as MonthlyTuple[]) {
      input.monthly.push({
        source,
        month,
        quantity,
        paidOnTime: paidOnTime === null ? null : paidOnTime === 1,
        arrearsFen,
        headcount,
        taxPaidFen,
      });
    }
  }
  const grades = sqlite
    .prepare(
      `SELECT enterprise_id, year, grade FROM ${currentRowsOf("credit_tax_grades")} WHERE enterprise_id IN (SELECT value FROM json_each(?))`,
    )
    .raw()
    .all(ids) as [number, number, TaxGrade][];
  for (const [id, year, grade] of grades) inputs.get(id)?.taxGrades.push({ year, grade });
  const events = sqlite
    .prepare(
      `SELECT enterprise_id, kind, occurred_on, severity, reference, repairs_reference, repairs_kind, listing_reference FROM ${currentRowsOf("credit_events")} WHERE enterprise_id IN (SELECT value FROM json_each(?))`,
    )
    .raw()
    .all(ids) as [
    number,
    CreditEventKind,
    string,
    PenaltySeverity | null,
    string,
    string | null,
    RepairableEventKind | null,
    string | null,
  ][];
  for (const [id, kind, occurredOn, severity, reference, repairsReference, repairsKind, listingReference] of events)
    inputs.get(id)?.events.push({ kind, occurredOn, severity, reference, repairsReference, repairsKind, listingReference });
  return inputs;
}

/**
 * Features of enterprises each as of its own moment (calibration: a loan's disbursement), read the
 * same way as for scoring, one pass per distinct moment. Results follow the order of `requests`.
 */
export function featuresAt(db: AppDatabase, requests: readonly { enterpriseId: number; at: number }[]): Features[] {
  const byMoment = new Map<number, number[]>();
  for (const { enterpriseId, at } of requests) {
    const ids = byMoment.get(at);
    if (ids) ids.push(enterpriseId);
    else byMoment.set(at, [enterpriseId]);
  }
  const found = new Map<string, Features>();
  for (const [at, ids] of byMoment) {
    for (let i = 0; i < ids.length; i += CHUNK) {
      for (const [id, input] of featureInputs(db, ids.slice(i, i + CHUNK), at)) found.set(`${id}@${at}`, computeFeatures(input));
    }
  }
  return requests.map(({ enterpriseId, at }) => {
    const features = found.get(`${enterpriseId}@${at}`);
    if (!features) throw new Error(`enterprise ${enterpriseId} does not exist`);
    return features;
  });
}

/** The enterprise's knock-outs as of `now`, from its credit data (the scorecard's own rules). */
export function knockOutsAt(db: AppDatabase, enterpriseId: number, now: number): KnockOut[] {
  return featuresAt(db, [{ enterpriseId, at: now }])[0]!.knockOuts;
}

// ---- computing and storing ------------------------------------------------------------------------

/** The knock-outs are stored as code and reason: the records behind them are read from the credit data when needed (interception). */
const storedReasons = (r: ScoreResult): StoredReasons => ({
  improvements: r.improvements,
  knockOuts: r.knockOuts.map(({ code, reason }) => ({ code, reason })),
});

/**
 * Scores one batch and stores what changed, in one write transaction. A result identical to the
 * current row (same version, window, score and explanation) is not written again, so the history
 * shows changes and monthly windows, not every re-run. Only the attributes and what the table cannot
 * rebuild are stored (a few hundred bytes, not the two kilobytes of the worded explanation): writing
 * the words took a third of a full re-score.
 */
function scoreChunk(db: AppDatabase, ids: readonly number[], model: ScoreModel, now: number): number {
  const inputs = featureInputs(db, ids, now);
  const results: [number, string, ScoreResult, string, string][] = [];
  for (const [id, input] of inputs) {
    const result = scoreEnterprise(computeFeatures(input), model);
    results.push([id, input.lastMonth, result, JSON.stringify(result.attributes), JSON.stringify(storedReasons(result))]);
  }
  const sqlite: Sqlite = db.$client;
  return sqlite
    .transaction(() => {
      const current = new Map(
        (
          sqlite
            .prepare(
              "SELECT enterprise_id, id, model_version || '|' || as_of_month || '|' || score || '|' || knocked_out || '|' || contributions || '|' || reasons FROM credit_scores WHERE is_current = 1 AND enterprise_id IN (SELECT value FROM json_each(?))",
            )
            .raw()
            .all(JSON.stringify(ids)) as [number, number, string][]
        ).map(([enterpriseId, id, key]) => [enterpriseId, { id, key }]),
      );
      const retire = sqlite.prepare("UPDATE credit_scores SET is_current = 0 WHERE id = ?");
      const insert = sqlite.prepare(
        "INSERT INTO credit_scores (enterprise_id, model_version, as_of_month, score, grade, knocked_out, contributions, reasons, computed_at, is_current) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
      );
      let written = 0;
      for (const [id, lastMonth, r, contributions, reasons] of results) {
        const old = current.get(id);
        if (old?.key === `${r.modelVersion}|${lastMonth}|${r.score}|${Number(r.knockedOut)}|${contributions}|${reasons}`) continue;
        if (old) retire.run(old.id);
        insert.run(id, r.modelVersion, lastMonth, r.score, r.grade, Number(r.knockedOut), contributions, reasons, now);
        written += 1;
      }
      return written;
    })
    .immediate();
}

export type RescoreReport = { scored: number; written: number; modelVersion: string };

/** Re-scores these enterprises (after a batch touched them) with the active version. */
export function rescoreEnterprises(db: AppDatabase, enterpriseIds: readonly number[], now: number): RescoreReport {
  const model = activeModel(db, now);
  const ids = [...new Set(enterpriseIds)].sort((a, b) => a - b);
  let written = 0;
  for (let i = 0; i < ids.length; i += CHUNK) written += scoreChunk(db, ids.slice(i, i + CHUNK), model, now);
  return { scored: ids.length, written, modelVersion: model.version };
}

/** Re-scores every enterprise, batch by batch, and records the run (the monthly sweep looks for it). */
export function rescoreAll(
  db: AppDatabase,
  now: number,
  progress: (done: number, total: number) => void = () => {},
  actorUserId: string | null = null,
): RescoreReport {
  const model = activeModel(db, now);
  const ids = (db.$client.prepare("SELECT id FROM enterprises ORDER BY id").raw().all() as [number][]).map(([id]) => id);
  let written = 0;
  progress(0, ids.length);
  for (let i = 0; i < ids.length; i += CHUNK) {
    written += scoreChunk(db, ids.slice(i, i + CHUNK), model, now);
    progress(Math.min(ids.length, i + CHUNK), ids.length);
  }
  recordAudit(db, {
    actorUserId,
    action: RESCORE_ALL_ACTION,
    targetType: "score_model",
    targetId: model.version,
    detail: { scored: ids.length, written, asOfMonth: windowEnd(now) },
    at: now,
  });
  return { scored: ids.length, written, modelVersion: model.version };
}

/** The monthly re-score, when no full re-score ran yet this month (start-up and the periodic sweep). */
export function rescoreIfDue(db: AppDatabase, now: number, progress?: (done: number, total: number) => void): RescoreReport | null {
  const done = db.$client
    .prepare("SELECT 1 FROM audit_log WHERE at >= ? AND action = ? LIMIT 1")
    .get(startOfMonth(monthOf(now)), RESCORE_ALL_ACTION);
  return done ? null : rescoreAll(db, now, progress);
}

// ---- reading scores -------------------------------------------------------------------------------

export type StoredScore = {
  enterpriseId: number;
  modelVersion: string;
  asOfMonth: string;
  score: number;
  grade: "A" | "B" | "C" | "D";
  knockedOut: boolean;
  contributions: ScoreResult["contributions"];
  reasons: ScoreReasons;
  computedAt: number;
};

type ScoreRow = {
  enterprise_id: number;
  model_version: string;
  as_of_month: string;
  score: number;
  grade: StoredScore["grade"];
  knocked_out: number;
  contributions: string;
  reasons: string;
  computed_at: number;
};

/** Stored versions never change (activation only dates them), so each connection parses each one once. */
const parsedModels = new WeakMap<Sqlite, Map<string, ScoreModel>>();

function storedModel(db: AppDatabase, version: string): ScoreModel {
  const cache = parsedModels.get(db.$client) ?? new Map<string, ScoreModel>();
  parsedModels.set(db.$client, cache);
  const model = cache.get(version) ?? modelByVersion(db, version);
  if (!model) throw new Error(`score model ${version} is not stored`);
  cache.set(version, model);
  return model;
}

type ScoreSummary = Omit<StoredScore, "contributions" | "reasons">;

const toSummary = (r: Omit<ScoreRow, "contributions" | "reasons">): ScoreSummary => ({
  enterpriseId: r.enterprise_id,
  modelVersion: r.model_version,
  asOfMonth: r.as_of_month,
  score: r.score,
  grade: r.grade,
  knockedOut: r.knocked_out === 1,
  computedAt: r.computed_at,
});

function toStored(db: AppDatabase, r: ScoreRow): StoredScore {
  const { contributions, reasonsUp, reasonsDown } = explainScore(
    storedModel(db, r.model_version),
    JSON.parse(r.contributions) as ScoredAttribute[],
  );
  return { ...toSummary(r), contributions, reasons: { up: reasonsUp, down: reasonsDown, ...(JSON.parse(r.reasons) as StoredReasons) } };
}

/** The lowest and highest score a stored version can give: the scale a score is drawn on. */
export const scoreScale = (db: AppDatabase, version: string) => scoreBounds(storedModel(db, version));

export function currentScore(db: AppDatabase, enterpriseId: number): StoredScore | null {
  const row = db.$client.prepare("SELECT * FROM credit_scores WHERE enterprise_id = ? AND is_current = 1").get(enterpriseId) as
    ScoreRow | undefined;
  return row ? toStored(db, row) : null;
}

/** Every stored score of an enterprise, oldest first. */
export function scoreHistory(db: AppDatabase, enterpriseId: number): ScoreSummary[] {
  const rows = db.$client
    .prepare(
      "SELECT enterprise_id, model_version, as_of_month, score, grade, knocked_out, computed_at FROM credit_scores WHERE enterprise_id = ? ORDER BY computed_at, id",
    )
    .all(enterpriseId) as Omit<ScoreRow, "contributions" | "reasons">[];
  return rows.map(toSummary);
}
