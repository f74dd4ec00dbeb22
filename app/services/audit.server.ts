/** The audit log of privileged actions: appended to inside each action's transaction; read and exported by the admin. */
import { and, count, desc, eq, gte, inArray, like, lt, type SQL } from "drizzle-orm";
import { auditActionLabel, auditDetailText, auditTargetText, MAX_AUDIT_EXPORT_ROWS } from "~/lib/audit-actions";
import { excelCsv } from "~/lib/csv";
import { pageInfo, pageOffset, type PageInfo } from "~/lib/pagination";
import { DAY_MS, formatDateTime, startOfDate } from "~/lib/time";
import type { AuditFilter } from "~/lib/validation/audit";
import type { AppDatabase, Tx } from "~db/connection";
import { auditLog, claims, enterprises, institutions, needs, policies, products, users } from "~db/schema";

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

type SelectedRow = ReturnType<ReturnType<typeof selectRows>["all"]>[number];

const numericIds = (ids: string[]) => ids.map(Number).filter((n) => Number.isInteger(n) && n > 0);

/** The names of the objects some entries acted on, by "type#id": people, firms, banks, a claim by its firm. */
function targetNames(db: AppDatabase, rows: SelectedRow[]): Map<string, string> {
  const idsOf = (type: string) => [...new Set(rows.filter((r) => r.targetType === type).map((r) => r.targetId))];
  const names = new Map<string, string>();
  const put = (type: string, list: { id: string | number; name: string }[]) => list.forEach((x) => names.set(`${type}#${x.id}`, x.name));
  const userIds = idsOf("user");
  if (userIds.length)
    put(
      "user",
      db
        .select({ id: users.id, name: users.displayName, username: users.username })
        .from(users)
        .where(inArray(users.id, userIds))
        .all()
        .map((u) => ({ id: u.id, name: `${u.name}（${u.username}）` })),
    );
  const lookups: [string, () => { id: number; name: string }[]][] = [
    [
      "enterprise",
      () =>
        db
          .select({ id: enterprises.id, name: enterprises.name })
          .from(enterprises)
          .where(inArray(enterprises.id, numericIds(idsOf("enterprise"))))
          .all(),
    ],
    [
      "institution",
      () =>
        db
          .select({ id: institutions.id, name: institutions.name })
          .from(institutions)
          .where(inArray(institutions.id, numericIds(idsOf("institution"))))
          .all(),
    ],
    [
      "product",
      () =>
        db
          .select({ id: products.id, name: products.name })
          .from(products)
          .where(inArray(products.id, numericIds(idsOf("product"))))
          .all(),
    ],
    [
      "policy",
      () =>
        db
          .select({ id: policies.id, name: policies.title })
          .from(policies)
          .where(inArray(policies.id, numericIds(idsOf("policy"))))
          .all(),
    ],
    [
      "claim",
      () =>
        db
          .select({ id: claims.id, firm: enterprises.name, bank: institutions.shortName, needId: needs.id })
          .from(claims)
          .innerJoin(needs, eq(needs.id, claims.needId))
          .innerJoin(enterprises, eq(enterprises.id, needs.enterpriseId))
          .innerJoin(institutions, eq(institutions.id, claims.institutionId))
          .where(inArray(claims.id, numericIds(idsOf("claim"))))
          .all()
          .map((c) => ({ id: c.id, name: `${c.bank}受理 ${c.firm} 的需求 #${c.needId}` })),
    ],
    [
      "need",
      () =>
        db
          .select({ id: needs.id, firm: enterprises.name })
          .from(needs)
          .innerJoin(enterprises, eq(enterprises.id, needs.enterpriseId))
          .where(inArray(needs.id, numericIds(idsOf("need"))))
          .all()
          .map((n) => ({ id: n.id, name: `${n.firm} #${n.id}` })),
    ],
  ];
  for (const [type, lookup] of lookups) if (numericIds(idsOf(type)).length) put(type, lookup());
  return names;
}

function toRows(db: AppDatabase, selected: SelectedRow[]): AuditRow[] {
  const names = targetNames(db, selected);
  return selected.map((r) => ({
    id: r.id,
    at: r.at,
    action: r.action,
    actionLabel: auditActionLabel(r.action),
    actor: r.username ?? "系统",
    actorName: r.displayName ?? "系统",
    target: auditTargetText(r.targetType, r.targetId, names.get(`${r.targetType}#${r.targetId}`) ?? null),
    detail: auditDetailText(r.detail),
  }));
}

export function listAuditLog(db: AppDatabase, filter: AuditFilter, page: number): { rows: AuditRow[]; page: PageInfo } {
  const total =
    db.select({ n: count() }).from(auditLog).leftJoin(users, eq(auditLog.actorUserId, users.id)).where(whereOf(filter)).get()?.n ?? 0;
  const info = pageInfo(total, page, 50);
  const rows = toRows(db, selectRows(db, filter).limit(info.pageSize).offset(pageOffset(info)).all());
  return { rows, page: info };
}

/** The filtered log as CSV (newest first), at most MAX_AUDIT_EXPORT_ROWS entries. */
export function auditLogCsv(db: AppDatabase, filter: AuditFilter): Buffer {
  // Names are looked up a chunk at a time (SQLite caps a statement's parameters).
  const selected = selectRows(db, filter).limit(MAX_AUDIT_EXPORT_ROWS).all();
  const rows: AuditRow[] = [];
  for (let i = 0; i < selected.length; i += 500) rows.push(...toRows(db, selected.slice(i, i + 500)));
  return excelCsv([
    ["编号", "时间", "操作", "操作代码", "操作人", "姓名", "对象", "详情"],
    ...rows.map((r) => [String(r.id), formatDateTime(r.at), r.actionLabel, r.action, r.actor, r.actorName, r.target, r.detail]),
  ]);
}
