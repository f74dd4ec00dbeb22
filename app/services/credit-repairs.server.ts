/**
 * 信用修复 applications (app/domain/credit-repairs.ts, docs/decisions/033). The enterprise applies
 * from one of its penalty or dishonesty-list records with a rectification statement, evidence files
 * and the signed 信用修复承诺书; the bureau accepts — a credit_repair event written through the ingest
 * path (origin "repair"), which re-scores the firm in the same transaction — refuses with a reason, or
 * asks for more material. Each step is a row of the timeline; the firm is told of every decision.
 *
 * Evidence is stored on disk next to the database, named by its SHA-256, and served only to the
 * firm, the bureau, and a bank holding a live authorization to the firm (that read is logged like
 * any read of the firm's detailed profile).
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { currentCommitment } from "~/domain/commitments";
import { CREDIT_EVENT_KIND_LABELS, PENALTY_SEVERITY_LABELS, PLATFORM_AUTHORITY, type PenaltySeverity } from "~/domain/credit";
import {
  EVIDENCE_EXTENSIONS,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MAX_FILES,
  earliestRepairDate,
  evidenceTypeOf,
  OPEN_REPAIR_STATUSES,
  REPAIR_DECISION_WORKING_DAYS,
  REPAIR_STATUS_LABELS,
  REPAIR_STEP_LABELS,
  REPAIRABLE_EVENT_KINDS,
  repairRefusal,
  repairTransition,
  type EvidenceType,
  type RepairableEventKind,
  type RepairEvent,
  type RepairStatus,
  type RepairStepKind,
} from "~/domain/credit-repairs";
import { pageInfo, pageOffset, type PageInfo } from "~/lib/pagination";
import { dateOf } from "~/lib/time";
import type { RepairApplicationInput, RepairDecisionInput, RepairResubmissionInput } from "~/lib/validation/credit-repairs";
import { addWorkingDays, deadlineState } from "~/lib/working-days";
import { writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import {
  creditEvents,
  creditQueryLog,
  creditRepairFiles,
  creditRepairs,
  creditRepairSteps,
  enterprises,
  isCurrentRow,
  users,
} from "~db/schema";
import { recordAudit } from "./audit.server";
import { liveAuthorization } from "./authorizations.server";
import { workingCalendar } from "./calendar.server";
import { commitmentFor, signCommitment, type SignedCommitment } from "./commitments.server";
import { BatchApplyingError, ingestBatch } from "./credit-ingest.server";
import { notify } from "./notifications.server";
import { fail, failFields, type FieldsRefused, type Outcome, type Refused } from "./outcome";
import { currentScore } from "./scoring.server";

// ---- the records a firm may ask to repair -----------------------------------------------------------

export type RepairableRecord = {
  eventId: number;
  kind: RepairableEventKind;
  kindLabel: string;
  occurredOn: string;
  severity: PenaltySeverity | null;
  severityLabel: string | null;
  reference: string;
  authority: string;
  description: string;
  earliestOn: string;
  /** Why it cannot be applied for today (too early, repaired, already applied for), or null. */
  refusal: string | null;
  repaired: boolean;
  openRepairId: number | null;
};

/**
 * The enterprise's current penalties and dishonesty listings, each with whether it may be repaired
 * today. `eventId` narrows to one record (the application form's).
 */
export function repairableRecords(db: Tx, enterpriseId: number, now: number, eventId?: number): RepairableRecord[] {
  const today = dateOf(now);
  const rows = db
    .select()
    .from(creditEvents)
    .where(
      and(
        eq(creditEvents.enterpriseId, enterpriseId),
        inArray(creditEvents.kind, [...REPAIRABLE_EVENT_KINDS]),
        isCurrentRow(creditEvents),
        eventId === undefined ? undefined : eq(creditEvents.id, eventId),
      ),
    )
    .orderBy(desc(creditEvents.occurredOn), desc(creditEvents.id))
    .all();
  if (rows.length === 0) return [];
  const closing = db
    .select({
      kind: creditEvents.kind,
      repairs: creditEvents.repairsReference,
      repairsKind: creditEvents.repairsKind,
      listing: creditEvents.listingReference,
    })
    .from(creditEvents)
    .where(
      and(
        eq(creditEvents.enterpriseId, enterpriseId),
        inArray(creditEvents.kind, ["credit_repair", "dishonest_exit"]),
        isCurrentRow(creditEvents),
      ),
    )
    .all();
  // A repair lifts the record of its kind (either kind, for one recorded before kinds were kept); an exit ends the listing it names.
  const repairs = closing.filter((c) => c.kind === "credit_repair");
  const isRepaired = (kind: RepairableEventKind, reference: string) =>
    repairs.some((c) => c.repairs === reference && (c.repairsKind === null || c.repairsKind === kind));
  const exited = new Set(closing.filter((c) => c.kind === "dishonest_exit").map((c) => c.listing));
  const open = new Map(
    db
      .select({ id: creditRepairs.id, kind: creditRepairs.eventKind, reference: creditRepairs.eventReference })
      .from(creditRepairs)
      .where(and(eq(creditRepairs.enterpriseId, enterpriseId), inArray(creditRepairs.status, [...OPEN_REPAIR_STATUSES])))
      .all()
      .map((r) => [`${r.kind}:${r.reference}`, r.id]),
  );
  return rows.map((e) => {
    const kind = e.kind as RepairableEventKind;
    const repaired = isRepaired(kind, e.reference);
    const openRepairId = open.get(`${kind}:${e.reference}`) ?? null;
    const refusal = repaired
      ? "该记录已完成信用修复"
      : kind === "dishonest_entry" && exited.has(e.reference)
        ? "该主体已移出严重失信主体名单，无需修复"
        : openRepairId !== null
          ? "该记录已有修复申请正在办理"
          : repairRefusal(e, today);
    return {
      eventId: e.id,
      kind,
      kindLabel: CREDIT_EVENT_KIND_LABELS[kind],
      occurredOn: e.occurredOn,
      severity: e.severity,
      severityLabel: e.severity ? PENALTY_SEVERITY_LABELS[e.severity] : null,
      reference: e.reference,
      authority: e.authority,
      description: e.description,
      earliestOn: earliestRepairDate({ ...e, kind }),
      refusal,
      repaired,
      openRepairId,
    };
  });
}

// ---- evidence files -------------------------------------------------------------------------------

/** An uploaded file; `bytes` is left empty for one over the size limit, which is refused unread. */
export type EvidenceUpload = { filename: string; size: number; bytes: Uint8Array };
type CheckedEvidence = EvidenceUpload & { mediaType: EvidenceType; sha256: string };

export function evidenceDirFor(databasePath: string): string {
  return join(dirname(resolve(databasePath)), "evidence");
}

const evidencePath = (dir: string, f: { sha256: string; mediaType: EvidenceType }) =>
  join(dir, `${f.sha256}.${EVIDENCE_EXTENSIONS[f.mediaType]}`);

/** The files of a form field, empty file inputs left out; read whole (each is bounded by EVIDENCE_MAX_BYTES). */
export async function evidenceUploads(form: FormData, field = "evidence"): Promise<EvidenceUpload[]> {
  const files = form.getAll(field).filter((f): f is File => typeof f !== "string" && f.size > 0);
  return Promise.all(
    files.map(async (f) => ({
      filename: f.name.slice(0, 120),
      size: f.size,
      bytes: f.size > EVIDENCE_MAX_BYTES ? new Uint8Array() : new Uint8Array(await f.arrayBuffer()),
    })),
  );
}

/** Checks every file (count, size, type read from its bytes); the message names the file at fault. */
function checkEvidence(uploads: readonly EvidenceUpload[], required: boolean): CheckedEvidence[] | string {
  if (uploads.length === 0) return required ? "请上传至少一份证明材料（PDF、JPG 或 PNG）" : [];
  if (uploads.length > EVIDENCE_MAX_FILES) return `每次最多上传 ${EVIDENCE_MAX_FILES} 个文件`;
  const checked: CheckedEvidence[] = [];
  for (const u of uploads) {
    if (u.size > EVIDENCE_MAX_BYTES) return `“${u.filename}”超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB，请压缩后重新上传`;
    const mediaType = evidenceTypeOf(u.bytes.subarray(0, 8));
    if (!mediaType) return `“${u.filename}”不是 PDF、JPG 或 PNG 文件（按文件内容判断，与扩展名无关）`;
    checked.push({ ...u, mediaType, sha256: createHash("sha256").update(u.bytes).digest("hex") });
  }
  return checked;
}

/** Files are named by content, so writing one twice is harmless and a rolled-back application leaves only unreferenced copies. */
function storeEvidence(dir: string, files: readonly CheckedEvidence[]): void {
  if (files.length === 0) return;
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    try {
      writeFileSync(evidencePath(dir, f), f.bytes, { flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}

function insertEvidence(tx: Tx, repairId: number, userId: string, files: readonly CheckedEvidence[], now: number): void {
  for (const f of files) {
    tx.insert(creditRepairFiles)
      .values({
        repairId,
        filename: f.filename,
        mediaType: f.mediaType,
        bytes: f.bytes.length,
        sha256: f.sha256,
        uploadedAt: now,
        uploadedByUserId: userId,
      })
      .run();
  }
}

function filesOf(db: Tx, repairId: number): RepairFile[] {
  const f = creditRepairFiles;
  return db
    .select({ id: f.id, filename: f.filename, mediaType: f.mediaType, bytes: f.bytes, uploadedAt: f.uploadedAt })
    .from(f)
    .where(eq(f.repairId, repairId))
    .orderBy(f.id)
    .all();
}

function addStep(tx: Tx, repairId: number, kind: RepairStepKind, actorUserId: string, note: string | null, at: number): void {
  tx.insert(creditRepairSteps).values({ repairId, kind, actorUserId, note, at }).run();
}

// ---- the enterprise's side ------------------------------------------------------------------------

export function applyForRepair(
  db: AppDatabase,
  user: SessionUser,
  input: RepairApplicationInput,
  uploads: readonly EvidenceUpload[],
  now: number,
): Outcome<{ repairId: number }, Refused | FieldsRefused> {
  const enterpriseId = user.enterpriseId ?? -1;
  const evidence = checkEvidence(uploads, true);
  if (typeof evidence === "string") return failFields({ evidence });
  const record = repairableRecords(db, enterpriseId, now, input.eventId)[0];
  if (!record) return fail(404, "找不到该记录，或该记录已更新");
  if (record.refusal) return failFields({ eventId: record.refusal }, 409);
  storeEvidence(evidenceDirFor(db.$client.name), evidence);
  const { at: dueAt } = addWorkingDays(workingCalendar(db), now, REPAIR_DECISION_WORKING_DAYS);
  return writeTransaction(db, (tx) => {
    // Checked again inside the write lock: another tab may have applied meanwhile.
    const again = repairableRecords(tx, enterpriseId, now, input.eventId)[0];
    if (!again || again.refusal) return failFields({ eventId: again?.refusal ?? "该记录已更新，请刷新页面" }, 409);
    const repairId = tx
      .insert(creditRepairs)
      .values({
        enterpriseId,
        eventId: record.eventId,
        eventKind: record.kind,
        eventReference: record.reference,
        statement: input.statement,
        status: "submitted",
        filedAt: now,
        filedByUserId: user.id,
        submittedAt: now,
        dueAt,
      })
      .returning({ id: creditRepairs.id })
      .get().id;
    signCommitment(tx, {
      enterpriseId,
      kind: "repair",
      version: currentCommitment("repair").version,
      userId: user.id,
      subjectId: repairId,
      at: now,
    });
    insertEvidence(tx, repairId, user.id, evidence, now);
    addStep(tx, repairId, "submitted", user.id, null, now);
    recordAudit(tx, {
      actorUserId: user.id,
      action: "repair.apply",
      targetType: "credit_repair",
      targetId: repairId,
      detail: { eventKind: record.kind, reference: record.reference, files: evidence.length },
      at: now,
    });
    return { ok: true as const, repairId };
  });
}

type RepairRow = typeof creditRepairs.$inferSelect;

/** Loads the application and checks the move; for the enterprise, only its own. */
function movable(tx: Tx, repairId: number, event: RepairEvent, enterpriseId?: number): { repair: RepairRow; to: RepairStatus } | Refused {
  const repair = tx.select().from(creditRepairs).where(eq(creditRepairs.id, repairId)).get();
  if (!repair || (enterpriseId !== undefined && repair.enterpriseId !== enterpriseId)) return fail(404, "找不到该修复申请");
  const move = repairTransition(repair.status, event);
  if (!move.ok) return fail(409, move.message);
  return { repair, to: move.to };
}

export function resubmitRepair(
  db: AppDatabase,
  user: SessionUser,
  repairId: number,
  input: RepairResubmissionInput,
  uploads: readonly EvidenceUpload[],
  now: number,
): Outcome<object, Refused | FieldsRefused> {
  const evidence = checkEvidence(uploads, false);
  if (typeof evidence === "string") return failFields({ evidence });
  storeEvidence(evidenceDirFor(db.$client.name), evidence);
  const { at: dueAt } = addWorkingDays(workingCalendar(db), now, REPAIR_DECISION_WORKING_DAYS);
  return writeTransaction(db, (tx) => {
    const found = movable(tx, repairId, "resubmit", user.enterpriseId ?? -1);
    if (!("repair" in found)) return found;
    tx.update(creditRepairs)
      .set({ status: found.to, statement: input.statement, submittedAt: now, dueAt })
      .where(and(eq(creditRepairs.id, repairId), eq(creditRepairs.status, found.repair.status)))
      .run();
    insertEvidence(tx, repairId, user.id, evidence, now);
    addStep(tx, repairId, "resubmitted", user.id, input.note || null, now);
    recordAudit(tx, {
      actorUserId: user.id,
      action: "repair.resubmit",
      targetType: "credit_repair",
      targetId: repairId,
      detail: { files: evidence.length },
      at: now,
    });
    return { ok: true as const };
  });
}

export function withdrawRepair(db: AppDatabase, user: SessionUser, repairId: number, now: number): Outcome {
  return writeTransaction(db, (tx) => {
    const found = movable(tx, repairId, "withdraw", user.enterpriseId ?? -1);
    if (!("repair" in found)) return found;
    tx.update(creditRepairs).set({ status: found.to, decidedAt: now }).where(eq(creditRepairs.id, repairId)).run();
    addStep(tx, repairId, "withdrawn", user.id, null, now);
    recordAudit(tx, {
      actorUserId: user.id,
      action: "repair.withdraw",
      targetType: "credit_repair",
      targetId: repairId,
      detail: {},
      at: now,
    });
    return { ok: true as const };
  });
}

// ---- the bureau's decision ------------------------------------------------------------------------

const recordTitle = (r: Pick<RepairRow, "eventKind" | "eventReference">) =>
  `${CREDIT_EVENT_KIND_LABELS[r.eventKind]}（${r.eventReference}）`;

/**
 * Accept, refuse or ask for more. Accepting writes the credit_repair event as a one-row batch in this
 * transaction (a savepoint), which re-scores the firm before the decision commits, so the firm is
 * told its new score in the same notification.
 */
export function decideRepair(
  db: AppDatabase,
  bureauUser: SessionUser,
  repairId: number,
  decision: RepairDecisionInput,
  now: number,
): Outcome<{ repairBatchId: number | null; score: { before: number | null; after: number | null } }> {
  const event: RepairEvent = decision.decision;
  try {
    return writeTransaction(db, (tx) => {
      const found = movable(tx, repairId, event);
      if (!("repair" in found)) return found;
      const { repair, to } = found;
      const enterprise = tx.select({ uscc: enterprises.uscc }).from(enterprises).where(eq(enterprises.id, repair.enterpriseId)).get()!;
      const before = currentScore(db, repair.enterpriseId);
      let repairBatchId: number | null = null;
      if (event === "accept") {
        const record = repairableRecords(tx, repair.enterpriseId, now).find(
          (r) => r.kind === repair.eventKind && r.reference === repair.eventReference,
        );
        if (record?.repaired) return fail(409, "该记录已由信用主管部门完成修复，无需再次修复。请选择“不予修复”并说明情况");
        const report = ingestBatch(
          db,
          {
            origin: "repair",
            providerId: null,
            kind: "event",
            externalId: `repair-${repair.id}`,
            actorUserId: bureauUser.id,
            allowedSources: null,
            rows: [
              {
                uscc: enterprise.uscc,
                kind: "credit_repair",
                occurredOn: dateOf(now),
                reference: `XF-${String(repair.id).padStart(6, "0")}`,
                authority: PLATFORM_AUTHORITY,
                description: `经审核同意对${recordTitle(repair)}完成信用修复${decision.note ? `：${decision.note}` : ""}`.slice(0, 500),
                repairsReference: repair.eventReference,
                repairsKind: repair.eventKind,
              },
            ],
          },
          now,
        );
        if (report.status !== "applied")
          throw new Error(`repair batch ${report.batchId} was rejected: ${JSON.stringify(report.rejections)}`);
        repairBatchId = report.batchId;
      }
      const after = event === "accept" ? currentScore(db, repair.enterpriseId) : before;
      const decided = event === "ask_more" ? {} : { decidedAt: now, decidedByUserId: bureauUser.id };
      tx.update(creditRepairs)
        .set({ status: to, bureauNote: decision.note || null, repairBatchId, ...decided })
        .where(and(eq(creditRepairs.id, repair.id), eq(creditRepairs.status, repair.status)))
        .run();
      const step: RepairStepKind = event === "accept" ? "accepted" : event === "refuse" ? "refused" : "more_requested";
      addStep(tx, repair.id, step, bureauUser.id, decision.note || null, now);
      const scoreLine =
        after && before && after.score !== before.score
          ? `信用评分已重新计算：${before.score} 分 → ${after.score} 分（${after.grade} 级）。`
          : after
            ? `信用评分已重新计算：${after.score} 分（${after.grade} 级）。`
            : "";
      const message = {
        accept: { title: "信用修复已完成", body: `您对${recordTitle(repair)}的信用修复申请已通过，该记录已标注为已修复。${scoreLine}` },
        refuse: { title: "信用修复申请未通过", body: `您对${recordTitle(repair)}的信用修复申请未通过。理由：${decision.note}` },
        ask_more: { title: "信用修复申请需补充材料", body: `您对${recordTitle(repair)}的信用修复申请需补充材料：${decision.note}` },
      }[event as "accept" | "refuse" | "ask_more"];
      notify(tx, {
        to: { enterpriseId: repair.enterpriseId },
        kind: `repair.${step}`,
        ...message,
        link: `/sme/repairs/${repair.id}`,
        at: now,
      });
      recordAudit(tx, {
        actorUserId: bureauUser.id,
        action: `repair.${event}`,
        targetType: "credit_repair",
        targetId: repair.id,
        detail: { enterpriseId: repair.enterpriseId, reference: repair.eventReference, repairBatchId },
        at: now,
      });
      return { ok: true as const, repairBatchId, score: { before: before?.score ?? null, after: after?.score ?? null } };
    });
  } catch (error) {
    if (error instanceof BatchApplyingError) return fail(409, error.message, { code: "batch_applying" });
    throw error;
  }
}

// ---- reading ------------------------------------------------------------------------------------

export type RepairListRow = {
  id: number;
  enterpriseName: string;
  uscc: string;
  recordTitle: string;
  status: RepairStatus;
  statusLabel: string;
  filedAt: number;
  submittedAt: number;
  dueAt: number;
  dueProvisional: boolean;
  overdue: boolean;
  decidedAt: number | null;
};

function listRepairs(db: AppDatabase, where: SQL | undefined, page: number, now: number): { rows: RepairListRow[]; page: PageInfo } {
  const calendar = workingCalendar(db);
  const total = db.select({ n: count() }).from(creditRepairs).where(where).get()!.n;
  const info = pageInfo(total, page);
  const rows = db
    .select({ r: creditRepairs, enterpriseName: enterprises.name, uscc: enterprises.uscc })
    .from(creditRepairs)
    .innerJoin(enterprises, eq(enterprises.id, creditRepairs.enterpriseId))
    .where(where)
    // The bureau's pending work first, the most pressing deadline first; then the latest.
    .orderBy(
      sql`${creditRepairs.status} <> 'submitted'`,
      asc(sql`CASE WHEN ${creditRepairs.status} = 'submitted' THEN ${creditRepairs.dueAt} END`),
      desc(creditRepairs.id),
    )
    .limit(info.pageSize)
    .offset(pageOffset(info))
    .all();
  return {
    rows: rows.map(({ r, enterpriseName, uscc }) => ({
      id: r.id,
      enterpriseName,
      uscc,
      recordTitle: recordTitle(r),
      status: r.status,
      statusLabel: REPAIR_STATUS_LABELS[r.status],
      filedAt: r.filedAt,
      submittedAt: r.submittedAt,
      dueAt: r.dueAt,
      ...deadlineState(calendar, r.submittedAt, r.dueAt, r.status === "submitted", now),
      decidedAt: r.decidedAt,
    })),
    page: info,
  };
}

export function listEnterpriseRepairs(db: AppDatabase, enterpriseId: number, page: number, now: number) {
  return listRepairs(db, eq(creditRepairs.enterpriseId, enterpriseId), page, now);
}

export type BureauRepairFilter = "waiting" | "all";

export function listRepairsForBureau(db: AppDatabase, filter: BureauRepairFilter, page: number, now: number) {
  return {
    ...listRepairs(db, filter === "waiting" ? eq(creditRepairs.status, "submitted") : undefined, page, now),
    waiting: db.select({ n: count() }).from(creditRepairs).where(eq(creditRepairs.status, "submitted")).get()!.n,
  };
}

/** The bureau's waiting applications and how many of them are past their 5 working days. */
export function repairsWaiting(db: AppDatabase, now: number): { waiting: number; overdue: number } {
  const calendar = workingCalendar(db);
  const waiting = db
    .select({ submittedAt: creditRepairs.submittedAt, dueAt: creditRepairs.dueAt })
    .from(creditRepairs)
    .where(eq(creditRepairs.status, "submitted"))
    .all();
  return {
    waiting: waiting.length,
    overdue: waiting.filter((r) => deadlineState(calendar, r.submittedAt, r.dueAt, true, now).overdue).length,
  };
}

export type RepairStep = { kind: RepairStepKind; label: string; actorName: string; note: string | null; at: number };
export type RepairFile = { id: number; filename: string; mediaType: EvidenceType; bytes: number; uploadedAt: number };

export type RepairDetail = {
  repair: RepairRow & { statusLabel: string };
  enterprise: { id: number; name: string; uscc: string };
  record: {
    kindLabel: string;
    occurredOn: string;
    severityLabel: string | null;
    reference: string;
    authority: string;
    description: string;
  };
  recordTitle: string;
  dueProvisional: boolean;
  overdue: boolean;
  files: RepairFile[];
  steps: RepairStep[];
  commitment: SignedCommitment | null;
};

/** One application with its record, files, timeline and commitment; for an enterprise only its own. */
export function repairDetail(
  db: AppDatabase,
  repairId: number,
  viewer: { enterpriseId: number } | "bureau",
  now: number,
): RepairDetail | null {
  const found = db
    .select({ r: creditRepairs, e: { id: enterprises.id, name: enterprises.name, uscc: enterprises.uscc }, event: creditEvents })
    .from(creditRepairs)
    .innerJoin(enterprises, eq(enterprises.id, creditRepairs.enterpriseId))
    .innerJoin(creditEvents, eq(creditEvents.id, creditRepairs.eventId))
    .where(eq(creditRepairs.id, repairId))
    .get();
  if (!found || (viewer !== "bureau" && found.r.enterpriseId !== viewer.enterpriseId)) return null;
  const { r, event } = found;
  return {
    repair: { ...r, statusLabel: REPAIR_STATUS_LABELS[r.status] },
    enterprise: found.e,
    record: {
      kindLabel: CREDIT_EVENT_KIND_LABELS[event.kind],
      occurredOn: event.occurredOn,
      severityLabel: event.severity ? PENALTY_SEVERITY_LABELS[event.severity] : null,
      reference: event.reference,
      authority: event.authority,
      description: event.description,
    },
    recordTitle: recordTitle(r),
    ...deadlineState(workingCalendar(db), r.submittedAt, r.dueAt, r.status === "submitted", now),
    files: filesOf(db, r.id),
    steps: db
      .select({ kind: creditRepairSteps.kind, actorName: users.displayName, note: creditRepairSteps.note, at: creditRepairSteps.at })
      .from(creditRepairSteps)
      .innerJoin(users, eq(users.id, creditRepairSteps.actorUserId))
      .where(eq(creditRepairSteps.repairId, r.id))
      .orderBy(creditRepairSteps.at, creditRepairSteps.id)
      .all()
      .map((s) => ({ ...s, label: REPAIR_STEP_LABELS[s.kind] })),
    commitment: commitmentFor(db, "repair", r.id),
  };
}

export type EvidenceFile = { path: string; mediaType: EvidenceType; filename: string };

/**
 * An evidence file for a viewer who may read it: the firm itself, the bureau, or a bank's staff under
 * a live authorization to the firm — whose read is logged as a read of the firm's credit data.
 * Null otherwise (as if there were no such file).
 */
export function evidenceFileFor(db: AppDatabase, fileId: number, viewer: SessionUser, now: number): EvidenceFile | null {
  return writeTransaction(db, (tx) => {
    const found = tx
      .select({ f: creditRepairFiles, enterpriseId: creditRepairs.enterpriseId })
      .from(creditRepairFiles)
      .innerJoin(creditRepairs, eq(creditRepairs.id, creditRepairFiles.repairId))
      .where(eq(creditRepairFiles.id, fileId))
      .get();
    if (!found) return null;
    const file = { path: evidencePath(evidenceDirFor(db.$client.name), found.f), mediaType: found.f.mediaType, filename: found.f.filename };
    if (viewer.role === "bureau" || (viewer.enterpriseId !== null && viewer.enterpriseId === found.enterpriseId)) return file;
    if (viewer.institutionId === null) return null;
    const authorization = liveAuthorization(tx, found.enterpriseId, viewer.institutionId, now);
    if (!authorization) return null;
    tx.insert(creditQueryLog)
      .values({
        enterpriseId: found.enterpriseId,
        institutionId: viewer.institutionId,
        officerUserId: viewer.id,
        authorizationId: authorization.id,
        purpose: `${authorization.purpose}（查看信用修复材料）`,
        at: now,
      })
      .run();
    return file;
  });
}

/** Applications of the firm a bank may look at under its live authorization, with their evidence. */
export function repairsForOfficer(
  db: Tx,
  enterpriseId: number,
): { id: number; recordTitle: string; statusLabel: string; filedAt: number; files: RepairFile[] }[] {
  const repairs = db.select().from(creditRepairs).where(eq(creditRepairs.enterpriseId, enterpriseId)).orderBy(desc(creditRepairs.id)).all();
  return repairs.map((r) => ({
    id: r.id,
    recordTitle: recordTitle(r),
    statusLabel: REPAIR_STATUS_LABELS[r.status],
    filedAt: r.filedAt,
    files: filesOf(db, r.id),
  }));
}
