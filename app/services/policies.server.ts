/**
 * 政策直达 (app/domain/policies.ts). The bureau drafts a policy, publishes it — every enterprise that
 * qualifies then is notified once and the delivery recorded — and sees its reach (notified / read). An
 * enterprise sees the published, valid policies it qualifies for, now (so a firm registered after the
 * publishing finds them too), and a policy it does not qualify for answers 404.
 */
import { and, count, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import {
  policyAppliesToProduct,
  policyTransition,
  qualifiesForPolicy,
  type PolicyCandidate,
  type PolicyTargeting,
} from "~/domain/policies";
import type { PolicyInput } from "~/lib/validation/policies";
import { dateOf } from "~/lib/time";
import { writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import { creditScores, enterprises, loans, policies, policyDeliveries, products } from "~db/schema";
import { recordAudit } from "./audit.server";
import { notify } from "./notifications.server";
import { fail, type Outcome } from "./outcome";

type PolicyRow = typeof policies.$inferSelect;

export function targetingOf(p: PolicyRow): PolicyTargeting {
  return {
    districts: p.districts,
    industries: p.industries,
    sizes: p.sizes,
    minGrade: p.minGrade,
    firstLoanOnly: p.firstLoanOnly,
    productTags: p.productTags,
  };
}

/** What qualification reads of enterprises (all registered by `registeredBy`, or those named), in one query. */
function candidates(db: Tx, enterpriseIds?: number[], registeredBy?: number): (PolicyCandidate & { id: number })[] {
  return db
    .select({
      id: enterprises.id,
      districtCode: enterprises.districtCode,
      industrySection: enterprises.industrySection,
      size: enterprises.size,
      grade: creditScores.grade,
      knockedOut: sql<number>`coalesce(${creditScores.knockedOut}, 0)`,
      hasLoan: sql<number>`EXISTS (SELECT 1 FROM ${loans} WHERE ${loans.enterpriseId} = ${enterprises.id})`,
    })
    .from(enterprises)
    .leftJoin(creditScores, and(eq(creditScores.enterpriseId, enterprises.id), eq(creditScores.isCurrent, true)))
    .where(
      and(
        sql`${enterprises.disabledAt} IS NULL`,
        enterpriseIds === undefined ? undefined : inArray(enterprises.id, enterpriseIds),
        registeredBy === undefined ? undefined : sql`${enterprises.registeredAt} <= ${registeredBy}`,
      ),
    )
    .all()
    .map((c) => ({ ...c, knockedOut: c.knockedOut === 1, hasLoan: c.hasLoan === 1 }));
}

export function createPolicy(db: AppDatabase, bureau: SessionUser, input: PolicyInput, now: number): number {
  return writeTransaction(db, (tx) => {
    const id = tx
      .insert(policies)
      .values({ ...input, status: "draft", createdAt: now, createdByUserId: bureau.id })
      .returning({ id: policies.id })
      .get().id;
    recordAudit(tx, {
      actorUserId: bureau.id,
      action: "policy.create",
      targetType: "policy",
      targetId: id,
      detail: { title: input.title },
      at: now,
    });
    return id;
  });
}

export function updatePolicy(db: AppDatabase, bureau: SessionUser, policyId: number, input: PolicyInput, now: number): Outcome {
  return writeTransaction(db, (tx) => {
    const policy = tx.select().from(policies).where(eq(policies.id, policyId)).get();
    if (!policy) return fail(404, "没有这项政策");
    const move = policyTransition(policy.status, "edit");
    if (!move.ok) return fail(409, move.message);
    tx.update(policies).set(input).where(eq(policies.id, policyId)).run();
    recordAudit(tx, { actorUserId: bureau.id, action: "policy.update", targetType: "policy", targetId: policyId, at: now });
    return { ok: true as const };
  });
}

/** Publishes a draft: every enterprise qualifying now is notified once. Returns how many were. */
export function publishPolicy(db: AppDatabase, bureau: SessionUser, policyId: number, now: number): Outcome<{ notified: number }> {
  return writeTransaction(db, (tx) => {
    const policy = tx.select().from(policies).where(eq(policies.id, policyId)).get();
    if (!policy) return fail(404, "没有这项政策");
    const move = policyTransition(policy.status, "publish");
    if (!move.ok) return fail(409, move.message);
    if (policy.validTo < dateOf(now)) return fail(409, `该政策已于 ${policy.validTo} 截止，不能发布；请修改有效期`);
    tx.update(policies).set({ status: move.to, publishedAt: now, publishedByUserId: bureau.id }).where(eq(policies.id, policyId)).run();
    const targeting = targetingOf(policy);
    const reached = candidates(tx, undefined, now).filter((c) => qualifiesForPolicy(targeting, c));
    for (const firm of reached) {
      tx.insert(policyDeliveries).values({ policyId, enterpriseId: firm.id, notifiedAt: now }).run();
      notify(tx, {
        to: { enterpriseId: firm.id },
        kind: "policy.published",
        title: `可享政策：${policy.title}`,
        body: `${policy.issuer}发布的政策适用于贵企业，有效期 ${policy.validFrom} 至 ${policy.validTo}。`,
        link: `/sme/policies/${policyId}`,
        at: now,
      });
    }
    recordAudit(tx, {
      actorUserId: bureau.id,
      action: "policy.publish",
      targetType: "policy",
      targetId: policyId,
      detail: { notified: reached.length },
      at: now,
    });
    return { ok: true as const, notified: reached.length };
  });
}

export function withdrawPolicy(db: AppDatabase, bureau: SessionUser, policyId: number, now: number): Outcome {
  return writeTransaction(db, (tx) => {
    const policy = tx.select().from(policies).where(eq(policies.id, policyId)).get();
    if (!policy) return fail(404, "没有这项政策");
    const move = policyTransition(policy.status, "withdraw");
    if (!move.ok) return fail(409, move.message);
    tx.update(policies).set({ status: move.to, withdrawnAt: now }).where(eq(policies.id, policyId)).run();
    recordAudit(tx, { actorUserId: bureau.id, action: "policy.withdraw", targetType: "policy", targetId: policyId, at: now });
    return { ok: true as const };
  });
}

/** The bureau's list, newest first, with each policy's reach. */
export function listPolicies(db: AppDatabase) {
  const reach = new Map(
    db
      .select({ policyId: policyDeliveries.policyId, notified: count(), read: count(policyDeliveries.readAt) })
      .from(policyDeliveries)
      .groupBy(policyDeliveries.policyId)
      .all()
      .map((r) => [r.policyId, r]),
  );
  return db
    .select()
    .from(policies)
    .orderBy(desc(policies.createdAt), desc(policies.id))
    .all()
    .map((p) => ({ ...p, notified: reach.get(p.id)?.notified ?? 0, read: reach.get(p.id)?.read ?? 0 }));
}

/** One policy for the bureau, with its reach and how many enterprises qualify today. */
export function policyForBureau(db: AppDatabase, policyId: number) {
  const policy = db.select().from(policies).where(eq(policies.id, policyId)).get();
  if (!policy) return undefined;
  const where = eq(policyDeliveries.policyId, policyId);
  const notified = db.select({ n: count() }).from(policyDeliveries).where(where).get()!.n;
  const read = db
    .select({ n: count() })
    .from(policyDeliveries)
    .where(and(where, isNotNull(policyDeliveries.readAt)))
    .get()!.n;
  const qualifyingNow = candidates(db).filter((c) => qualifiesForPolicy(targetingOf(policy), c)).length;
  return { policy, notified, read, qualifyingNow };
}

const isLive = (p: PolicyRow, today: string) => p.status === "published" && p.validFrom <= today && today <= p.validTo;

/** The published, valid policies the enterprise qualifies for now, newest first, with whether it has read each. */
export function policiesForEnterprise(db: AppDatabase, enterpriseId: number, now: number) {
  const firm = candidates(db, [enterpriseId])[0];
  if (!firm) return [];
  const today = dateOf(now);
  const read = new Set(
    db
      .select({ policyId: policyDeliveries.policyId })
      .from(policyDeliveries)
      .where(and(eq(policyDeliveries.enterpriseId, enterpriseId), isNotNull(policyDeliveries.readAt)))
      .all()
      .map((r) => r.policyId),
  );
  return db
    .select()
    .from(policies)
    .where(eq(policies.status, "published"))
    .orderBy(desc(policies.publishedAt), desc(policies.id))
    .all()
    .filter((p) => isLive(p, today) && qualifiesForPolicy(targetingOf(p), firm))
    .map((p) => ({ ...p, read: read.has(p.id) }));
}

/** A policy as the enterprise reads it (its delivery marked read), or undefined when it does not qualify or the policy is not live. */
export function readPolicy(db: AppDatabase, enterpriseId: number, policyId: number, now: number) {
  const policy = db.select().from(policies).where(eq(policies.id, policyId)).get();
  const firm = candidates(db, [enterpriseId])[0];
  if (!policy || !firm || !isLive(policy, dateOf(now)) || !qualifiesForPolicy(targetingOf(policy), firm)) return undefined;
  db.update(policyDeliveries)
    .set({ readAt: now })
    .where(
      and(
        eq(policyDeliveries.policyId, policyId),
        eq(policyDeliveries.enterpriseId, enterpriseId),
        sql`${policyDeliveries.readAt} IS NULL`,
      ),
    )
    .run();
  return policy;
}

/**
 * The policies that would apply to a loan for a need: those the enterprise qualifies for whose product
 * tags, if any, the need's product carries (`appliesToProduct` null: an open need, the product is not
 * known yet, so the policy applies if the lending product carries one of its tags).
 */
export function policiesForNeed(db: AppDatabase, enterpriseId: number, targetProductId: number | null, now: number) {
  const tags =
    targetProductId === null
      ? null
      : (db.select({ tags: products.tags }).from(products).where(eq(products.id, targetProductId)).get()?.tags ?? []);
  return policiesForEnterprise(db, enterpriseId, now)
    .map((p) => ({ ...p, appliesToProduct: policyAppliesToProduct(targetingOf(p), tags) }))
    .filter((p) => p.appliesToProduct !== false);
}

/** The policies the enterprise qualifies for that ask for one of a zone's product tags (its 专区 page). */
export function policiesForZone(db: AppDatabase, enterpriseId: number, zoneTags: readonly string[], now: number) {
  return policiesForEnterprise(db, enterpriseId, now).filter((p) => p.productTags?.some((t) => zoneTags.includes(t)));
}
