/**
 * Financing needs (融资需求) from the enterprise's side: post (with the authorization that lets
 * institutions read its credit profile for this need), edit while no institution has claimed it,
 * withdraw, decline an offer, and see the timeline. Needs expire at the end of their expiry date.
 */
import { and, count, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { applicationRefusal } from "~/domain/applications";
import type { RecordedKnockOut } from "~/domain/interception";
import { claimTransition, needTransition } from "~/domain/lifecycle";
import type { NeedStatus } from "~/domain/marketplace";
import { pageInfo, pageOffset, type PageInfo } from "~/lib/pagination";
import { CLAIM_WITHIN_WORKING_DAYS } from "~/domain/service-levels";
import { addDays, DAY_MS, dateOf, startOfDate } from "~/lib/time";
import type { NeedInput } from "~/lib/validation/marketplace";
import { signCommitment } from "./commitments.server";
import { writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import { authorizations, claims, institutions, needs, products } from "~db/schema";
import { settleNeedAuthorizations } from "./authorizations.server";
import { needTimeline, recordNeedEvent } from "./need-events.server";
import { notify } from "./notifications.server";
import { fail, type Outcome } from "./outcome";
import { knockOutsAt } from "./scoring.server";

/** An authorization given with a need lasts until 90 days after the need's expiry (time to grant and disburse). */
export const NEED_AUTHORIZATION_EXTRA_DAYS = 90;
/** How many needs one enterprise may have open at once. */
export const MAX_OPEN_NEEDS = 10;

/** The first instant after a need's last day (Asia/Shanghai). */
export function needExpiryInstant(expiresOn: string): number {
  return startOfDate(expiresOn) + DAY_MS;
}

/** A need's status as of `now`: an open need past its date is expired even before the sweep runs. */
export function effectiveNeedStatus(status: NeedStatus, expiresOn: string, now: number): NeedStatus {
  return status === "open" && now >= needExpiryInstant(expiresOn) ? "expired" : status;
}

export type ApplicationBarrier = { message: string; knockOuts: RecordedKnockOut[] };

/**
 * Why the enterprise may not apply to a product now, or null when it may: the knock-outs a claim would
 * be refused for (decision 021), from its credit data as of `now`. The product page and the apply form
 * say so before the firm submits; postNeed refuses an application with the same words (decision 038).
 */
export function applicationBarrier(db: AppDatabase, enterpriseId: number, now: number): ApplicationBarrier | null {
  const knockOuts = knockOutsAt(db, enterpriseId, now);
  return knockOuts.length === 0 ? null : { message: applicationRefusal(knockOuts), knockOuts };
}

function targetProduct(tx: Tx, productId: number) {
  return tx
    .select({ id: products.id, name: products.name, institutionId: products.institutionId, listed: products.listed })
    .from(products)
    .where(eq(products.id, productId))
    .get();
}

/** Posts a need with its authorization and the 信用承诺 the firm ticked (version kept). */
export function postNeed(db: AppDatabase, user: SessionUser, posted: NeedInput, now: number): Outcome<{ needId: number }> {
  const enterpriseId = user.enterpriseId!;
  const { commitmentVersion, ...input } = posted;
  return writeTransaction(db, (tx) => {
    const open = tx
      .select({ n: count() })
      .from(needs)
      .where(and(eq(needs.enterpriseId, enterpriseId), eq(needs.status, "open")))
      .get()!.n;
    if (open >= MAX_OPEN_NEEDS) {
      return fail(409, `同时征集中的需求最多 ${MAX_OPEN_NEEDS} 笔，请先撤回或等待已有需求办结`);
    }
    const product = input.targetProductId === null ? undefined : targetProduct(tx, input.targetProductId);
    if (input.targetProductId !== null && (!product || !product.listed)) {
      return fail(400, "所申请的产品已下架，请重新选择", { field: "targetProductId" });
    }
    const barrier = product ? applicationBarrier(db, enterpriseId, now) : null;
    if (barrier) return fail(409, barrier.message, { field: "targetProductId", code: "knocked_out" });
    const needId = tx
      .insert(needs)
      .values({ enterpriseId, ...input, status: "open", postedAt: now, updatedAt: now })
      .returning({ id: needs.id })
      .get().id;
    const authorizationId = tx
      .insert(authorizations)
      .values({
        enterpriseId,
        institutionId: product?.institutionId ?? null,
        scope: "credit_profile",
        purpose: `融资需求 #${needId} 贷前审查`,
        needId,
        grantedAt: now,
        expiresAt: needExpiryInstant(addDays(input.expiresOn, NEED_AUTHORIZATION_EXTRA_DAYS)),
        grantedByUserId: user.id,
      })
      .returning({ id: authorizations.id })
      .get().id;
    tx.update(needs).set({ authorizationId }).where(eq(needs.id, needId)).run();
    signCommitment(tx, { enterpriseId, kind: "need", version: commitmentVersion, userId: user.id, subjectId: needId, at: now });
    recordNeedEvent(tx, {
      needId,
      type: "posted",
      actorUserId: user.id,
      at: now,
      detail: { amountFen: input.amountFen, termMonths: input.termMonths, targetProductId: input.targetProductId },
    });
    if (product) {
      notify(tx, {
        to: { institutionId: product.institutionId },
        kind: "need.applied",
        title: "收到新的产品申请",
        body: `有企业申请“${product.name}”，请在 ${CLAIM_WITHIN_WORKING_DAYS} 个工作日内受理`,
        link: "/bank/applications",
        at: now,
      });
    }
    return { ok: true as const, needId };
  });
}

function ownNeed(tx: Tx, enterpriseId: number, needId: number) {
  return tx
    .select()
    .from(needs)
    .where(and(eq(needs.id, needId), eq(needs.enterpriseId, enterpriseId)))
    .get();
}

export function editNeed(db: AppDatabase, user: SessionUser, needId: number, input: NeedInput, now: number): Outcome<{ needId: number }> {
  return writeTransaction(db, (tx) => {
    const need = ownNeed(tx, user.enterpriseId!, needId);
    if (!need) return fail(404, "找不到该需求");
    const claimCount = tx.select({ n: count() }).from(claims).where(eq(claims.needId, needId)).get()!.n;
    const move = needTransition(effectiveNeedStatus(need.status, need.expiresOn, now), "edit", claimCount === 0);
    if (!move.ok) return fail(409, move.message);
    // The product applied to stays; the commitment signed at posting covers the edits.
    const { targetProductId: _kept, commitmentVersion: _signed, ...changes } = input;
    tx.update(needs)
      .set({ ...changes, updatedAt: now })
      .where(eq(needs.id, needId))
      .run();
    // The authorization follows the need's new expiry.
    if (need.authorizationId) {
      tx.update(authorizations)
        .set({ expiresAt: needExpiryInstant(addDays(input.expiresOn, NEED_AUTHORIZATION_EXTRA_DAYS)) })
        .where(eq(authorizations.id, need.authorizationId))
        .run();
    }
    recordNeedEvent(tx, {
      needId,
      type: "edited",
      actorUserId: user.id,
      at: now,
      detail: { amountFen: input.amountFen, termMonths: input.termMonths },
    });
    return { ok: true as const, needId };
  });
}

/** Cancels the need's claims still in progress and tells their institutions why. */
export function cancelClaimsInProgress(
  tx: Tx,
  needId: number,
  reason: string,
  now: number,
  actorUserId: string | null,
  exceptClaimId?: number,
) {
  const open = tx
    .select({ id: claims.id, status: claims.status, institutionId: claims.institutionId })
    .from(claims)
    .where(and(eq(claims.needId, needId), inArray(claims.status, ["claimed", "granted"])))
    .all()
    .filter((c) => c.id !== exceptClaimId);
  for (const claim of open) {
    const move = claimTransition(claim.status, "cancel");
    if (!move.ok) continue;
    tx.update(claims).set({ status: move.to, decidedAt: now }).where(eq(claims.id, claim.id)).run();
    recordNeedEvent(tx, {
      needId,
      claimId: claim.id,
      type: "cancelled",
      actorUserId,
      actorInstitutionId: claim.institutionId,
      at: now,
      detail: { reason },
    });
    notify(tx, {
      to: { institutionId: claim.institutionId },
      kind: "claim.cancelled",
      title: "业务已取消",
      body: `融资需求 #${needId}：${reason}`,
      link: `/bank/claims/${claim.id}`,
      at: now,
    });
  }
}

export function withdrawNeed(db: AppDatabase, user: SessionUser, needId: number, now: number): Outcome {
  return writeTransaction(db, (tx) => {
    const need = ownNeed(tx, user.enterpriseId!, needId);
    if (!need) return fail(404, "找不到该需求");
    return closeNeed(tx, need, { actorUserId: user.id, reason: "企业已撤回需求" }, now);
  });
}

/**
 * Withdraws a need inside the caller's transaction: the need closes, the permission to read the
 * credit profile for it ends, and claims in progress are cancelled with `reason`.
 */
export function closeNeed(
  tx: Tx,
  need: Pick<typeof needs.$inferSelect, "id" | "status" | "expiresOn" | "authorizationId">,
  by: { actorUserId: string | null; reason: string },
  now: number,
): Outcome {
  const move = needTransition(effectiveNeedStatus(need.status, need.expiresOn, now), "withdraw");
  if (!move.ok) return fail(409, move.message);
  tx.update(needs).set({ status: move.to, closedAt: now, updatedAt: now }).where(eq(needs.id, need.id)).run();
  if (need.authorizationId) {
    tx.update(authorizations)
      .set({ revokedAt: now })
      .where(and(eq(authorizations.id, need.authorizationId), isNull(authorizations.revokedAt)))
      .run();
  }
  recordNeedEvent(tx, { needId: need.id, type: "withdrawn", actorUserId: by.actorUserId, at: now });
  cancelClaimsInProgress(tx, need.id, by.reason, now, by.actorUserId);
  return { ok: true as const };
}

/** The enterprise turns down an offer (授信) it will not take. */
export function declineOffer(db: AppDatabase, user: SessionUser, claimId: number, now: number): Outcome {
  return writeTransaction(db, (tx) => {
    const claim = tx
      .select({ claim: claims, enterpriseId: needs.enterpriseId })
      .from(claims)
      .innerJoin(needs, eq(claims.needId, needs.id))
      .where(eq(claims.id, claimId))
      .get();
    if (!claim || claim.enterpriseId !== user.enterpriseId) return fail(404, "找不到该授信");
    const move = claimTransition(claim.claim.status, "cancel");
    if (!move.ok || claim.claim.status !== "granted") {
      return fail(409, "只有已授信、尚未放款的业务可以放弃");
    }
    tx.update(claims).set({ status: move.to, decidedAt: now }).where(eq(claims.id, claimId)).run();
    recordNeedEvent(tx, {
      needId: claim.claim.needId,
      claimId,
      type: "cancelled",
      actorUserId: user.id,
      at: now,
      detail: { reason: "企业放弃该授信" },
    });
    settleNeedAuthorizations(tx, claim.claim.needId, now);
    notify(tx, {
      to: { institutionId: claim.claim.institutionId },
      kind: "claim.declined",
      title: "企业放弃授信",
      body: `融资需求 #${claim.claim.needId} 的企业放弃了本机构的授信`,
      link: `/bank/claims/${claimId}`,
      at: now,
    });
    return { ok: true as const };
  });
}

/** Closes every open need whose last day has passed; idempotent (run at start-up and periodically). */
export function expireNeeds(db: AppDatabase, now: number): number {
  const today = dateOf(now);
  return writeTransaction(db, (tx) => {
    const due = tx
      .select({ id: needs.id, status: needs.status, enterpriseId: needs.enterpriseId, expiresOn: needs.expiresOn })
      .from(needs)
      .where(and(eq(needs.status, "open"), lt(needs.expiresOn, today)))
      .all();
    let expired = 0;
    for (const need of due) {
      const move = needTransition(need.status, "expire");
      if (!move.ok) continue;
      expired++;
      const at = needExpiryInstant(need.expiresOn);
      tx.update(needs).set({ status: move.to, closedAt: at, updatedAt: now }).where(eq(needs.id, need.id)).run();
      recordNeedEvent(tx, { needId: need.id, type: "expired", actorUserId: null, at });
      // Its authorization no longer opens the profile to every institution: only to those still handling a claim.
      settleNeedAuthorizations(tx, need.id, now);
      notify(tx, {
        to: { enterpriseId: need.enterpriseId },
        kind: "need.expired",
        title: "融资需求已到期",
        body: `需求 #${need.id} 已过有效期，不再接受新的受理；已在办理中的业务继续办理`,
        link: `/sme/needs/${need.id}`,
        at,
      });
    }
    return expired;
  });
}

export type EnterpriseNeedRow = {
  id: number;
  amountFen: number;
  termMonths: number;
  purpose: string;
  status: NeedStatus;
  postedAt: number;
  expiresOn: string;
  claims: number;
  offers: number;
  targetProductName: string | null;
};

export function listEnterpriseNeeds(
  db: AppDatabase,
  enterpriseId: number,
  page: number,
  now: number,
): { rows: EnterpriseNeedRow[]; page: PageInfo } {
  const total = db.select({ n: count() }).from(needs).where(eq(needs.enterpriseId, enterpriseId)).get()!.n;
  const info = pageInfo(total, page);
  const rows = db
    .select({
      id: needs.id,
      amountFen: needs.amountFen,
      termMonths: needs.termMonths,
      purpose: needs.purpose,
      status: needs.status,
      postedAt: needs.postedAt,
      expiresOn: needs.expiresOn,
      claims: sql<number>`(SELECT count(*) FROM claims c WHERE c.need_id = ${needs.id})`,
      offers: sql<number>`(SELECT count(*) FROM claims c WHERE c.need_id = ${needs.id} AND c.status IN ('granted', 'disbursed'))`,
      targetProductName: products.name,
    })
    .from(needs)
    .leftJoin(products, eq(needs.targetProductId, products.id))
    .where(eq(needs.enterpriseId, enterpriseId))
    .orderBy(desc(needs.postedAt), desc(needs.id))
    .limit(info.pageSize)
    .offset(pageOffset(info))
    .all()
    .map((r) => ({ ...r, status: effectiveNeedStatus(r.status, r.expiresOn, now) }));
  return { rows, page: info };
}

/** Everything the enterprise may see about one of its needs. */
export function enterpriseNeedDetail(db: AppDatabase, enterpriseId: number, needId: number, now: number) {
  const need = db
    .select({ need: needs, targetProductName: products.name, targetInstitution: institutions.shortName })
    .from(needs)
    .leftJoin(products, eq(needs.targetProductId, products.id))
    .leftJoin(institutions, eq(products.institutionId, institutions.id))
    .where(and(eq(needs.id, needId), eq(needs.enterpriseId, enterpriseId)))
    .get();
  if (!need) return undefined;
  const claimRows = db
    .select({ claim: claims, institution: institutions.shortName, productName: products.name })
    .from(claims)
    .innerJoin(institutions, eq(claims.institutionId, institutions.id))
    .leftJoin(products, eq(claims.grantedProductId, products.id))
    .where(eq(claims.needId, needId))
    .orderBy(claims.claimedAt)
    .all();
  return {
    ...need.need,
    status: effectiveNeedStatus(need.need.status, need.need.expiresOn, now),
    targetProductName: need.targetProductName,
    targetInstitution: need.targetInstitution,
    claims: claimRows.map((c) => ({
      id: c.claim.id,
      institution: c.institution,
      status: c.claim.status,
      claimedAt: c.claim.claimedAt,
      grantedAmountFen: c.claim.grantedAmountFen,
      grantedRateBp: c.claim.grantedRateBp,
      grantedTermMonths: c.claim.grantedTermMonths,
      grantedGuaranteeMode: c.claim.grantedGuaranteeMode,
      productName: c.productName,
      rejectReasonCode: c.claim.rejectReasonCode,
      rejectNote: c.claim.rejectNote,
    })),
    untouched: claimRows.length === 0,
    timeline: needTimeline(db, needId),
  };
}
