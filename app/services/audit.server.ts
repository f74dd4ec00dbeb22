/** The audit log of privileged actions: appended to inside each action's transaction; read and exported by the admin. */
import { and, count, desc, eq, gte, like, lt, type SQL } from "drizzle-orm";
import { auditActionLabel, MAX_AUDIT_EXPORT_ROWS } from "~/lib/audit-actions";
import { excelCsv } from "~/lib/csv";
import { pageInfo, pageOffset, type PageInfo } from "~/lib/pagination";
import { DAY_MS, formatDateTime, startOfDate } from "~/lib/time";
import type { AuditFilter } from "~/lib/validation/audit";
import type { AppDatabase, Tx } from "~db/connection";
import { auditLog, users } from "~db/schema";

export type AuditEntry = {
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string | number;
  detail?: Record<string, unknown>;
  at: number;
};

export function recordAudit(tx: Tx, entry: AuditEntry): void {
  tx.insert(auditLog)
    .values({
      at: entry.at,
      actorUserId: entry.actorUserId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: String(entry.targetId),
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .run();
}

export type AuditRow = {
  id: number;
  at: number;
  action: string;
  actionLabel: string;
  actor: string;
  actorName: string;
  target: string;
  detail: string;
};

function whereOf(filter: AuditFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.category) conditions.push(like(auditLog.action, `${filter.category}.%`));
  if (filter.from) conditions.push(gte(auditLog.at, startOfDate(filter.from)));
  if (filter.to) conditions.push(lt(auditLog.at, startOfDate(filter.to) + DAY_MS));
  if (filter.actor) conditions.push(eq(users.username, filter.actor.toLowerCase()));
  return conditions.length > 0 ? and(...conditions) : undefined;
}

function selectRows(db: AppDatabase, filter: AuditFilter) {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      username: users.username,
      displayName: users.displayName,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .leftJoin(users, eq(auditLog.actorUserId, users.id))
    .where(whereOf(filter))
    .orderBy(desc(auditLog.at), desc(auditLog.id));
}

function toRow(r: ReturnType<ReturnType<typeof selectRows>["all"]>[number]): AuditRow {
  return {
    id: r.id,
    at: r.at,
    action: r.action,
    actionLabel: auditActionLabel(r.action),
    actor: r.username ?? "系统",
    actorName: r.displayName ?? "系统",
    target: `${r.targetType}#${r.targetId}`,
    detail: r.detail === "{}" ? "" : r.detail,
  };
}

export function listAuditLog(db: AppDatabase, filter: AuditFilter, page: number): { rows: AuditRow[]; page: PageInfo } {
  const total =
    db.select({ n: count() }).from(auditLog).leftJoin(users, eq(auditLog.actorUserId, users.id)).where(whereOf(filter)).get()?.n ?? 0;
  const info = pageInfo(total, page, 50);
  const rows = selectRows(db, filter).limit(info.pageSize).offset(pageOffset(info)).all().map(toRow);
  return { rows, page: info };
}

/** The filtered log as CSV (newest first), at most MAX_AUDIT_EXPORT_ROWS entries. */
export function auditLogCsv(db: AppDatabase, filter: AuditFilter): Buffer {
  const rows = selectRows(db, filter).limit(MAX_AUDIT_EXPORT_ROWS).all().map(toRow);
  return excelCsv([
    ["编号", "时间", "操作", "操作代码", "操作人", "姓名", "对象", "详情"],
    ...rows.map((r) => [String(r.id), formatDateTime(r.at), r.actionLabel, r.action, r.actor, r.actorName, r.target, r.detail]),
  ]);
}
