/**
 * Applications (申请: a need aimed at one product) as the firm and the product's institution see them
 * (docs/decisions/038-applications-a-bank-can-act-on.md):
 * - the firm is told before it submits that a knock-out bars it from applying, and why
 *   (applicationBarrier, in ./needs.server.ts where posting refuses it too);
 * - the institution lists every application to its products — those its ranked queue leaves out too,
 *   each marked with why — and answers one it will not take with 不予受理 and a reason: the need closes,
 *   the firm is told, the decision is audited and shown on the need's timeline.
 */
import { and, eq } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { declineText, type ApplicationState, type DeclineReason } from "~/domain/applications";
import { needTransition } from "~/domain/lifecycle";
import type { ClaimStatus, GuaranteeMode, NeedStatus } from "~/domain/marketplace";
import { CLAIM_WITHIN_WORKING_DAYS } from "~/domain/service-levels";
import type { CreditGrade } from "~/domain/scoring";
import { checkEligibility } from "~/lib/eligibility";
import { pageInfo, pageOffset, type PageInfo } from "~/lib/pagination";
import { dateOf } from "~/lib/time";
import type { DeclineApplicationInput } from "~/lib/validation/applications";
import { addWorkingDays } from "~/lib/working-days";
import { writeTransaction, type AppDatabase } from "~db/connection";
import { claims, needs, products } from "~db/schema";
import type { StoredReasons } from "~db/schema";
import { recordAudit } from "./audit.server";
import { settleNeedAuthorizations } from "./authorizations.server";
import { workingCalendar } from "./calendar.server";
import { recordNeedEvent } from "./need-events.server";
import { effectiveNeedStatus } from "./needs.server";
import { notify } from "./notifications.server";
import { fail, type Outcome } from "./outcome";
import { rankedFor } from "./ranking-cache.server";

export const DECLINE_AUDIT_ACTION = "application.decline";

// ---- the institution's list ------------------------------------------------------------------------

export type ApplicationScope = "pending" | "all";

export type ApplicationRow = {
  needId: number;
  enterprise: { id: number; name: string };
  product: { id: number; name: string; listed: boolean };
  amountFen: number;
  termMonths: number;
  purpose: string;
  postedAt: number;
  claimDueAt: number;
  claimDueProvisional: boolean;
  state: ApplicationState;
  needStatus: NeedStatus;
  /** Why the ranked queue leaves it out (outside_queue only), zh-CN. */
  outsideQueueBecause: string[];
  /** Whether a claim would be intercepted (the enterprise's current score is knocked out). */
  knockedOut: boolean;
  claim: { id: number; status: ClaimStatus } | null;
  /** The 不予受理 reason the firm was told (declined only). */
  declined: { text: string; at: number } | null;
};

type ListedRow = {
  needId: number;
  enterpriseId: number;
  enterpriseName: string;
  districtCode: string;
  industrySection: string;
  establishedOn: string;
  productId: number;
  amountFen: number;
  termMonths: number;
  purpose: string;
  guaranteeMode: GuaranteeMode | null;
  rateCeilingBp: number | null;
  postedAt: number;
  expiresOn: string;
  status: NeedStatus;
  claimId: number | null;
  claimStatus: ClaimStatus | null;
  grade: CreditGrade | null;
  knockedOut: number | null;
  reasons: string | null;
  declinedDetail: string | null;
  declinedAt: number | null;
};

/** Pending: open, not past its date, not claimed by the institution — what it still has to answer. */
const PENDING_SQL = "n.status = 'open' AND n.expires_on >= @today AND c.id IS NULL";

const FROM_SQL = `FROM needs n
  JOIN products p ON p.id = n.target_product_id AND p.institution_id = @institutionId
  LEFT JOIN claims c ON c.need_id = n.id AND c.institution_id = @institutionId`;

/**
 * Every application to the institution's products, newest first — or, for "pending", those it still has
 * to answer, oldest (nearest deadline) first — with where each stands and, for a pending one its ranked
 * queue leaves out, why: the enterprise's knock-outs, or the checks of the product applied to it fails.
 */
export function institutionApplications(
  db: AppDatabase,
  institutionId: number,
  filter: { scope: ApplicationScope; page: number },
  now: number,
): { rows: ApplicationRow[]; page: PageInfo; pending: number; outsideQueue: number } {
  const sqlite = db.$client;
  const params = { institutionId, today: dateOf(now) };
  const { byNeed } = rankedFor(db, institutionId, now);
  const pendingIds = sqlite.prepare(`SELECT n.id ${FROM_SQL} WHERE ${PENDING_SQL}`).pluck().all(params) as number[];
  const outsideQueue = pendingIds.filter((id) => !byNeed.has(id)).length;
  const where = filter.scope === "pending" ? `WHERE ${PENDING_SQL}` : "";
  const total =
    filter.scope === "pending" ? pendingIds.length : (sqlite.prepare(`SELECT count(*) ${FROM_SQL}`).pluck().get(params) as number);
  const page = pageInfo(total, filter.page);
  const rows = sqlite
    .prepare(
      `SELECT n.id AS needId, e.id AS enterpriseId, e.name AS enterpriseName, e.district_code AS districtCode,
         e.industry_section AS industrySection, e.established_on AS establishedOn, p.id AS productId,
         n.amount_fen AS amountFen, n.term_months AS termMonths, n.purpose, n.guarantee_mode AS guaranteeMode,
         n.rate_ceiling_bp AS rateCeilingBp, n.posted_at AS postedAt, n.expires_on AS expiresOn, n.status,
         c.id AS claimId, c.status AS claimStatus, s.grade, s.knocked_out AS knockedOut, s.reasons,
         d.detail AS declinedDetail, d.at AS declinedAt
       ${FROM_SQL}
       JOIN enterprises e ON e.id = n.enterprise_id
       LEFT JOIN credit_scores s ON s.enterprise_id = n.enterprise_id AND s.is_current = 1
       LEFT JOIN need_events d ON d.id = (SELECT max(x.id) FROM need_events x WHERE x.need_id = n.id AND x.type = 'application_declined')
       ${where}
       ORDER BY ${filter.scope === "pending" ? "n.posted_at, n.id" : "n.posted_at DESC, n.id DESC"}
       LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: page.pageSize, offset: pageOffset(page) }) as ListedRow[];
  const productsById = new Map(
    db
      .select()
      .from(products)
      .where(eq(products.institutionId, institutionId))
      .all()
      .map((p) => [p.id, p]),
  );
  const calendar = workingCalendar(db);
  return {
    page,
    pending: pendingIds.length,
    outsideQueue,
    rows: rows.map((r): ApplicationRow => {
      const product = productsById.get(r.productId)!;
      const needStatus = effectiveNeedStatus(r.status, r.expiresOn, now);
      const state: ApplicationState =
        r.claimId !== null
          ? "claimed"
          : needStatus === "declined"
            ? "declined"
            : needStatus !== "open"
              ? "closed"
              : byNeed.has(r.needId)
                ? "in_queue"
                : "outside_queue";
      const due = addWorkingDays(calendar, r.postedAt, CLAIM_WITHIN_WORKING_DAYS);
      const declined = r.declinedDetail === null ? null : (JSON.parse(r.declinedDetail) as { reason: DeclineReason; note: string });
      return {
        needId: r.needId,
        enterprise: { id: r.enterpriseId, name: r.enterpriseName },
        product: { id: product.id, name: product.name, listed: product.listed },
        amountFen: r.amountFen,
        termMonths: r.termMonths,
        purpose: r.purpose,
        postedAt: r.postedAt,
        claimDueAt: due.at,
        claimDueProvisional: due.provisional,
        state,
        needStatus,
        outsideQueueBecause: state === "outside_queue" ? outsideQueueReasons(r, product, now) : [],
        knockedOut: r.knockedOut === 1,
        claim: r.claimId === null ? null : { id: r.claimId, status: r.claimStatus! },
        declined: declined && state === "declined" ? { text: declineText(declined.reason, declined.note), at: r.declinedAt! } : null,
      };
    }),
  };
}

/** Why the queue leaves a pending application out: as the queue decides (ranking-cache.server.ts rankFor), in words. */
function outsideQueueReasons(r: ListedRow, product: typeof products.$inferSelect, now: number): string[] {
  if (r.knockedOut === 1) {
    const knockOuts = r.reasons === null ? [] : (JSON.parse(r.reasons) as StoredReasons).knockOuts;
    return [`企业存在否决项：${knockOuts.map((k) => k.reason).join("；") || "见企业信用画像"}`];
  }
  const failed = checkEligibility(r, { ...r, grade: r.grade }, product, now)
    .checks.filter((c) => !c.ok)
    .map((c) => `不符合所申请产品的条件：${c.text}`);
  return failed.length > 0 ? failed : ["不符合需求队列的排序条件"];
}

// ---- 不予受理 -------------------------------------------------------------------------------------------

/**
 * The product's institution declines an application it has not claimed (不予受理): the need closes
 * (status declined, so the 3-working-day service level stops counting), the permission to read the
 * firm's credit profile for it ends, and the firm is told the reason. Audited; on the need's timeline.
 */
export function declineApplication(
  db: AppDatabase,
  officer: SessionUser,
  needId: number,
  input: DeclineApplicationInput,
  now: number,
): Outcome {
  const institutionId = officer.institutionId;
  if (institutionId === null || (officer.role !== "bank_officer" && officer.role !== "bank_admin"))
    return fail(403, "只有金融机构人员可以办理");
  return writeTransaction(db, (tx) => {
    const found = tx
      .select({ need: needs, productName: products.name })
      .from(needs)
      .innerJoin(products, eq(products.id, needs.targetProductId))
      .where(and(eq(needs.id, needId), eq(products.institutionId, institutionId)))
      .get();
    if (!found) return fail(404, "找不到该申请");
    const { need } = found;
    const claimed = tx
      .select({ id: claims.id })
      .from(claims)
      .where(and(eq(claims.needId, needId), eq(claims.institutionId, institutionId)))
      .get();
    const move = needTransition(effectiveNeedStatus(need.status, need.expiresOn, now), "decline", !claimed);
    if (!move.ok) return fail(409, move.message);
    tx.update(needs).set({ status: move.to, closedAt: now, updatedAt: now }).where(eq(needs.id, needId)).run();
    const detail = { reason: input.reason, note: input.note, productId: need.targetProductId };
    recordNeedEvent(tx, {
      needId,
      type: "application_declined",
      actorUserId: officer.id,
      actorInstitutionId: institutionId,
      at: now,
      detail,
    });
    settleNeedAuthorizations(tx, needId, now);
    recordAudit(tx, {
      actorUserId: officer.id,
      action: DECLINE_AUDIT_ACTION,
      targetType: "need",
      targetId: needId,
      detail: { ...detail, institutionId, enterpriseId: need.enterpriseId },
      at: now,
    });
    notify(tx, {
      to: { enterpriseId: need.enterpriseId },
      kind: "need.declined",
      title: "产品申请不予受理",
      body: `您对“${found.productName}”的申请（需求 #${needId}）不予受理：${declineText(input.reason, input.note)}`,
      link: `/sme/needs/${needId}`,
      at: now,
    });
    return { ok: true as const };
  });
}
