/**
 * Authorizations (授权): which institutions may read an enterprise's detailed credit profile, for
 * what purpose, until when. The enterprise lists, gives and revokes them; `liveAuthorization` is the
 * one question every detailed read asks first.
 */
import { and, desc, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { authorizationStatus } from "~/lib/authorizations";
import type { AuthorizationStatus } from "~/domain/authorizations";
import { DAY_MS, dateOf, startOfDate } from "~/lib/time";
import type { AuthorizationInput } from "~/lib/validation/authorizations";
import { writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import { authorizations, claims, institutions, loans, needs } from "~db/schema";
import { recordAudit } from "./audit.server";
import { fail, type Outcome } from "./outcome";

export type AuthorizationRow = {
  id: number;
  /** Null: every institution on the platform. */
  institutionName: string | null;
  purpose: string;
  scope: string;
  needId: number | null;
  grantedAt: number;
  expiresAt: number;
  revokedAt: number | null;
  status: AuthorizationStatus;
};

export function listAuthorizations(db: AppDatabase, enterpriseId: number, now: number): AuthorizationRow[] {
  return db
    .select({
      id: authorizations.id,
      institutionName: institutions.name,
      purpose: authorizations.purpose,
      scope: authorizations.scope,
      needId: authorizations.needId,
      grantedAt: authorizations.grantedAt,
      expiresAt: authorizations.expiresAt,
      revokedAt: authorizations.revokedAt,
    })
    .from(authorizations)
    .leftJoin(institutions, eq(authorizations.institutionId, institutions.id))
    .where(eq(authorizations.enterpriseId, enterpriseId))
    .orderBy(desc(authorizations.grantedAt), desc(authorizations.id))
    .all()
    .map((a) => ({ ...a, status: authorizationStatus(a, now) }));
}

/** Institutions an enterprise may authorize: those still on the platform. */
export function authorizableInstitutions(db: AppDatabase) {
  return db
    .select({ id: institutions.id, name: institutions.name })
    .from(institutions)
    .where(isNull(institutions.disabledAt))
    .orderBy(institutions.id)
    .all();
}

export function createAuthorization(
  db: AppDatabase,
  user: SessionUser,
  input: AuthorizationInput,
  now: number,
): Outcome<{ authorizationId: number }> {
  const enterpriseId = user.enterpriseId!;
  return writeTransaction(db, (tx) => {
    if (input.institutionId !== null) {
      const institution = tx
        .select({ disabledAt: institutions.disabledAt })
        .from(institutions)
        .where(eq(institutions.id, input.institutionId))
        .get();
      if (!institution || institution.disabledAt !== null) {
        return fail(400, "该金融机构不存在或已退出平台，请重新选择", { field: "institution" });
      }
    }
    const authorizationId = grantAuthorization(tx, enterpriseId, user.id, input, now);
    return { ok: true as const, authorizationId };
  });
}

/**
 * Writes an authorization the enterprise gives (valid through the whole last day, Asia/Shanghai) with
 * its audit row, inside the caller's transaction: by hand, or with a request that needs one (续贷).
 */
export function grantAuthorization(tx: Tx, enterpriseId: number, userId: string, input: AuthorizationInput, now: number): number {
  const authorizationId = tx
    .insert(authorizations)
    .values({
      enterpriseId,
      institutionId: input.institutionId,
      scope: "credit_profile",
      purpose: input.purpose,
      grantedAt: now,
      expiresAt: startOfDate(input.expiresOn) + DAY_MS,
      grantedByUserId: userId,
    })
    .returning({ id: authorizations.id })
    .get().id;
  recordAudit(tx, {
    actorUserId: userId,
    action: "authorization.grant",
    targetType: "authorization",
    targetId: authorizationId,
    detail: { enterpriseId, institutionId: input.institutionId, expiresOn: input.expiresOn },
    at: now,
  });
  return authorizationId;
}

/**
 * Revokes one of the enterprise's own authorizations, need-linked ones included (the need stays
 * open; institutions just may no longer read the profile). Revoking twice changes nothing.
 */
export function revokeAuthorization(
  db: AppDatabase,
  user: SessionUser,
  authorizationId: number,
  now: number,
): Outcome<{ changed: boolean }> {
  return writeTransaction(db, (tx) => {
    const own = tx
      .select({ revokedAt: authorizations.revokedAt })
      .from(authorizations)
      .where(and(eq(authorizations.id, authorizationId), eq(authorizations.enterpriseId, user.enterpriseId ?? -1)))
      .get();
    if (!own) return fail(404, "找不到该授权");
    if (own.revokedAt !== null) return { ok: true as const, changed: false };
    tx.update(authorizations).set({ revokedAt: now }).where(eq(authorizations.id, authorizationId)).run();
    recordAudit(tx, {
      actorUserId: user.id,
      action: "authorization.revoke",
      targetType: "authorization",
      targetId: authorizationId,
      at: now,
    });
    return { ok: true as const, changed: true };
  });
}

/**
 * The authorization that lets `institutionId` read the enterprise's profile at `now`: given to it
 * or to all institutions, in force, not revoked. One aimed at the institution is preferred (its
 * purpose is the more specific one to log), then the one that lasts longest.
 */
export function liveAuthorization(db: Tx, enterpriseId: number, institutionId: number, now: number) {
  return (
    db
      .select()
      .from(authorizations)
      .where(
        and(
          eq(authorizations.enterpriseId, enterpriseId),
          or(eq(authorizations.institutionId, institutionId), isNull(authorizations.institutionId)),
          isNull(authorizations.revokedAt),
          lte(authorizations.grantedAt, now),
          gt(authorizations.expiresAt, now),
        ),
      )
      .orderBy(sql`${authorizations.institutionId} IS NULL`, desc(authorizations.expiresAt), desc(authorizations.id))
      .get() ?? null
  );
}

// ---- a need's authorization follows the need ------------------------------------------------------

/** The purpose words of the authorizations a need's authorization is narrowed into. */
const NEED_PURPOSE_PREFIX = "融资需求 #";
const AFTER_CARE_SUFFIX = " 贷后管理（仅限放款机构）";
export const afterCarePurpose = (needId: number) => `${NEED_PURPOSE_PREFIX}${needId}${AFTER_CARE_SUFFIX}`;
export const stillHandlingPurpose = (needId: number) => `${NEED_PURPOSE_PREFIX}${needId} 贷前审查（需求到期后继续办理，仅限受理机构）`;

/**
 * Brings the authorizations given with a need in line with where the need stands
 * (docs/decisions/025-marketplace-hostile-users.md). While the need is open nothing changes. Once
 * it is closed, the need's live authorizations are replaced by what its purpose still justifies:
 * - disbursed: the lending institution alone, for after-care (贷后管理);
 * - expired: each institution still handling a claim (claimed or granted), for that claim alone;
 * - withdrawn: nobody.
 * The replacements keep the expiry of what they replace and are created only for an institution a
 * live authorization of the need already covers — narrowing never widens, and a revocation by the
 * enterprise stays revoked. Idempotent; writes an audit row when it changes anything. Returns how
 * many authorizations it ended.
 */
export function settleNeedAuthorizations(tx: Tx, needId: number, now: number): number {
  const need = tx
    .select({ id: needs.id, enterpriseId: needs.enterpriseId, status: needs.status, expiresOn: needs.expiresOn })
    .from(needs)
    .where(eq(needs.id, needId))
    .get();
  if (!need) return 0;
  const lender = tx.select({ institutionId: loans.institutionId }).from(loans).where(eq(loans.needId, needId)).get();
  const stillOpen = need.status === "open" && dateOf(now) <= need.expiresOn;
  if (stillOpen && !lender) return 0;

  const live = tx
    .select()
    .from(authorizations)
    .where(and(eq(authorizations.needId, needId), isNull(authorizations.revokedAt), gt(authorizations.expiresAt, now)))
    .all();
  if (live.length === 0) return 0;

  let wanted: { institutionId: number; purpose: string }[];
  if (lender) {
    wanted = [{ institutionId: lender.institutionId, purpose: afterCarePurpose(needId) }];
  } else if (need.status === "withdrawn") {
    wanted = [];
  } else {
    const handling = tx
      .selectDistinct({ institutionId: claims.institutionId })
      .from(claims)
      .where(and(eq(claims.needId, needId), inArray(claims.status, ["claimed", "granted"])))
      .all();
    wanted = handling.map((c) => ({ institutionId: c.institutionId, purpose: stillHandlingPurpose(needId) }));
  }

  const kept = new Set<number>();
  const ended: number[] = [];
  for (const a of live) {
    const fits = a.institutionId !== null && wanted.some((w) => w.institutionId === a.institutionId && w.purpose === a.purpose);
    if (fits) {
      kept.add(a.institutionId!);
      continue;
    }
    tx.update(authorizations).set({ revokedAt: now }).where(eq(authorizations.id, a.id)).run();
    ended.push(a.id);
  }
  const created: number[] = [];
  for (const w of wanted) {
    if (kept.has(w.institutionId)) continue;
    const covering = live.filter((a) => a.institutionId === null || a.institutionId === w.institutionId);
    if (covering.length === 0) continue;
    const id = tx
      .insert(authorizations)
      .values({
        enterpriseId: need.enterpriseId,
        institutionId: w.institutionId,
        scope: "credit_profile",
        purpose: w.purpose,
        needId,
        grantedAt: now,
        expiresAt: Math.max(...covering.map((a) => a.expiresAt)),
        grantedByUserId: null,
      })
      .returning({ id: authorizations.id })
      .get().id;
    created.push(id);
  }
  if (ended.length + created.length > 0) {
    // The need points at the authorization now standing for it (the lender's, after a disbursement).
    if (lender && created.length === 1) tx.update(needs).set({ authorizationId: created[0]! }).where(eq(needs.id, needId)).run();
    recordAudit(tx, {
      actorUserId: null,
      action: "authorization.narrow",
      targetType: "need",
      targetId: needId,
      detail: { enterpriseId: need.enterpriseId, status: lender ? "fulfilled" : need.status, ended, created },
      at: now,
    });
  }
  return ended.length;
}

/**
 * Closed needs (or open ones past their date) that still have a live authorization other than their
 * lender's after-care one: what the sweep settles.
 */
export function needsToSettle(tx: Tx, now: number): number[] {
  return tx
    .all<{ needId: number }>(
      sql`SELECT DISTINCT a.need_id AS needId FROM authorizations a JOIN needs n ON n.id = a.need_id
          WHERE a.revoked_at IS NULL AND a.expires_at > ${now} AND (n.status <> 'open' OR n.expires_on < ${dateOf(now)})
            AND NOT (a.institution_id IS NOT NULL AND a.purpose = ${NEED_PURPOSE_PREFIX} || n.id || ${AFTER_CARE_SUFFIX}
                     AND EXISTS (SELECT 1 FROM loans l WHERE l.need_id = n.id AND l.institution_id = a.institution_id))
          ORDER BY a.need_id`,
    )
    .map((r) => r.needId);
}

/**
 * The sweep's half of `settleNeedAuthorizations`. Catches what no request settled: needs expired by
 * the sweep, claims ended after expiry, data written outside the services (the demo seed).
 */
export function settleClosedNeedAuthorizations(db: AppDatabase, now: number): number {
  return writeTransaction(db, (tx) => {
    let ended = 0;
    for (const needId of needsToSettle(tx, now)) ended += settleNeedAuthorizations(tx, needId, now);
    return ended;
  });
}
