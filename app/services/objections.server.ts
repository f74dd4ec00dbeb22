/**
 * Objections (异议, docs/decisions/005-objections.md). The enterprise disputes one current data item
 * of its own; while open, the item is marked "异议处理中" wherever it is shown. The bureau answers by
 * the deadline: upheld, with the corrected values written through the one ingest path (origin
 * "objection", so the old value stays as superseded history), or rejected with a reason. Either way
 * the enterprise is told and the decision is audited, in the transaction of the decision.
 */
import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import * as v from "valibot";
import type { SessionUser } from "~/auth/session.server";
import { OBJECTION_DUE_WORKING_DAYS, OBJECTION_STATUS_LABELS, type CreditItemType, type ObjectionStatus } from "~/domain/objections";
import { PLATFORM_AUTHORITY } from "~/domain/credit";
import { itemTitle, MONTHLY_FIELDS, monthlyFieldsOf, upholdingRevokes, type CreditItem } from "~/lib/credit-items";
import { issuesToFieldErrors } from "~/lib/forms";
import { pageInfo, pageOffset, type PageInfo } from "~/lib/pagination";
import { dateOf, formatDateTime } from "~/lib/time";
import { eventRowSchema, monthlyRowSchema, taxGradeRowSchema } from "~/lib/validation/credit";
import type { ObjectionInput, ResolutionInput } from "~/lib/validation/objections";
import { addWorkingDays, deadlineState, type WorkingDayCalendar } from "~/lib/working-days";
import { writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import {
  creditEvents,
  creditMonthly,
  creditTaxGrades,
  enterprises,
  isCurrentRow,
  isSupersededRow,
  isVisibleRow,
  objections,
} from "~db/schema";
import { recordAudit } from "./audit.server";
import { workingCalendar } from "./calendar.server";
import { BatchApplyingError, ingestBatch } from "./credit-ingest.server";
import { notify } from "./notifications.server";
import { fail, type Outcome } from "./outcome";

type StoredItem = { id: number; enterpriseId: number | null; superseded: boolean; batchId: number; item: CreditItem };

/**
 * One stored row of credit data, whoever it belongs to, as an item. A row of a batch still being
 * applied does not exist yet, and one it supersedes is not superseded yet.
 */
function loadItem(db: Tx, type: CreditItemType, id: number): StoredItem | null {
  const stored = <T extends { id: number; enterpriseId: number | null; batchId: number }>(
    found: { r: T; superseded: number } | undefined,
  ) =>
    found
      ? {
          id: found.r.id,
          enterpriseId: found.r.enterpriseId,
          superseded: found.superseded === 1,
          batchId: found.r.batchId,
          values: found.r,
        }
      : null;
  if (type === "monthly") {
    const t = creditMonthly;
    const row = stored(
      db
        .select({ r: t, superseded: sql<number>`${isSupersededRow(t)}` })
        .from(t)
        .where(and(eq(t.id, id), isVisibleRow(t)))
        .get(),
    );
    return row && { ...row, item: { type, values: row.values } };
  }
  if (type === "tax_grade") {
    const t = creditTaxGrades;
    const row = stored(
      db
        .select({ r: t, superseded: sql<number>`${isSupersededRow(t)}` })
        .from(t)
        .where(and(eq(t.id, id), isVisibleRow(t)))
        .get(),
    );
    return row && { ...row, item: { type, values: row.values } };
  }
  const t = creditEvents;
  const row = stored(
    db
      .select({ r: t, superseded: sql<number>`${isSupersededRow(t)}` })
      .from(t)
      .where(and(eq(t.id, id), isVisibleRow(t)))
      .get(),
  );
  return row && { ...row, item: { type, values: row.values } };
}

/** The row holding the item's value now, or the one a given batch wrote (same month and source, year, or event). */
function rowFor(db: Tx, enterpriseId: number, item: CreditItem, batchId?: number): StoredItem | null {
  let id: number | undefined;
  if (item.type === "monthly") {
    const t = creditMonthly;
    id = db
      .select({ id: t.id })
      .from(t)
      .where(
        and(
          eq(t.enterpriseId, enterpriseId),
          eq(t.source, item.values.source),
          eq(t.month, item.values.month),
          batchId ? eq(t.batchId, batchId) : isCurrentRow(t),
        ),
      )
      .get()?.id;
  } else if (item.type === "tax_grade") {
    const t = creditTaxGrades;
    id = db
      .select({ id: t.id })
      .from(t)
      .where(and(eq(t.enterpriseId, enterpriseId), eq(t.year, item.values.year), batchId ? eq(t.batchId, batchId) : isCurrentRow(t)))
      .get()?.id;
  } else {
    const t = creditEvents;
    id = db
      .select({ id: t.id })
      .from(t)
      .where(
        and(
          eq(t.enterpriseId, enterpriseId),
          eq(t.kind, item.values.kind),
          eq(t.reference, item.values.reference),
          batchId ? eq(t.batchId, batchId) : isCurrentRow(t),
        ),
      )
      .get()?.id;
  }
  return id === undefined ? null : loadItem(db, item.type, id);
}

/** An open objection on the same item (key), whichever of its rows it was filed against. */
function openObjectionOn(db: Tx, enterpriseId: number, item: CreditItem): number | null {
  const open = and(eq(objections.enterpriseId, enterpriseId), eq(objections.status, "open"));
  if (item.type === "monthly") {
    return (
      db
        .select({ id: objections.id })
        .from(objections)
        .innerJoin(creditMonthly, and(eq(objections.itemType, "monthly"), eq(objections.itemId, creditMonthly.id)))
        .where(and(open, eq(creditMonthly.source, item.values.source), eq(creditMonthly.month, item.values.month)))
        .get()?.id ?? null
    );
  }
  if (item.type === "tax_grade") {
    return (
      db
        .select({ id: objections.id })
        .from(objections)
        .innerJoin(creditTaxGrades, and(eq(objections.itemType, "tax_grade"), eq(objections.itemId, creditTaxGrades.id)))
        .where(and(open, eq(creditTaxGrades.year, item.values.year)))
        .get()?.id ?? null
    );
  }
  return (
    db
      .select({ id: objections.id })
      .from(objections)
      .innerJoin(creditEvents, and(eq(objections.itemType, "event"), eq(objections.itemId, creditEvents.id)))
      .where(and(open, eq(creditEvents.kind, item.values.kind), eq(creditEvents.reference, item.values.reference)))
      .get()?.id ?? null
  );
}

export type ObjectionTarget = { itemType: CreditItemType; itemId: number; item: CreditItem; title: string; openObjectionId: number | null };

/** An item the enterprise may dispute: its own, and current. Null otherwise. */
export function objectionTarget(db: Tx, enterpriseId: number, itemType: CreditItemType, itemId: number): ObjectionTarget | null {
  const stored = loadItem(db, itemType, itemId);
  if (!stored || stored.enterpriseId !== enterpriseId || stored.superseded) return null;
  return {
    itemType,
    itemId,
    item: stored.item,
    title: itemTitle(stored.item),
    openObjectionId: openObjectionOn(db, enterpriseId, stored.item),
  };
}

export function fileObjection(
  db: AppDatabase,
  user: SessionUser,
  input: ObjectionInput,
  now: number,
): Outcome<{ objectionId: number; dueAt: number; dueProvisional: boolean }> {
  const enterpriseId = user.enterpriseId ?? -1;
  const calendar = workingCalendar(db);
  return writeTransaction(db, (tx) => {
    const stored = loadItem(tx, input.itemType, input.itemId);
    if (!stored || stored.enterpriseId !== enterpriseId) return fail(404, "找不到该数据");
    if (stored.superseded) return fail(409, "该数据已有更新的数值，请刷新页面后对最新数据提出异议");
    if (openObjectionOn(tx, enterpriseId, stored.item) !== null) return fail(409, "该数据已有异议正在处理中，请等待处理结果");
    const { at: dueAt, provisional: dueProvisional } = addWorkingDays(calendar, now, OBJECTION_DUE_WORKING_DAYS);
    const objectionId = tx
      .insert(objections)
      .values({
        enterpriseId,
        itemType: input.itemType,
        itemId: input.itemId,
        reason: input.reason,
        status: "open",
        filedAt: now,
        filedByUserId: user.id,
        dueAt,
      })
      .returning({ id: objections.id })
      .get().id;
    recordAudit(tx, {
      actorUserId: user.id,
      action: "objection.file",
      targetType: "objection",
      targetId: objectionId,
      detail: { itemType: input.itemType, itemId: input.itemId },
      at: now,
    });
    return { ok: true as const, objectionId, dueAt, dueProvisional };
  });
}

export type ObjectionRow = {
  id: number;
  enterpriseName: string;
  uscc: string;
  itemTitle: string;
  status: ObjectionStatus;
  filedAt: number;
  dueAt: number;
  /** The deadline was counted across days the working-day calendar does not cover (shown as 预计). */
  dueProvisional: boolean;
  overdue: boolean;
  resolvedAt: number | null;
  resolution: string | null;
};

/** A provisional deadline is never called overdue (as with the service levels, docs/decisions/022). */
function deadlineOf(calendar: WorkingDayCalendar, o: { status: ObjectionStatus; filedAt: number; dueAt: number }, now: number) {
  return deadlineState(calendar, o.filedAt, o.dueAt, o.status === "open", now);
}

function listObjections(db: AppDatabase, where: SQL | undefined, page: number, now: number): { rows: ObjectionRow[]; page: PageInfo } {
  const calendar = workingCalendar(db);
  const total = db.select({ n: count() }).from(objections).where(where).get()!.n;
  const info = pageInfo(total, page);
  const rows = db
    .select({ objection: objections, enterpriseName: enterprises.name, uscc: enterprises.uscc })
    .from(objections)
    .innerJoin(enterprises, eq(objections.enterpriseId, enterprises.id))
    .where(where)
    // Open ones first, the most pressing deadline first; then the latest answered.
    .orderBy(
      sql`${objections.status} <> 'open'`,
      asc(sql`CASE WHEN ${objections.status} = 'open' THEN ${objections.dueAt} END`),
      desc(objections.resolvedAt),
      desc(objections.id),
    )
    .limit(info.pageSize)
    .offset(pageOffset(info))
    .all();
  return {
    rows: rows.map(({ objection: o, enterpriseName, uscc }) => {
      const stored = loadItem(db, o.itemType, o.itemId)!;
      return {
        id: o.id,
        enterpriseName,
        uscc,
        itemTitle: itemTitle(stored.item),
        status: o.status,
        filedAt: o.filedAt,
        dueAt: o.dueAt,
        ...deadlineOf(calendar, o, now),
        resolvedAt: o.resolvedAt,
        resolution: o.resolution,
      };
    }),
    page: info,
  };
}

export function listEnterpriseObjections(db: AppDatabase, enterpriseId: number, page: number, now: number) {
  return listObjections(db, eq(objections.enterpriseId, enterpriseId), page, now);
}

export type BureauObjectionFilter = "open" | "closed" | "all";

export function listObjectionsForBureau(db: AppDatabase, filter: BureauObjectionFilter, page: number, now: number) {
  const where = filter === "open" ? eq(objections.status, "open") : filter === "closed" ? sql`${objections.status} <> 'open'` : undefined;
  return {
    ...listObjections(db, where, page, now),
    openCount: db.select({ n: count() }).from(objections).where(eq(objections.status, "open")).get()!.n,
  };
}

export type ObjectionDetail = {
  objection: typeof objections.$inferSelect;
  dueProvisional: boolean;
  overdue: boolean;
  enterprise: { id: number; name: string; uscc: string };
  title: string;
  /** The values the enterprise disputed. */
  disputed: CreditItem;
  /** The values the bureau wrote when it upheld the objection. */
  corrected: CreditItem | null;
  /** The value held now, when a later batch has replaced the disputed (or corrected) one. */
  current: CreditItem | null;
};

/** One objection; for an enterprise only its own (null otherwise). */
export function objectionDetail(
  db: AppDatabase,
  objectionId: number,
  viewer: { enterpriseId: number } | "bureau",
  now: number,
): ObjectionDetail | null {
  const found = db
    .select({ objection: objections, enterprise: { id: enterprises.id, name: enterprises.name, uscc: enterprises.uscc } })
    .from(objections)
    .innerJoin(enterprises, eq(objections.enterpriseId, enterprises.id))
    .where(eq(objections.id, objectionId))
    .get();
  if (!found || (viewer !== "bureau" && found.objection.enterpriseId !== viewer.enterpriseId)) return null;
  const { enterpriseId, correctionBatchId } = found.objection;
  const disputed = loadItem(db, found.objection.itemType, found.objection.itemId)!;
  const corrected = correctionBatchId === null ? null : rowFor(db, enterpriseId, disputed.item, correctionBatchId);
  const current = rowFor(db, enterpriseId, disputed.item);
  return {
    objection: found.objection,
    ...deadlineOf(workingCalendar(db), found.objection, now),
    enterprise: found.enterprise,
    title: itemTitle(disputed.item),
    disputed: disputed.item,
    corrected: corrected?.item ?? null,
    current: current && current.id !== disputed.id && current.id !== corrected?.id ? current.item : null,
  };
}

/**
 * The ingest row for a correction: the item's key with the corrected values typed by the bureau; for
 * a 违诺, its revocation under the same reference (upholdingRevokes).
 */
function correctionRow(uscc: string, item: CreditItem, values: Record<string, string>, now: number): Record<string, unknown> {
  if (upholdingRevokes(item) && item.type === "event") {
    return {
      uscc,
      kind: "breach_revoked",
      reference: item.values.reference,
      occurredOn: dateOf(now),
      authority: PLATFORM_AUTHORITY,
      description: `经异议核实，撤销违诺记录 ${item.values.reference}`,
    };
  }
  switch (item.type) {
    case "monthly":
      return {
        // Every column, as the row schema expects; those the source does not report stay blank.
        ...Object.fromEntries(MONTHLY_FIELDS.map((f) => [f, monthlyFieldsOf(item.values.source).includes(f) ? (values[f] ?? "") : ""])),
        uscc,
        source: item.values.source,
        month: item.values.month,
      };
    case "tax_grade":
      return { grade: values.grade, uscc, year: item.values.year };
    case "event":
      return {
        occurredOn: values.occurredOn,
        severity: item.values.kind === "penalty" ? values.severity : "",
        authority: values.authority,
        description: values.description,
        uscc,
        kind: item.values.kind,
        reference: item.values.reference,
        // What a repair repaired, or an exit ended, is not in dispute: only its date, authority and wording may be corrected.
        repairsReference: item.values.repairsReference ?? "",
        repairsKind: item.values.repairsKind ?? "",
        listingReference: item.values.listingReference ?? "",
      };
  }
}

const ROW_SCHEMAS = { monthly: monthlyRowSchema, tax_grade: taxGradeRowSchema, event: eventRowSchema } as const;

class UnchangedCorrection extends Error {}

/**
 * The bureau's decision. Upheld: `corrected` holds the new values (form fields named as the ingest
 * row's keys), validated by the ingest row schema and written as a one-row batch. A decision on an
 * objection already decided is refused with 409, whoever decided first.
 */
export function resolveObjection(
  db: AppDatabase,
  bureauUser: SessionUser,
  objectionId: number,
  decision: ResolutionInput,
  corrected: Record<string, string>,
  now: number,
): Outcome<{ correctionBatchId: number | null }> {
  try {
    return writeTransaction(db, (tx) => {
      const o = tx.select().from(objections).where(eq(objections.id, objectionId)).get();
      if (!o) return fail(404, "找不到该异议");
      if (o.status !== "open") {
        return fail(409, `该异议已于 ${formatDateTime(o.resolvedAt!)} 处理（${OBJECTION_STATUS_LABELS[o.status]}），不能重复处理`);
      }
      const enterprise = tx.select({ uscc: enterprises.uscc }).from(enterprises).where(eq(enterprises.id, o.enterpriseId)).get()!;
      const disputed = loadItem(tx, o.itemType, o.itemId);
      // Not visible: the batch that wrote it is still being applied (credit-ingest.server.ts).
      if (!disputed) return fail(409, new BatchApplyingError().message, { code: "batch_applying" });
      const title = itemTitle(disputed.item);
      let correctionBatchId: number | null = null;
      if (decision.decision === "upheld") {
        const row = correctionRow(enterprise.uscc, disputed.item, corrected, now);
        const parsed = v.safeParse(ROW_SCHEMAS[o.itemType](now), row);
        if (!parsed.success) {
          return fail(400, "更正数值有误，请检查", { fieldErrors: issuesToFieldErrors(parsed.issues) });
        }
        // ingestBatch opens its own transaction on the same connection: it nests as a savepoint,
        // so the correction and the decision commit or roll back together.
        const report = ingestBatch(
          db,
          {
            origin: "objection",
            providerId: null,
            kind: o.itemType,
            externalId: `objection-${o.id}`,
            actorUserId: bureauUser.id,
            allowedSources: null,
            rows: [row],
          },
          now,
        );
        if (report.status !== "applied")
          throw new Error(`correction batch ${report.batchId} was rejected: ${JSON.stringify(report.rejections)}`);
        if (report.rowsUnchanged > 0) throw new UnchangedCorrection();
        correctionBatchId = report.batchId;
      }
      tx.update(objections)
        .set({
          status: decision.decision,
          resolvedAt: now,
          resolvedByUserId: bureauUser.id,
          resolution: decision.resolution,
          correctionBatchId,
        })
        .where(and(eq(objections.id, o.id), eq(objections.status, "open")))
        .run();
      const upheld = decision.decision === "upheld";
      notify(tx, {
        to: { enterpriseId: o.enterpriseId },
        kind: upheld ? "objection.upheld" : "objection.rejected",
        title: upheld ? "异议已采纳，数据已更正" : "异议未采纳",
        body: `您对“${title}”提出的异议${upheld ? "已采纳，数据已更正" : "未予采纳"}。处理说明：${decision.resolution}`,
        link: `/sme/objections/${o.id}`,
        at: now,
      });
      recordAudit(tx, {
        actorUserId: bureauUser.id,
        action: upheld ? "objection.uphold" : "objection.reject",
        targetType: "objection",
        targetId: o.id,
        detail: { itemType: o.itemType, itemId: o.itemId, correctionBatchId },
        at: now,
      });
      return { ok: true as const, correctionBatchId };
    });
  } catch (error) {
    if (error instanceof UnchangedCorrection) {
      return fail(400, "更正后的数值与现有数据相同。如原数据无误，请选择“不予采纳”并说明理由");
    }
    if (error instanceof BatchApplyingError) return fail(409, error.message, { code: "batch_applying" });
    throw error;
  }
}
