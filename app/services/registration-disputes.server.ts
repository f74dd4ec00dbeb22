/**
 * 冒名注册 disputes: a firm finds its code already registered by someone else and tells the admin,
 * who checks it (by phone, the business licence) and either dismisses it or upholds it. Upholding
 * disables that registration: its users can no longer sign in and their login names are freed, its
 * open needs are withdrawn (with their authorizations), and its credit data is detached by code so
 * the real firm, registering afresh, receives it. What the disabled registration did stays on record.
 */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { deleteUserSessions, type SessionUser } from "~/auth/session.server";
import { REGISTRATION_DISPUTE_STATUS_LABELS } from "~/domain/accounts";
import { pageInfo, pageOffset, type PageInfo } from "~/lib/pagination";
import type { RegistrationDisputeDecision, RegistrationDisputeInput } from "~/lib/validation/accounts";
import { writeTransaction, type AppDatabase } from "~db/connection";
import { authorizations, CREDIT_ROW_TABLES, enterprises, needs, registrationDisputes, users } from "~db/schema";
import { recordAudit } from "./audit.server";
import { closeNeed } from "./needs.server";
import { notify } from "./notifications.server";
import { fail, failFields, type FieldsRefused, type Outcome } from "./outcome";

export function fileRegistrationDispute(
  db: AppDatabase,
  input: RegistrationDisputeInput,
  now: number,
): Outcome<{ disputeId: number }, FieldsRefused> {
  return writeTransaction(db, (tx) => {
    const enterprise = tx
      .select({ id: enterprises.id })
      .from(enterprises)
      .where(and(eq(enterprises.uscc, input.uscc), isNull(enterprises.disabledAt)))
      .get();
    if (!enterprise) return failFields({ uscc: "该统一社会信用代码尚未在平台注册，可直接注册" }, 409);
    const open = tx
      .select({ id: registrationDisputes.id })
      .from(registrationDisputes)
      .where(and(eq(registrationDisputes.enterpriseId, enterprise.id), eq(registrationDisputes.status, "open")))
      .get();
    if (open) return failFields({ uscc: `该企业的申诉（编号 ${open.id}）正在处理中，平台管理员将通过联系电话与您联系` }, 409);
    const disputeId = tx
      .insert(registrationDisputes)
      .values({ enterpriseId: enterprise.id, ...input, status: "open", filedAt: now })
      .returning({ id: registrationDisputes.id })
      .get().id;
    recordAudit(tx, {
      actorUserId: null,
      action: "registration_dispute.file",
      targetType: "enterprise",
      targetId: enterprise.id,
      detail: { disputeId, claimantName: input.claimantName },
      at: now,
    });
    for (const admin of tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, "admin"), isNull(users.disabledAt)))
      .all()) {
      notify(tx, {
        to: { userId: admin.id },
        kind: "registration_dispute.filed",
        title: "新的冒名注册申诉",
        body: `${input.claimantName}（${input.uscc}）称其统一社会信用代码被他人注册，请核实处理`,
        link: `/admin/registration-disputes/${disputeId}`,
        at: now,
      });
    }
    return { ok: true as const, disputeId };
  });
}

export type DisputeRow = typeof registrationDisputes.$inferSelect & {
  registeredName: string;
  registeredLegalRepName: string;
  registeredAt: number;
};

const disputeColumns = {
  dispute: registrationDisputes,
  registeredName: enterprises.name,
  registeredLegalRepName: enterprises.legalRepName,
  registeredAt: enterprises.registeredAt,
};

const toDisputeRow = ({
  dispute,
  ...registered
}: {
  dispute: typeof registrationDisputes.$inferSelect;
  registeredName: string;
  registeredLegalRepName: string;
  registeredAt: number;
}): DisputeRow => ({
  ...dispute,
  ...registered,
});

export function listRegistrationDisputes(db: AppDatabase, page: number): { rows: DisputeRow[]; page: PageInfo; open: number } {
  const total = db
    .select({ n: sql<number>`count(*)` })
    .from(registrationDisputes)
    .get()!.n;
  const open = db
    .select({ n: sql<number>`count(*)` })
    .from(registrationDisputes)
    .where(eq(registrationDisputes.status, "open"))
    .get()!.n;
  const info = pageInfo(total, page);
  const rows = db
    .select(disputeColumns)
    .from(registrationDisputes)
    .innerJoin(enterprises, eq(enterprises.id, registrationDisputes.enterpriseId))
    // Open ones first, oldest first: they are the work.
    .orderBy(
      sql`${registrationDisputes.status} <> 'open'`,
      sql`case when ${registrationDisputes.status} = 'open' then ${registrationDisputes.filedAt} end`,
      desc(registrationDisputes.filedAt),
    )
    .limit(info.pageSize)
    .offset(pageOffset(info))
    .all();
  return { rows: rows.map(toDisputeRow), page: info, open };
}

export function registrationDisputeDetail(db: AppDatabase, disputeId: number): DisputeRow | null {
  const r = db
    .select(disputeColumns)
    .from(registrationDisputes)
    .innerJoin(enterprises, eq(enterprises.id, registrationDisputes.enterpriseId))
    .where(eq(registrationDisputes.id, disputeId))
    .get();
  return r ? toDisputeRow(r) : null;
}

export function resolveRegistrationDispute(
  db: AppDatabase,
  admin: SessionUser,
  disputeId: number,
  decision: RegistrationDisputeDecision,
  now: number,
): Outcome {
  return writeTransaction(db, (tx) => {
    const dispute = tx.select().from(registrationDisputes).where(eq(registrationDisputes.id, disputeId)).get();
    if (!dispute) return fail(404, "找不到该申诉");
    if (dispute.status !== "open") return fail(409, `该申诉已处理（${REGISTRATION_DISPUTE_STATUS_LABELS[dispute.status]}），不能重复处理`);
    tx.update(registrationDisputes)
      .set({ status: decision.decision, resolvedAt: now, resolvedByUserId: admin.id, resolution: decision.resolution })
      .where(eq(registrationDisputes.id, disputeId))
      .run();
    const enterpriseId = dispute.enterpriseId;
    if (decision.decision === "upheld") {
      tx.update(enterprises)
        .set({ disabledAt: now, disabledReason: `冒名注册申诉成立（申诉编号 ${disputeId}）：${decision.resolution}` })
        .where(eq(enterprises.id, enterpriseId))
        .run();
      for (const user of tx
        .select({ id: users.id, username: users.username })
        .from(users)
        .where(eq(users.enterpriseId, enterpriseId))
        .all()) {
        // The login name is the firm's code: freed so the real firm can register with it.
        tx.update(users)
          .set({ disabledAt: now, username: `${user.username}#停用${disputeId}` })
          .where(eq(users.id, user.id))
          .run();
        deleteUserSessions(tx, user.id);
      }
      for (const need of tx.select().from(needs).where(eq(needs.enterpriseId, enterpriseId)).all()) {
        // Needs already closed stay as they were; the result of an open one is not needed here.
        closeNeed(tx, need, { actorUserId: admin.id, reason: "该企业注册经核实为冒名注册，已被停用" }, now);
      }
      tx.update(authorizations)
        .set({ revokedAt: now })
        .where(and(eq(authorizations.enterpriseId, enterpriseId), isNull(authorizations.revokedAt)))
        .run();
      for (const table of CREDIT_ROW_TABLES) {
        tx.update(table).set({ enterpriseId: null }).where(eq(table.enterpriseId, enterpriseId)).run();
      }
    }
    recordAudit(tx, {
      actorUserId: admin.id,
      action: decision.decision === "upheld" ? "registration_dispute.uphold" : "registration_dispute.dismiss",
      targetType: "enterprise",
      targetId: enterpriseId,
      detail: { disputeId, resolution: decision.resolution },
      at: now,
    });
    return { ok: true as const };
  });
}
