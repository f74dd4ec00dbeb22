/**
 * The one ingest path for credit data, whatever the door (sync, upload, push, objection correction).
 *
 * 1. Every row is validated (valibot schema, or for monthly rows its fast path that accepts exactly
 *    the same; the provider's own sources, no duplicate key within the batch). A batch with any bad
 *    row changes nothing: it is recorded as rejected with every bad row listed (row number, field,
 *    reason), so the sender fixes and re-sends.
 *    A row for a firm not (yet) registered on the portal is not bad: a utility's monthly file covers
 *    the whole city (应归尽归). It is kept under the firm's code and attached when the firm registers;
 *    the report counts such rows (rowsUnregistered). A sender may ask to refuse them instead.
 * 2. A good batch is applied all or nothing. A value equal to the current one is left alone; a
 *    different one supersedes it (the old row stays, marked with the superseding batch). Outside a
 *    caller's transaction the rows are written in short transactions that each commit, so a
 *    200,000-row batch never holds SQLite's one write lock for long (web writers wait on it, and
 *    better-sqlite3 waits synchronously, stalling their whole event loop). Until the last one
 *    commits the batch is "applying": readers neither see its rows nor miss the rows it supersedes
 *    (db/schema/credit.ts, currentRowSql). A batch abandoned mid-way (kill -9) stays invisible and is
 *    rolled back by the next import or the maintenance sweep (rollBackAbandonedBatches).
 * 3. Re-sending is harmless: the same batch id, or the same content, answers with the first report
 *    and changes nothing. A batch id reused for different content is refused.
 * 4. After the transaction, the enterprises an applied batch changed are re-scored (not for the demo
 *    seed, whose last step scores every enterprise at once).
 */
import { createHash } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import * as v from "valibot";
import { CREDIT_EVENT_KIND_LABELS, type BatchKind, type BatchOrigin } from "~/domain/credit";
import type { RepairableEventKind } from "~/domain/credit-repairs";
import { canonicalJson } from "~/lib/canonical-json";
import {
  eventRowSchema,
  FIELD_LABELS,
  monthlyRowParser,
  monthlyRowSchema,
  registryRowSchema,
  taxGradeRowSchema,
  type EventRow,
  type MonthlyRow,
  type RegistryRow,
  type TaxGradeRow,
} from "~/lib/validation/credit";
import { writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import { creditBatches, creditBatchRejections, currentRowSql } from "~db/schema";
import { alertAdverseRecords } from "./adverse-alerts.server";
import { rescoreEnterprises } from "./scoring.server";
import { checkRegistrationsAgainstRegistry } from "./registry-checks.server";
import { isProcessAlive } from "./processes.server";

export type BatchSpec = {
  origin: BatchOrigin;
  providerId: number | null;
  kind: BatchKind;
  /** Monthly batches: the source for rows that do not name one. */
  source?: string | null;
  /** Monthly batches: the month for rows that do not name one. */
  month?: string | null;
  externalId?: string | null;
  filename?: string | null;
  actorUserId?: string | null;
  /** Sources (or "tax_grade", "event") the sender may write; null for bureau staff, who may write all. */
  allowedSources: readonly string[] | null;
  rows: readonly Record<string, unknown>[];
  /** How the sender numbers the first row (2 for a spreadsheet with one header row). */
  firstRowNumber?: number;
  /**
   * Runs inside the transaction that records the batch, applied or rejected, so the sender's own
   * bookkeeping (the sync client's staged pages) commits or rolls back with it. Not called for a duplicate.
   */
  alsoInTransaction?: (tx: Tx) => void;
  /** Each row's own number, when rows are not consecutive (a spreadsheet's blank rows were left out). */
  rowNumbers?: readonly number[];
  /** The sender's choice: a row for a firm not registered on the portal is a rejection, not kept. */
  refuseUnregistered?: boolean;
  /**
   * Re-score the enterprises the batch changed once it is applied (default: yes, except for the demo
   * seed, whose last step scores every enterprise at once). The ingest benchmark times it on its own.
   */
  rescore?: boolean;
};

export type Rejection = { row: number; field: string; reason: string; value: string | null };

export type BatchReport = {
  batchId: number;
  status: "applied" | "rejected";
  /** True when this answer repeats an earlier batch's report: nothing was changed. */
  duplicate: boolean;
  kind: BatchKind;
  source: string | null;
  month: string | null;
  rowsTotal: number;
  rowsAccepted: number;
  rowsRejected: number;
  rowsSuperseded: number;
  rowsUnchanged: number;
  /** Accepted rows for firms not on the portal (未入驻企业), kept for when they register. */
  rowsUnregistered: number;
  rejections: Rejection[];
  touchedEnterpriseIds: number[];
};

export class BatchConflictError extends Error {
  constructor() {
    super("该批次号已用于内容不同的另一批数据；更正数据请使用新的批次号");
  }
}

/** A row this batch would change was written by another batch still being applied: send it again shortly. */
export class BatchApplyingError extends Error {
  constructor() {
    super("该数据正由另一批次导入中，请在导入完成后再试");
  }
}

export type Progress = (done: number, total: number, phase: "validate" | "apply") => void;

const MAX_STORED_REJECTIONS = 10_000;
/** Progress is reported every this many rows. */
const PROGRESS_ROWS = 10_000;

/** A valid row; enterpriseId is null for a firm not registered on the portal. */
type Valid =
  | { kind: "monthly"; row: MonthlyRow; enterpriseId: number | null }
  | { kind: "tax_grade"; row: TaxGradeRow; enterpriseId: number | null }
  | { kind: "event"; row: EventRow; enterpriseId: number | null }
  | { kind: "registry"; row: RegistryRow; enterpriseId: number | null };

function keyOf(valid: Valid): string {
  switch (valid.kind) {
    case "monthly":
      return `${valid.row.uscc}|${valid.row.source}|${valid.row.month}`;
    case "tax_grade":
      return `${valid.row.uscc}|${valid.row.year}`;
    case "event":
      return `${valid.row.uscc}|${valid.row.kind}|${valid.row.reference}`;
    case "registry":
      return valid.row.uscc;
  }
}

/**
 * SHA-256 of canonicalJson({ kind, providerId, rows }), fed row by row so a big batch never becomes
 * one huge string. The text hashed is exactly that canonical JSON, so stored hashes keep matching.
 */
export function contentHasher(kind: BatchKind, providerId: number | null) {
  const hash = createHash("sha256");
  let text = `{"kind":${canonicalJson(kind)},"providerId":${canonicalJson(providerId)},"rows":[`;
  let count = 0;
  return {
    add(row: Record<string, unknown>) {
      text += (count++ === 0 ? "" : ",") + canonicalJson(row);
      if (text.length > 1 << 16) {
        hash.update(text, "utf8");
        text = "";
      }
    },
    digest: () => hash.update(`${text}]}`, "utf8").digest("hex"),
  };
}

function valueText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function storedReport(db: AppDatabase, batchId: number, touched: number[] = []): BatchReport {
  const batch = db.select().from(creditBatches).where(eq(creditBatches.id, batchId)).get()!;
  const rejections = db
    .select()
    .from(creditBatchRejections)
    .where(eq(creditBatchRejections.batchId, batchId))
    .orderBy(creditBatchRejections.rowNumber, creditBatchRejections.id)
    .all()
    .map((r) => ({ row: r.rowNumber, field: r.field, reason: r.reason, value: r.value }));
  return {
    batchId,
    // Reports are of finished batches only: applying ones are never answered for.
    status: batch.status as BatchReport["status"],
    duplicate: false,
    kind: batch.kind,
    source: batch.source,
    month: batch.month,
    rowsTotal: batch.rowsTotal,
    rowsAccepted: batch.rowsAccepted,
    rowsRejected: batch.rowsRejected,
    rowsSuperseded: batch.rowsSuperseded,
    rowsUnchanged: batch.rowsUnchanged,
    rowsUnregistered: batch.rowsUnregistered,
    rejections,
    touchedEnterpriseIds: touched,
  };
}

/** The earlier batch this one repeats, if any (same sender and id, or same content). */
function earlierBatch(db: AppDatabase, spec: BatchSpec, contentHash: string) {
  if (spec.externalId) {
    const byId = db
      .select()
      .from(creditBatches)
      .where(
        and(
          eq(creditBatches.origin, spec.origin),
          spec.providerId === null ? undefined : eq(creditBatches.providerId, spec.providerId),
          eq(creditBatches.externalId, spec.externalId),
        ),
      )
      .get();
    if (byId) {
      if (byId.contentHash !== contentHash) throw new BatchConflictError();
      return byId;
    }
  }
  // A correction is a decision about one objection (its batch id says which), not a re-sent file: it
  // must apply even when it restates a value some earlier batch once carried.
  if (spec.origin === "objection") return undefined;
  return db
    .select()
    .from(creditBatches)
    .where(and(eq(creditBatches.contentHash, contentHash), eq(creditBatches.status, "applied")))
    .orderBy(desc(creditBatches.id))
    .get();
}

export function ingestBatch(db: AppDatabase, spec: BatchSpec, now: number, progress: Progress = () => {}): BatchReport {
  // One pass over the rows both hashes and validates them, so a big batch is read once and never
  // copied whole. A re-sent batch is found by the hash after the pass and answered as before.
  const rows = spec.rows;
  const withBatchDefaults =
    spec.kind === "monthly"
      ? (r: Record<string, unknown>) => ({ source: spec.source ?? undefined, month: spec.month ?? undefined, ...r })
      : (r: Record<string, unknown>) => r;
  const hash = contentHasher(spec.kind, spec.providerId);
  const schema = ROW_SCHEMAS[spec.kind](now);
  // Monthly batches are the big ones: good rows take the fast path, the schema explains the rest.
  const fast = spec.kind === "monthly" ? monthlyRowParser(now) : () => null;
  // Raw pairs, not row objects: a city has tens of thousands of enterprises.
  const enterpriseIds = registeredEnterpriseIds(db);
  const firstRow = spec.firstRowNumber ?? 1;
  const rejections: Rejection[] = [];
  const reject = (row: number, field: string, reason: string, value: unknown) =>
    rejections.push({ row, field, reason, value: valueText(value) });
  const valid: Valid[] = [];
  const seen = new Map<string, number>();
  let unregistered = 0;
  rows.forEach((sent, index) => {
    // A monthly row without its own source or month takes the batch's, for the hash too.
    const raw = withBatchDefaults(sent);
    hash.add(raw);
    if (index % 10_000 === 9_999) progress(index + 1, rows.length, "validate");
    const rowNumber = spec.rowNumbers?.[index] ?? firstRow + index;
    let row = fast(raw) as (MonthlyRow & TaxGradeRow & EventRow & RegistryRow) | null;
    if (row === null) {
      const parsed = v.safeParse(schema, raw);
      if (!parsed.success) {
        for (const issue of parsed.issues) {
          const key = issue.path?.map((p) => String(p.key)).join(".") ?? "";
          reject(rowNumber, FIELD_LABELS[key] ?? (key || "整行"), issue.message, issue.path?.at(-1)?.value ?? raw);
        }
        return;
      }
      row = parsed.output as MonthlyRow & TaxGradeRow & EventRow & RegistryRow;
    }
    const enterpriseId = enterpriseIds.get(row.uscc) ?? null;
    if (enterpriseId === null && spec.kind !== "registry" && spec.refuseUnregistered) {
      return reject(rowNumber, FIELD_LABELS.uscc!, "该统一社会信用代码未在平台注册（本批次要求拒收未入驻企业的数据）", row.uscc);
    }
    // A row may name its source and month, but not other ones than the batch it is sent in.
    if (spec.kind === "monthly" && spec.source && row.source !== spec.source) {
      return reject(rowNumber, FIELD_LABELS.source!, `与本批次的数据源（${spec.source}）不一致`, row.source);
    }
    if (spec.kind === "monthly" && spec.month && row.month !== spec.month) {
      return reject(rowNumber, FIELD_LABELS.month!, `与本批次的月份（${spec.month}）不一致`, row.month);
    }
    const permission = spec.kind === "monthly" ? row.source : spec.kind;
    if (spec.allowedSources && !spec.allowedSources.includes(permission)) {
      return reject(rowNumber, FIELD_LABELS.source!, "无权报送该数据源", permission);
    }
    const item = { kind: spec.kind, row, enterpriseId } as Valid;
    const key = keyOf(item);
    const first = seen.get(key);
    if (first !== undefined) return reject(rowNumber, "整行", `与第 ${first} 行重复（同一企业、同一数据项）`, null);
    seen.set(key, rowNumber);
    valid.push(item);
    if (enterpriseId === null && spec.kind !== "registry") unregistered += 1;
  });
  const contentHash = hash.digest();
  // A batch still applying is not an earlier one: wait until it is applied or rolled back.
  if (!db.$client.inTransaction) waitWhileApplying(db);
  const earlier = earlierBatch(db, spec, contentHash);
  if (earlier) return { ...storedReport(db, earlier.id), duplicate: true };
  if (spec.kind === "event") {
    checkTargets(db.$client, valid, (item) => seen.get(keyOf(item))!, reject);
    rejections.sort((a, b) => a.row - b.row);
  }
  progress(rows.length, rows.length, "validate");

  const batchValues = {
    origin: spec.origin,
    providerId: spec.providerId,
    kind: spec.kind,
    source: spec.kind === "monthly" ? (spec.source ?? null) : null,
    month: spec.kind === "monthly" ? (spec.month ?? null) : null,
    externalId: spec.externalId ?? null,
    contentHash,
    rowsTotal: rows.length,
    filename: spec.filename ?? null,
    createdAt: now,
    createdByUserId: spec.actorUserId ?? null,
  };

  if (rejections.length > 0) {
    const rejectedRows = new Set(rejections.map((r) => r.row)).size;
    const batchId = writeTransaction(db, (tx) => {
      const id = tx
        .insert(creditBatches)
        .values({ ...batchValues, status: "rejected", rowsAccepted: 0, rowsRejected: rejectedRows })
        .returning({ id: creditBatches.id })
        .get().id;
      const insert = db.$client.prepare(
        "INSERT INTO credit_batch_rejections (batch_id, row_number, field, reason, value) VALUES (?, ?, ?, ?, ?)",
      );
      for (const r of rejections.slice(0, MAX_STORED_REJECTIONS)) insert.run(id, r.row, r.field, r.reason, r.value);
      spec.alsoInTransaction?.(tx);
      return id;
    });
    return { ...storedReport(db, batchId), rejections };
  }

  // ---- apply, all or nothing ---------------------------------------------------------------------
  const touched = new Set<number>();
  const batchId = db.$client.inTransaction
    ? applyInOneTransaction(db, spec, batchValues, valid, unregistered, now, touched, progress)
    : applyInChunks(db, spec, batchValues, valid, unregistered, now, touched, progress);
  if (spec.kind === "event") alertAdverseRecords(db, batchId, now);
  if (spec.kind === "registry") checkRegistrationsAgainstRegistry(db, batchId, now);
  const touchedIds = [...touched].sort((a, b) => a - b);
  if (spec.rescore ?? spec.origin !== "seed") rescoreEnterprises(db, touchedIds, now);
  return storedReport(db, batchId, touchedIds);
}

type BatchValues = Omit<typeof creditBatches.$inferInsert, "status" | "rowsAccepted" | "rowsRejected">;

/** Inside a caller's transaction (an objection's correction, the demo seed): it commits with theirs. */
function applyInOneTransaction(
  db: AppDatabase,
  spec: BatchSpec,
  batchValues: BatchValues,
  valid: Valid[],
  unregistered: number,
  now: number,
  touched: Set<number>,
  progress: Progress,
): number {
  return writeTransaction(db, (tx) => {
    const id = tx
      .insert(creditBatches)
      .values({ ...batchValues, status: "applied", rowsAccepted: valid.length, rowsRejected: 0, rowsUnregistered: unregistered })
      .returning({ id: creditBatches.id })
      .get().id;
    const counts = { rowsSuperseded: 0, rowsUnchanged: 0 };
    for (let done = 0; done < valid.length; done += PROGRESS_ROWS) {
      // Same connection as the transaction: the raw statements run inside it.
      const written = apply(db.$client, id, valid.slice(done, done + PROGRESS_ROWS), now, touched);
      counts.rowsSuperseded += written.rowsSuperseded;
      counts.rowsUnchanged += written.rowsUnchanged;
      progress(Math.min(done + PROGRESS_ROWS, valid.length), valid.length, "apply");
    }
    tx.update(creditBatches).set(counts).where(eq(creditBatches.id, id)).run();
    spec.alsoInTransaction?.(tx);
    return id;
  });
}

/**
 * How long one chunk may hold the write lock, and the pause after it. A web writer that meets the
 * lock retries on SQLite's busy-handler schedule (1, 2, 5, 10, 15, 20, 25 … ms apart): a pause longer
 * than those gaps lets it in between two chunks instead of waiting for the whole batch.
 */
const CHUNK_MS = 50;
const PAUSE_MS = 20;
/** Rows written between two looks at the clock. */
const ROWS_PER_CHECK = 250;
/** An applying batch whose writer has not committed a chunk for this long is abandoned. */
const STALE_MS = 60_000;
/** How often a second import looks whether the one applying has finished. */
const WAIT_MS = 250;

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function applyInChunks(
  db: AppDatabase,
  spec: BatchSpec,
  batchValues: BatchValues,
  valid: Valid[],
  unregistered: number,
  now: number,
  touched: Set<number>,
  progress: Progress,
): number {
  const id = claimApplying(db, batchValues, valid.length, unregistered);
  try {
    const counts = { rowsSuperseded: 0, rowsUnchanged: 0 };
    let done = 0;
    while (done < valid.length) {
      const started = performance.now();
      writeTransaction(db, () => {
        while (done < valid.length && performance.now() - started < CHUNK_MS) {
          const part = valid.slice(done, done + ROWS_PER_CHECK);
          const written = apply(db.$client, id, part, now, touched);
          counts.rowsSuperseded += written.rowsSuperseded;
          counts.rowsUnchanged += written.rowsUnchanged;
          done += part.length;
          if (done % PROGRESS_ROWS < part.length) progress(done, valid.length, "apply");
        }
        db.$client.prepare("UPDATE credit_batches SET applying_at = ? WHERE id = ?").run(Date.now(), id);
      });
      pause(PAUSE_MS);
    }
    // The last chunk: the batch and everything written under it become visible at once.
    writeTransaction(db, (tx) => {
      tx.update(creditBatches)
        .set({ ...counts, status: "applied", applyingPid: null, applyingAt: null })
        .where(eq(creditBatches.id, id))
        .run();
      spec.alsoInTransaction?.(tx);
    });
    return id;
  } catch (error) {
    rollBackBatch(db, id);
    throw error;
  }
}

/**
 * Records the batch as applying, once no other batch is (one at a time: a rollback undoes exactly
 * what one batch superseded). An abandoned one is rolled back first; a live one is waited for.
 */
function claimApplying(db: AppDatabase, batchValues: BatchValues, accepted: number, unregistered: number): number {
  for (;;) {
    waitWhileApplying(db);
    const id = writeTransaction(db, (tx) => {
      if (tx.select({ id: creditBatches.id }).from(creditBatches).where(eq(creditBatches.status, "applying")).get()) return null;
      return tx
        .insert(creditBatches)
        .values({
          ...batchValues,
          status: "applying",
          rowsAccepted: accepted,
          rowsRejected: 0,
          rowsUnregistered: unregistered,
          applyingPid: process.pid,
          applyingAt: Date.now(),
        })
        .returning({ id: creditBatches.id })
        .get().id;
    });
    if (id !== null) return id;
    pause(WAIT_MS);
  }
}

function waitWhileApplying(db: AppDatabase): void {
  const applying = db.$client.prepare("SELECT 1 FROM credit_batches WHERE status = 'applying'");
  for (;;) {
    rollBackAbandonedBatches(db, Date.now());
    if (!applying.get()) return;
    pause(WAIT_MS);
  }
}

/**
 * Rolls back batches left applying by a writer that died (its process is gone, or it has not
 * committed a chunk for a minute). They were never visible; this frees their place and their batch
 * id for the sender's retry. Run before each import and by the maintenance sweep (so at start-up).
 */
export function rollBackAbandonedBatches(db: AppDatabase, now: number): number {
  const applying = db.$client
    .prepare("SELECT id, applying_pid AS pid, applying_at AS at FROM credit_batches WHERE status = 'applying'")
    .all() as { id: number; pid: number | null; at: number | null }[];
  const abandoned = applying.filter((b) => b.pid === null || b.at === null || !isProcessAlive(b.pid) || now - b.at > STALE_MS);
  for (const b of abandoned) rollBackBatch(db, b.id);
  return abandoned.length;
}

/** Undoes an applying batch, in chunks too: it stays applying (invisible) until its row goes last. */
function rollBackBatch(db: AppDatabase, batchId: number): void {
  const sqlite = db.$client;
  for (const table of Object.values(TABLES)) {
    const restore = sqlite.prepare(
      `UPDATE ${table} SET superseded_by_batch_id = NULL, superseded_at = NULL WHERE id IN (SELECT id FROM ${table} WHERE superseded_by_batch_id = ? LIMIT ?)`,
    );
    const remove = sqlite.prepare(`DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE batch_id = ? LIMIT ?)`);
    // The batch's own rows go first, so a restored row never meets a current row of the same key.
    for (const statement of [remove, restore]) {
      while (writeTransaction(db, () => statement.run(batchId, ROLLBACK_ROWS).changes) > 0) pause(PAUSE_MS);
    }
  }
  sqlite.prepare("DELETE FROM credit_batches WHERE id = ? AND status = 'applying'").run(batchId);
}

/** Rows removed or restored per transaction when a batch is rolled back. */
const ROLLBACK_ROWS = 2_000;

type Sqlite = AppDatabase["$client"];

const ROW_SCHEMAS = {
  monthly: monthlyRowSchema,
  tax_grade: taxGradeRowSchema,
  event: eventRowSchema,
  registry: registryRowSchema,
} as const;

const TABLES: Record<BatchKind, string> = {
  monthly: "credit_monthly",
  tax_grade: "credit_tax_grades",
  event: "credit_events",
  registry: "business_registry",
};

/**
 * A repair names the penalty or listing it repairs, an exit the listing it ends: the firm must hold
 * that record, already (its current rows, kept by code whether or not it is on the portal) or in this
 * batch. A repair that does not say which kind it repairs gets the kind of the one record found; a
 * reference that is both a penalty and a listing of the firm must be told apart by the sender.
 */
function checkTargets(
  sqlite: Sqlite,
  valid: readonly Valid[],
  rowNumberOf: (item: Valid) => number,
  reject: (row: number, field: string, reason: string, value: unknown) => void,
): void {
  const acting = valid.filter(
    (i): i is Valid & { kind: "event" } => i.kind === "event" && (i.row.kind === "credit_repair" || i.row.kind === "dishonest_exit"),
  );
  if (acting.length === 0) return;
  const held = new Map<string, Set<RepairableEventKind>>(); // uscc|reference → kinds held
  const hold = (uscc: string, kind: RepairableEventKind, reference: string) => {
    const key = `${uscc}|${reference}`;
    held.set(key, (held.get(key) ?? new Set()).add(kind));
  };
  const usccs = JSON.stringify([...new Set(acting.map((i) => i.row.uscc))]);
  const stored = sqlite
    .prepare(
      `SELECT e.uscc, e.kind, e.reference FROM credit_events e
       WHERE e.uscc IN (SELECT value FROM json_each(?)) AND e.kind IN ('penalty', 'dishonest_entry') AND ${currentRowSql("e")}`,
    )
    .raw()
    .all(usccs) as [string, RepairableEventKind, string][];
  for (const [uscc, kind, reference] of stored) hold(uscc, kind, reference);
  for (const i of valid) {
    if (i.kind === "event" && (i.row.kind === "penalty" || i.row.kind === "dishonest_entry")) hold(i.row.uscc, i.row.kind, i.row.reference);
  }
  for (const item of acting) {
    const r = item.row;
    const row = rowNumberOf(item);
    if (r.kind === "dishonest_exit") {
      if (!held.get(`${r.uscc}|${r.listingReference}`)?.has("dishonest_entry")) {
        reject(
          row,
          FIELD_LABELS.listingReference!,
          `移出对象不存在：该企业没有文书号为“${r.listingReference}”的列入严重失信主体名单记录`,
          r.listingReference,
        );
      }
      continue;
    }
    const kinds = held.get(`${r.uscc}|${r.repairsReference}`) ?? new Set<RepairableEventKind>();
    if (r.repairsKind !== null) {
      if (!kinds.has(r.repairsKind)) {
        reject(
          row,
          FIELD_LABELS.repairsReference!,
          `修复对象不存在：该企业没有文书号为“${r.repairsReference}”的${CREDIT_EVENT_KIND_LABELS[r.repairsKind]}记录`,
          r.repairsReference,
        );
      }
    } else if (kinds.size === 0) {
      reject(
        row,
        FIELD_LABELS.repairsReference!,
        `修复对象不存在：该企业没有文书号为“${r.repairsReference}”的行政处罚或列入严重失信主体名单记录`,
        r.repairsReference,
      );
    } else if (kinds.size > 1) {
      reject(
        row,
        FIELD_LABELS.repairsKind!,
        `该企业文书号为“${r.repairsReference}”的记录既有行政处罚又有列入严重失信主体名单，请填写修复对象类型`,
        null,
      );
    } else {
      r.repairsKind = [...kinds][0]!;
    }
  }
}

/** Code → id of every enterprise on the portal (a disabled registration holds no data). Raw pairs: a city has tens of thousands. */
function registeredEnterpriseIds(db: AppDatabase): Map<string, number> {
  return new Map(db.$client.prepare("SELECT uscc, id FROM enterprises WHERE disabled_at IS NULL").raw().all() as [string, number][]);
}

/**
 * Writes the rows; returns how many superseded an existing value and how many were unchanged. The
 * current rows are read in the same transaction; one a batch still applying wrote is not touched.
 */
function apply(sqlite: Sqlite, batchId: number, valid: Valid[], now: number, touched: Set<number>) {
  let rowsSuperseded = 0;
  let rowsUnchanged = 0;
  if (valid.length === 0) return { rowsSuperseded, rowsUnchanged };
  const supersede = sqlite.prepare(`UPDATE ${TABLES[valid[0]!.kind]} SET superseded_by_batch_id = ?, superseded_at = ? WHERE id = ?`);
  const current = currentRows(sqlite, valid);
  const applyingIds = new Set(sqlite.prepare("SELECT id FROM credit_batches WHERE status = 'applying'").pluck().all() as number[]);
  const insertMonthly = sqlite.prepare(
    "INSERT INTO credit_monthly (uscc, enterprise_id, source, month, quantity, billed_fen, paid_fen, paid_on_time, arrears_fen, headcount, tax_paid_fen, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertGrade = sqlite.prepare("INSERT INTO credit_tax_grades (uscc, enterprise_id, year, grade, batch_id) VALUES (?, ?, ?, ?, ?)");
  const insertEvent = sqlite.prepare(
    "INSERT INTO credit_events (uscc, enterprise_id, kind, occurred_on, severity, reference, authority, description, repairs_reference, repairs_kind, listing_reference, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertRegistry = sqlite.prepare(
    "INSERT INTO business_registry (uscc, name, legal_rep_name, status, batch_id) VALUES (?, ?, ?, ?, ?)",
  );
  valid.forEach((item) => {
    const existing = current.size > 0 ? current.get(keyOf(item)) : undefined;
    if (existing) {
      if (existing.batchId !== batchId && applyingIds.has(existing.batchId)) throw new BatchApplyingError();
      if (existing.values === valuesOf(item)) {
        rowsUnchanged += 1;
        return;
      }
      supersede.run(batchId, now, existing.id);
      rowsSuperseded += 1;
    }
    if (item.kind === "monthly") {
      const r = item.row;
      insertMonthly.run(
        r.uscc,
        item.enterpriseId,
        r.source,
        r.month,
        r.quantity,
        r.billedFen,
        r.paidFen,
        r.paidOnTime === null ? null : Number(r.paidOnTime),
        r.arrearsFen,
        r.headcount,
        r.taxPaidFen,
        batchId,
      );
    } else if (item.kind === "tax_grade") {
      insertGrade.run(item.row.uscc, item.enterpriseId, item.row.year, item.row.grade, batchId);
    } else if (item.kind === "event") {
      const r = item.row;
      insertEvent.run(
        r.uscc,
        item.enterpriseId,
        r.kind,
        r.occurredOn,
        r.severity,
        r.reference,
        r.authority,
        r.description,
        r.repairsReference,
        r.repairsKind,
        r.listingReference,
        batchId,
      );
    } else {
      const r = item.row;
      insertRegistry.run(r.uscc, r.name, r.legalRepName, r.status, batchId);
    }
    if (item.enterpriseId !== null && item.kind !== "registry") touched.add(item.enterpriseId);
  });
  return { rowsSuperseded, rowsUnchanged };
}

/** A row's stored values as one comparable string. */
function valuesOf(item: Valid): string {
  switch (item.kind) {
    case "monthly": {
      const r = item.row;
      return [
        r.quantity,
        r.billedFen,
        r.paidFen,
        r.paidOnTime === null ? null : Number(r.paidOnTime),
        r.arrearsFen,
        r.headcount,
        r.taxPaidFen,
      ].join("|");
    }
    case "tax_grade":
      return item.row.grade;
    case "event": {
      const r = item.row;
      return [r.occurredOn, r.severity, r.authority, r.description, r.repairsReference, r.repairsKind, r.listingReference].join("|");
    }
    case "registry": {
      const r = item.row;
      return [r.name, r.legalRepName, r.status].join("|");
    }
  }
}

type Existing = { id: number; batchId: number; values: string };

/**
 * The current rows these rows could replace, in the transaction that writes them: one statement
 * looking every key up on the unique index of current rows.
 */
function currentRows(sqlite: Sqlite, valid: Valid[]): Map<string, Existing> {
  const out = new Map<string, Existing>();
  switch (valid[0]?.kind) {
    case undefined:
      return out;
    case "monthly": {
      const keys = valid.map((i) => [i.row.uscc, (i.row as MonthlyRow).source, (i.row as MonthlyRow).month]);
      const read = sqlite.prepare(
        `SELECT m.id, m.batch_id, m.uscc, m.source, m.month, m.quantity, m.billed_fen, m.paid_fen, m.paid_on_time, m.arrears_fen, m.headcount, m.tax_paid_fen
         FROM json_each(?) k CROSS JOIN credit_monthly m ON m.uscc = k.value ->> 0 AND m.source = k.value ->> 1 AND m.month = k.value ->> 2 AND m.superseded_by_batch_id IS NULL`,
      );
      for (const r of read.all(JSON.stringify(keys)) as Record<string, number | string | null>[]) {
        out.set(`${r.uscc}|${r.source}|${r.month}`, {
          id: r.id as number,
          batchId: r.batch_id as number,
          values: [r.quantity, r.billed_fen, r.paid_fen, r.paid_on_time, r.arrears_fen, r.headcount, r.tax_paid_fen].join("|"),
        });
      }
      return out;
    }
    case "tax_grade": {
      const keys = valid.map((i) => [i.row.uscc, (i.row as TaxGradeRow).year]);
      const read = sqlite.prepare(
        `SELECT g.id, g.batch_id, g.uscc, g.year, g.grade
         FROM json_each(?) k CROSS JOIN credit_tax_grades g ON g.uscc = k.value ->> 0 AND g.year = k.value ->> 1 AND g.superseded_by_batch_id IS NULL`,
      );
      for (const r of read.all(JSON.stringify(keys)) as { id: number; batch_id: number; uscc: string; year: number; grade: string }[])
        out.set(`${r.uscc}|${r.year}`, { id: r.id, batchId: r.batch_id, values: r.grade });
      return out;
    }
    case "event": {
      const read = sqlite.prepare(
        "SELECT id, batch_id, uscc, kind, reference, occurred_on, severity, authority, description, repairs_reference, repairs_kind, listing_reference FROM credit_events WHERE uscc IN (SELECT value FROM json_each(?)) AND superseded_by_batch_id IS NULL",
      );
      for (const r of read.all(JSON.stringify([...new Set(valid.map((i) => i.row.uscc))])) as Record<string, string | number | null>[]) {
        out.set(`${r.uscc}|${r.kind}|${r.reference}`, {
          id: Number(r.id),
          batchId: Number(r.batch_id),
          values: [r.occurred_on, r.severity, r.authority, r.description, r.repairs_reference, r.repairs_kind, r.listing_reference].join(
            "|",
          ),
        });
      }
      return out;
    }
    case "registry": {
      const read = sqlite.prepare(
        "SELECT id, batch_id, uscc, name, legal_rep_name, status FROM business_registry WHERE uscc IN (SELECT value FROM json_each(?)) AND superseded_by_batch_id IS NULL",
      );
      for (const r of read.all(JSON.stringify([...new Set(valid.map((i) => i.row.uscc))])) as Record<string, string | number>[])
        out.set(String(r.uscc), { id: Number(r.id), batchId: Number(r.batch_id), values: [r.name, r.legal_rep_name, r.status].join("|") });
      return out;
    }
  }
}
