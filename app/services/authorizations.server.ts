/**
 * Authorizations (授权): which institutions may read an enterprise's detailed credit profile, for
 * what purpose, until when. The enterprise lists, gives and revokes them; `liveAuthorization` is the
 * one question every detailed read asks first.
 */
import { and, desc, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { authorizationStatus, type AuthorizationStatus } from "~/lib/authorizations";
import { DAY_MS, startOfDate } from "~/lib/time";
import type { AuthorizationInput } from "~/lib/validation/authorizations";
import { writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import { authorizations, institutions } from "~db/schema";
import { recordAudit } from "./audit.server";

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

export type AuthorizationOutcome = { ok: true; authorizationId: number } | { ok: false; status: 400; field: string; message: string };

export function createAuthorization(db: AppDatabase, user: SessionUser, input: AuthorizationInput, now: number): AuthorizationOutcome {
  const enterpriseId = user.enterpriseId!;
  return writeTransaction(db, (tx) => {
    if (input.institutionId !== null) {
      const institution = tx.select({ disabledAt: institutions.disabledAt }).from(institutions).where(eq(institutions.id, input.institutionId)).get();
      if (!institution || institution.disabledAt !== null) {
        return { ok: false as const, status: 400 as const, field: "institution", message: "该金融机构不存在或已退出平台，请重新选择" };
      }
    }
    const authorizationId = tx
      .insert(authorizations)
      .values({
        enterpriseId,
        institutionId: input.institutionId,
        scope: "credit_profile",
        purpose: input.purpose,
        grantedAt: now,
        // Valid through the whole last day, Asia/Shanghai.
        expiresAt: startOfDate(input.expiresOn) + DAY_MS,
        grantedByUserId: user.id,
      })
      .returning({ id: authorizations.id })
      .get().id;
    recordAudit(tx, {
      actorUserId: user.id,
      action: "authorization.grant",
      targetType: "authorization",
      targetId: authorizationId,
      detail: { enterpriseId, institutionId: input.institutionId, expiresOn: input.expiresOn },
      at: now,
    });
    return { ok: true as const, authorizationId };
  });
}

/**
 * Revokes one of the enterprise's own authorizations, need-linked ones included (the need stays
 * open; institutions just may no longer read the profile). Revoking twice changes nothing.
 */
export function revokeAuthorization(db: AppDatabase, user: SessionUser, authorizationId: number, now: number): { ok: true; changed: boolean } | { ok: false; status: 404; message: string } {
  return writeTransaction(db, (tx) => {
    const own = tx
      .select({ revokedAt: authorizations.revokedAt })
      .from(authorizations)
      .where(and(eq(authorizations.id, authorizationId), eq(authorizations.enterpriseId, user.enterpriseId ?? -1)))
      .get();
    if (!own) return { ok: false as const, status: 404 as const, message: "找不到该授权" };
    if (own.revokedAt !== null) return { ok: true as const, changed: false };
    tx.update(authorizations).set({ revokedAt: now }).where(eq(authorizations.id, authorizationId)).run();
    recordAudit(tx, { actorUserId: user.id, action: "authorization.revoke", targetType: "authorization", targetId: authorizationId, at: now });
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
