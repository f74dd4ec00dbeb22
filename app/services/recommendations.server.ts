/**
 * 推荐名单 (issue 5): per district and month, the good-grade (A/B) enterprises with open needs that
 * are not knocked out, from their current scores. The bureau builds the list, reviews it (an entry is
 * removed with a reason, never deleted) and pushes it to chosen institutions; every change is audited.
 * Building again adds enterprises that have qualified since, and never brings back a removed one.
 * Officers see the lists pushed to their institution, without removed or since knocked-out entries.
 */
import type { CreditGrade } from "~/domain/scoring";
import { dateOf } from "~/lib/time";
import { writeTransaction, type AppDatabase } from "~db/connection";
import { recordAudit } from "./audit.server";
import { fail, type Outcome } from "./outcome";
import { notify } from "./notifications.server";

export const RECOMMENDED_GRADES: CreditGrade[] = ["A", "B"];

const OPEN_NEED = "n.enterprise_id = e.id AND n.status = 'open' AND n.expires_on >= ?";

/** Creates the district's list for the month if needed and adds every enterprise that now qualifies. */
export function buildList(
  db: AppDatabase,
  actorUserId: string,
  districtCode: string,
  month: string,
  now: number,
): { listId: number; added: number } {
  return writeTransaction(db, () => {
    const sqlite = db.$client;
    sqlite
      .prepare("INSERT OR IGNORE INTO recommendation_lists (district_code, month, created_at, created_by_user_id) VALUES (?, ?, ?, ?)")
      .run(districtCode, month, now, actorUserId);
    const listId = (
      sqlite.prepare("SELECT id FROM recommendation_lists WHERE district_code = ? AND month = ?").get(districtCode, month) as { id: number }
    ).id;
    const added = sqlite
      .prepare(
        `INSERT INTO recommendation_entries (list_id, enterprise_id, score, grade, model_version, added_at)
         SELECT ?, e.id, s.score, s.grade, s.model_version, ? FROM enterprises e
         JOIN credit_scores s ON s.enterprise_id = e.id AND s.is_current = 1 AND s.knocked_out = 0
         WHERE e.district_code = ? AND s.grade IN (SELECT value FROM json_each(?))
           AND EXISTS (SELECT 1 FROM needs n WHERE ${OPEN_NEED})
           AND NOT EXISTS (SELECT 1 FROM recommendation_entries r WHERE r.list_id = ? AND r.enterprise_id = e.id)
         ORDER BY s.score DESC`,
      )
      .run(listId, now, districtCode, JSON.stringify(RECOMMENDED_GRADES), dateOf(now), listId).changes;
    recordAudit(db, {
      actorUserId,
      action: "recommendation.build",
      targetType: "recommendation_list",
      targetId: listId,
      detail: { districtCode, month, added },
      at: now,
    });
    return { listId, added };
  });
}

export type ListEntry = {
  id: number;
  enterpriseId: number;
  enterpriseName: string;
  score: number;
  grade: CreditGrade;
  openNeeds: number;
  removedAt: number | null;
  removalReason: string | null;
};

export type ListView = {
  id: number;
  districtCode: string;
  month: string;
  createdAt: number;
  entries: ListEntry[];
  pushes: { institutionId: number; institution: string; pushedAt: number }[];
};

function entriesOf(db: AppDatabase, listId: number, now: number, visibleOnly: boolean): ListEntry[] {
  return db.$client
    .prepare(
      `SELECT r.id, r.enterprise_id AS enterpriseId, e.name AS enterpriseName, r.score, r.grade, r.removed_at AS removedAt, r.removal_reason AS removalReason,
              (SELECT count(*) FROM needs n WHERE ${OPEN_NEED}) AS openNeeds
       FROM recommendation_entries r JOIN enterprises e ON e.id = r.enterprise_id
       ${visibleOnly ? "JOIN credit_scores s ON s.enterprise_id = r.enterprise_id AND s.is_current = 1 AND s.knocked_out = 0" : ""}
       WHERE r.list_id = ? ${visibleOnly ? "AND r.removed_at IS NULL" : ""}
       ORDER BY r.removed_at IS NOT NULL, r.score DESC, r.id`,
    )
    .all(dateOf(now), listId) as ListEntry[];
}

export function listView(db: AppDatabase, districtCode: string, month: string, now: number): ListView | null {
  const list = db.$client
    .prepare(
      "SELECT id, district_code AS districtCode, month, created_at AS createdAt FROM recommendation_lists WHERE district_code = ? AND month = ?",
    )
    .get(districtCode, month) as Omit<ListView, "entries" | "pushes"> | undefined;
  if (!list) return null;
  const pushes = db.$client
    .prepare(
      "SELECT p.institution_id AS institutionId, i.short_name AS institution, p.pushed_at AS pushedAt FROM recommendation_pushes p JOIN institutions i ON i.id = p.institution_id WHERE p.list_id = ? ORDER BY p.pushed_at, i.id",
    )
    .all(list.id) as ListView["pushes"];
  return { ...list, entries: entriesOf(db, list.id, now, false), pushes };
}

export function removeEntry(db: AppDatabase, actorUserId: string, entryId: number, reason: string, now: number): Outcome {
  return writeTransaction(db, () => {
    const entry = db.$client.prepare("SELECT list_id, enterprise_id, removed_at FROM recommendation_entries WHERE id = ?").get(entryId) as
      { list_id: number; enterprise_id: number; removed_at: number | null } | undefined;
    if (!entry) return fail(404, "找不到该名单条目");
    if (entry.removed_at !== null) return fail(409, "该企业已从名单中移除");
    db.$client
      .prepare("UPDATE recommendation_entries SET removed_at = ?, removed_by_user_id = ?, removal_reason = ? WHERE id = ?")
      .run(now, actorUserId, reason, entryId);
    recordAudit(db, {
      actorUserId,
      action: "recommendation.remove",
      targetType: "recommendation_entry",
      targetId: entryId,
      detail: { listId: entry.list_id, enterpriseId: entry.enterprise_id, reason },
      at: now,
    });
    return { ok: true as const };
  });
}

/** Pushes the list to institutions (again is harmless); each institution is told, and the push audited. */
export function pushList(
  db: AppDatabase,
  actorUserId: string,
  listId: number,
  institutionIds: readonly number[],
  now: number,
): Outcome<{ pushed: number }> {
  return writeTransaction(db, () => {
    const list = db.$client.prepare("SELECT district_code, month FROM recommendation_lists WHERE id = ?").get(listId) as
      { district_code: string; month: string } | undefined;
    if (!list) return fail(404, "找不到该名单");
    const active = new Set(
      (
        db.$client
          .prepare("SELECT id FROM institutions WHERE disabled_at IS NULL AND id IN (SELECT value FROM json_each(?))")
          .raw()
          .all(JSON.stringify(institutionIds)) as [number][]
      ).map(([id]) => id),
    );
    if (active.size !== new Set(institutionIds).size) return fail(400, "请选择在册的金融机构", { field: "institutionIds" });
    const entries = entriesOf(db, listId, now, true).length;
    if (entries === 0) return fail(409, "名单中没有可推送的企业");
    const insert = db.$client.prepare(
      "INSERT OR IGNORE INTO recommendation_pushes (list_id, institution_id, pushed_at, pushed_by_user_id) VALUES (?, ?, ?, ?)",
    );
    let pushed = 0;
    for (const institutionId of active) {
      if (insert.run(listId, institutionId, now, actorUserId).changes === 0) continue;
      pushed += 1;
      notify(db, {
        to: { institutionId },
        kind: "recommendation.pushed",
        title: "收到区县推荐名单",
        body: `${list.month} 推荐名单（${entries} 家信用良好且有融资需求的企业）已推送给本机构`,
        link: "/bank/recommendations",
        at: now,
      });
    }
    recordAudit(db, {
      actorUserId,
      action: "recommendation.push",
      targetType: "recommendation_list",
      targetId: listId,
      detail: { institutionIds: [...active], entries, newlyPushed: pushed },
      at: now,
    });
    return { ok: true as const, pushed };
  });
}

export type PushedList = { id: number; districtCode: string; month: string; pushedAt: number; entries: ListEntry[] };

/** Lists pushed to an institution, newest first, with the entries still standing. */
export function institutionLists(db: AppDatabase, institutionId: number, now: number): PushedList[] {
  const lists = db.$client
    .prepare(
      "SELECT l.id, l.district_code AS districtCode, l.month, p.pushed_at AS pushedAt FROM recommendation_pushes p JOIN recommendation_lists l ON l.id = p.list_id WHERE p.institution_id = ? ORDER BY l.month DESC, p.pushed_at DESC",
    )
    .all(institutionId) as Omit<PushedList, "entries">[];
  return lists.map((l) => ({ ...l, entries: entriesOf(db, l.id, now, true) }));
}
