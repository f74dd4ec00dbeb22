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
 * 2. A good batch is applied in one transaction. A value equal to the current one is left alone; a
 *    different one supersedes it (the old row stays, marked with the superseding batch).
 * 3. Re-sending is harmless: the same batch id, or the same content, answers with the first report
 *    and changes nothing. A batch id reused for different content is refused.
 * 4. After the transaction, the enterprises an applied batch changed are re-scored (not for the demo
 *    seed, whose last step scores every enterprise at once).
 */
import { createHash } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import * as v from "valibot";
import type { BatchKind, BatchOrigin } from "~/domain/credit";
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
import { creditBatches, creditBatchRejections } from "~db/schema";
import { alertAdverseRecords } from "./adverse-alerts.server";
import { rescoreEnterprises } from "./scoring.server";

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

export type Progress = (done: number, total: number, phase: "validate" | "apply") => void;

const MAX_STORED_REJECTIONS = 10_000;

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
    status: batch.status,
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
  const earlier = earlierBatch(db, spec, contentHash);
  if (earlier) return { ...storedReport(db, earlier.id), duplicate: true };
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
  const batchId = writeTransaction(db, (tx) => {
    const id = tx
      .insert(creditBatches)
      .values({ ...batchValues, status: "applied", rowsAccepted: valid.length, rowsRejected: 0, rowsUnregistered: unregistered })
      .returning({ id: creditBatches.id })
      .get().id;
    // Same connection as the transaction: the raw statements run inside it.
    const counts = apply(db.$client, id, valid, now, touched, progress);
    tx.update(creditBatches).set(counts).where(eq(creditBatches.id, id)).run();
    spec.alsoInTransaction?.(tx);
    return id;
  });
  if (spec.kind === "event") alertAdverseRecords(db, batchId, now);
  const touchedIds = [...touched].sort((a, b) => a - b);
  if (spec.rescore ?? spec.origin !== "seed") rescoreEnterprises(db, touchedIds, now);
  return storedReport(db, batchId, touchedIds);
}

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

/** Code → id of every enterprise on the portal (a disabled registration holds no data). Raw pairs: a city has tens of thousands. */
function registeredEnterpriseIds(db: AppDatabase): Map<string, number> {
  return new Map(db.$client.prepare("SELECT uscc, id FROM enterprises WHERE disabled_at IS NULL").raw().all() as [string, number][]);
}

/** Writes the rows; returns how many superseded an existing value and how many were unchanged. */
function apply(sqlite: Sqlite, batchId: number, valid: Valid[], now: number, touched: Set<number>, progress: Progress) {
  let rowsSuperseded = 0;
  let rowsUnchanged = 0;
  if (valid.length === 0) return { rowsSuperseded, rowsUnchanged };
  const supersede = sqlite.prepare(`UPDATE ${TABLES[valid[0]!.kind]} SET superseded_by_batch_id = ?, superseded_at = ? WHERE id = ?`);
  const current = currentRows(sqlite, valid);
  const insertMonthly = sqlite.prepare(
    "INSERT INTO credit_monthly (uscc, enterprise_id, source, month, quantity, billed_fen, paid_fen, paid_on_time, arrears_fen, headcount, tax_paid_fen, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertGrade = sqlite.prepare("INSERT INTO credit_tax_grades (uscc, enterprise_id, year, grade, batch_id) VALUES (?, ?, ?, ?, ?)");
  const insertEvent = sqlite.prepare(
    "INSERT INTO credit_events (uscc, enterprise_id, kind, occurred_on, severity, reference, authority, description, repairs_reference, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertRegistry = sqlite.prepare(
    "INSERT INTO business_registry (uscc, name, legal_rep_name, status, batch_id) VALUES (?, ?, ?, ?, ?)",
  );
  valid.forEach((item, index) => {
    const existing = current.size > 0 ? current.get(keyOf(item)) : undefined;
    if (existing) {
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
        batchId,
      );
    } else {
      const r = item.row;
      insertRegistry.run(r.uscc, r.name, r.legalRepName, r.status, batchId);
    }
    if (item.enterpriseId !== null && item.kind !== "registry") touched.add(item.enterpriseId);
    if (index % 10_000 === 9_999) progress(index + 1, valid.length, "apply");
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
      return [r.occurredOn, r.severity, r.authority, r.description, r.repairsReference].join("|");
    }
    case "registry": {
      const r = item.row;
      return [r.name, r.legalRepName, r.status].join("|");
    }
  }
}

/** The current rows the batch could replace, by the firm's code, fetched in a few indexed range reads rather than one per row. */
function currentRows(sqlite: Sqlite, valid: Valid[]): Map<string, { id: number; values: string }> {
  const out = new Map<string, { id: number; values: string }>();
  const usccs = () => new Set(valid.map((i) => i.row.uscc));
  switch (valid[0]?.kind) {
    case undefined:
      return out;
    case "monthly": {
      const pairs = new Set(valid.map((i) => `${(i.row as MonthlyRow).source}|${(i.row as MonthlyRow).month}`));
      const read = sqlite.prepare(
        "SELECT id, uscc, source, month, quantity, billed_fen, paid_fen, paid_on_time, arrears_fen, headcount, tax_paid_fen FROM credit_monthly WHERE source = ? AND month = ? AND superseded_by_batch_id IS NULL",
      );
      for (const pair of pairs) {
        const [source, month] = pair.split("|");
        for (const r of read.all(source, month) as Record<string, number | string | null>[]) {
          out.set(`${r.uscc}|${r.source}|${r.month}`, {
            id: r.id as number,
            values: [r.quantity, r.billed_fen, r.paid_fen, r.paid_on_time, r.arrears_fen, r.headcount, r.tax_paid_fen].join("|"),
          });
        }
      }
      return out;
    }
    case "tax_grade": {
      const read = sqlite.prepare("SELECT id, uscc, year, grade FROM credit_tax_grades WHERE year = ? AND superseded_by_batch_id IS NULL");
      for (const year of new Set(valid.map((i) => (i.row as TaxGradeRow).year))) {
        for (const r of read.all(year) as { id: number; uscc: string; year: number; grade: string }[])
          out.set(`${r.uscc}|${r.year}`, { id: r.id, values: r.grade });
      }
      return out;
    }
    case "event": {
      const read = sqlite.prepare(
        "SELECT id, kind, reference, occurred_on, severity, authority, description, repairs_reference FROM credit_events WHERE uscc = ? AND superseded_by_batch_id IS NULL",
      );
      for (const uscc of usccs()) {
        for (const r of read.all(uscc) as Record<string, string | null>[]) {
          out.set(`${uscc}|${r.kind}|${r.reference}`, {
            id: Number(r.id),
            values: [r.occurred_on, r.severity, r.authority, r.description, r.repairs_reference].join("|"),
          });
        }
      }
      return out;
    }
    case "registry": {
      const read = sqlite.prepare(
        "SELECT id, name, legal_rep_name, status FROM business_registry WHERE uscc = ? AND superseded_by_batch_id IS NULL",
      );
      for (const uscc of usccs()) {
        const r = read.get(uscc) as { id: number; name: string; legal_rep_name: string; status: string } | undefined;
        if (r) out.set(uscc, { id: r.id, values: [r.name, r.legal_rep_name, r.status].join("|") });
      }
      return out;
    }
  }
}
