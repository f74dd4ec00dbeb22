/**
 * 信用承诺 (app/domain/commitments.ts): commitments signed with a need or a repair application, and
 * 违诺 — an officer who finds the material false records a breach, written to the firm's public record
 * through the ingest path (origin "breach") so it is scored at once, shown wherever public records
 * are shown, and disputable through 异议 (an upheld objection writes a breach_revoked).
 */
import { and, desc, eq } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { COMMITMENT_KIND_LABELS, commitmentByVersion, type CommitmentKind } from "~/domain/commitments";
import { PLATFORM_AUTHORITY } from "~/domain/credit";
import type { BreachInput } from "~/lib/validation/commitments";
import { dateOf } from "~/lib/time";
import { writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import { claims, commitmentBreaches, commitments, enterprises, institutions, needs, users } from "~db/schema";
import { institutionName } from "./accounts.server";
import { recordAudit } from "./audit.server";
import { BatchApplyingError, ingestBatch } from "./credit-ingest.server";
import { notify } from "./notifications.server";
import { fail, type Outcome } from "./outcome";

export function signCommitment(
  tx: Tx,
  signed: { enterpriseId: number; kind: CommitmentKind; version: string; userId: string; subjectId: number; at: number },
): number {
  return tx
    .insert(commitments)
    .values({
      enterpriseId: signed.enterpriseId,
      kind: signed.kind,
      version: signed.version,
      signedByUserId: signed.userId,
      signedAt: signed.at,
      subjectId: signed.subjectId,
    })
    .returning({ id: commitments.id })
    .get().id;
}

export type SignedCommitment = {
  id: number;
  kind: CommitmentKind;
  version: string;
  title: string;
  text: string;
  signedAt: number;
  signerName: string;
  breach: { reason: string; recordedAt: number; recordedBy: string; reference: string } | null;
};

/** The commitment signed for a need or a repair application, with its text and any breach recorded. */
export function commitmentFor(db: Tx, kind: CommitmentKind, subjectId: number): SignedCommitment | null {
  const found = db
    .select({ c: commitments, signerName: users.displayName })
    .from(commitments)
    .innerJoin(users, eq(users.id, commitments.signedByUserId))
    .where(and(eq(commitments.kind, kind), eq(commitments.subjectId, subjectId)))
    .get();
  if (!found) return null;
  const text = commitmentByVersion(found.c.version);
  const breach = db
    .select({
      reason: commitmentBreaches.reason,
      recordedAt: commitmentBreaches.recordedAt,
      reference: commitmentBreaches.reference,
      institutionId: commitmentBreaches.institutionId,
      recorder: users.displayName,
    })
    .from(commitmentBreaches)
    .innerJoin(users, eq(users.id, commitmentBreaches.recordedByUserId))
    .where(eq(commitmentBreaches.commitmentId, found.c.id))
    .get();
  return {
    id: found.c.id,
    kind: found.c.kind,
    version: found.c.version,
    title: text?.title ?? COMMITMENT_KIND_LABELS[found.c.kind],
    text: text?.text ?? "",
    signedAt: found.c.signedAt,
    signerName: found.signerName,
    breach:
      breach === undefined
        ? null
        : {
            reason: breach.reason,
            recordedAt: breach.recordedAt,
            reference: breach.reference,
            recordedBy: breach.institutionId === null ? PLATFORM_AUTHORITY : institutionName(db, breach.institutionId),
          },
  };
}

/** The 信用承诺 of the need a bank's claim is on, for that bank's staff (null for another bank's claim). */
export function needCommitmentOfClaim(db: AppDatabase, officer: SessionUser, claimId: number) {
  const found = db
    .select({ needId: claims.needId, enterpriseName: enterprises.name })
    .from(claims)
    .innerJoin(needs, eq(needs.id, claims.needId))
    .innerJoin(enterprises, eq(enterprises.id, needs.enterpriseId))
    .where(and(eq(claims.id, claimId), eq(claims.institutionId, officer.institutionId ?? -1)))
    .get();
  return found ? { ...found, commitment: commitmentFor(db, "need", found.needId) } : null;
}

/**
 * Whether the user may record a breach of the commitment: the bureau of any; a bank's staff of a
 * need's commitment when their bank claimed that need (it is their review that found the material false).
 */
function mayRecordBreach(tx: Tx, user: SessionUser, commitment: typeof commitments.$inferSelect): boolean {
  if (user.role === "bureau") return true;
  if (user.institutionId === null || commitment.kind !== "need") return false;
  return (
    tx
      .select({ id: claims.id })
      .from(claims)
      .where(and(eq(claims.needId, commitment.subjectId), eq(claims.institutionId, user.institutionId)))
      .get() !== undefined
  );
}

/** The public-record reference of a commitment's breach: one breach per commitment. */
export const breachReference = (commitmentId: number) => `WN-${String(commitmentId).padStart(6, "0")}`;

export function recordBreach(db: AppDatabase, user: SessionUser, input: BreachInput, now: number): Outcome<{ breachId: number }> {
  try {
    return writeTransaction(db, (tx) => {
      const commitment = tx.select().from(commitments).where(eq(commitments.id, input.commitmentId)).get();
      if (!commitment || !mayRecordBreach(tx, user, commitment)) return fail(404, "找不到该信用承诺");
      const reference = breachReference(commitment.id);
      if (tx.select({ id: commitmentBreaches.id }).from(commitmentBreaches).where(eq(commitmentBreaches.commitmentId, commitment.id)).get())
        return fail(409, "该承诺已记录违诺，不能重复记录");
      const enterprise = tx.select({ uscc: enterprises.uscc }).from(enterprises).where(eq(enterprises.id, commitment.enterpriseId)).get()!;
      const authority = user.institutionId === null ? PLATFORM_AUTHORITY : institutionName(tx, user.institutionId);
      const title = commitmentByVersion(commitment.version)?.title ?? COMMITMENT_KIND_LABELS[commitment.kind];
      // ingestBatch nests as a savepoint in this transaction: the record and the breach commit together.
      const report = ingestBatch(
        db,
        {
          origin: "breach",
          providerId: null,
          kind: "event",
          externalId: reference,
          actorUserId: user.id,
          allowedSources: null,
          rows: [
            {
              uscc: enterprise.uscc,
              kind: "commitment_breach",
              occurredOn: dateOf(now),
              reference,
              authority,
              description: `违反${title}（${commitment.version}）：${input.reason}`.slice(0, 500),
            },
          ],
        },
        now,
      );
      if (report.status !== "applied") throw new Error(`breach batch ${report.batchId} was rejected: ${JSON.stringify(report.rejections)}`);
      const breachId = tx
        .insert(commitmentBreaches)
        .values({
          enterpriseId: commitment.enterpriseId,
          commitmentId: commitment.id,
          reason: input.reason,
          recordedByUserId: user.id,
          institutionId: user.institutionId,
          recordedAt: now,
          reference,
          batchId: report.batchId,
        })
        .returning({ id: commitmentBreaches.id })
        .get().id;
      notify(tx, {
        to: { enterpriseId: commitment.enterpriseId },
        kind: "credit.breach",
        title: "被记录违反信用承诺",
        body: `${authority}核实您在${title}中提交的材料不实，记录违诺一次：${input.reason}。该记录计入信用评分；如有异议，可在“信用数据”中对该记录提出异议。`,
        link: "/sme/credit",
        at: now,
      });
      recordAudit(tx, {
        actorUserId: user.id,
        action: "commitment.breach",
        targetType: "commitment",
        targetId: commitment.id,
        detail: { enterpriseId: commitment.enterpriseId, reference, batchId: report.batchId },
        at: now,
      });
      return { ok: true as const, breachId };
    });
  } catch (error) {
    if (error instanceof BatchApplyingError) return fail(409, error.message, { code: "batch_applying" });
    throw error;
  }
}

export type BreachRow = {
  id: number;
  enterpriseId: number;
  enterpriseName: string;
  uscc: string;
  commitmentTitle: string;
  reason: string;
  recordedBy: string;
  recordedAt: number;
  reference: string;
};

/** The latest breaches recorded across the city, for the bureau. */
export function recentBreaches(db: AppDatabase, limit = 50): BreachRow[] {
  return db
    .select({
      b: commitmentBreaches,
      version: commitments.version,
      kind: commitments.kind,
      enterpriseName: enterprises.name,
      uscc: enterprises.uscc,
      institution: institutions.name,
    })
    .from(commitmentBreaches)
    .innerJoin(commitments, eq(commitments.id, commitmentBreaches.commitmentId))
    .innerJoin(enterprises, eq(enterprises.id, commitmentBreaches.enterpriseId))
    .leftJoin(institutions, eq(institutions.id, commitmentBreaches.institutionId))
    .orderBy(desc(commitmentBreaches.recordedAt), desc(commitmentBreaches.id))
    .limit(limit)
    .all()
    .map((r) => ({
      id: r.b.id,
      enterpriseId: r.b.enterpriseId,
      enterpriseName: r.enterpriseName,
      uscc: r.uscc,
      commitmentTitle: commitmentByVersion(r.version)?.title ?? COMMITMENT_KIND_LABELS[r.kind],
      reason: r.b.reason,
      recordedBy: r.institution ?? PLATFORM_AUTHORITY,
      recordedAt: r.b.recordedAt,
      reference: r.b.reference,
    }));
}
