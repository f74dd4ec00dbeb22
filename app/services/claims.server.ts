/**
 * The institution's side of the marketplace: the queue of needs its products could serve, claiming
 * (接单) atomically, granting (授信) or rejecting, disbursing (放款), reporting each loan's status
 * monthly, and the service-level sweep. Every move is checked by app/lib/lifecycle.ts, recorded in
 * the need's event log and told to the enterprise, in one transaction.
 *
 * Claim policy (docs/decisions/003-claim-policy.md): a need open to all may be claimed by several
 * institutions, each at most once (unique index on need × institution); a need aimed at a product
 * only by that product's institution.
 */
import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { checkEligibility, meetsMinGrade, type Check } from "~/lib/eligibility";
import { claimTransition, loanTransition, needTransition } from "~/lib/lifecycle";
import { REJECT_REASONS, type RejectReason } from "~/lib/lending-rules";
import { maskPersonName, maskPhone } from "~/lib/masking";
import { formatMoney, formatRateBp } from "~/lib/money";
import { pageInfo, pageOffset, type PageInfo } from "~/lib/pagination";
import { fitReasons, GRADE_RANK, type QUEUE_SORTS } from "~/lib/ranking";
import { districtName } from "~/lib/reference";
import { CLAIM_WITHIN_WORKING_DAYS, DECIDE_WITHIN_WORKING_DAYS, undecidedBreachAt, unclaimedBreachAt } from "~/lib/service-levels";
import { DAY_MS, dateOf, monthOf, startOfDate, yearsSince } from "~/lib/time";
import { addWorkingDays } from "~/lib/working-days";
import type { GrantInput } from "~/lib/validation/marketplace";
import { sqliteErrorOf, writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import {
  claims,
  enterprises,
  institutions,
  loans,
  loanStatusReports,
  needEvents,
  needs,
  products,
  users,
  type ClaimStatus,
  type CreditGrade,
  type GuaranteeMode,
  type LoanStatus,
} from "~db/schema";
import { settleNeedAuthorizations } from "./authorizations.server";
import { interceptionGate } from "./interception.server";
import { needTimeline, recordNeedEvent } from "./need-events.server";
import { workingCalendar } from "./calendar.server";
import { cancelClaimsInProgress, effectiveNeedStatus, needExpiryInstant } from "./needs.server";
import { notify } from "./notifications.server";
import type { Outcome } from "./outcome";
import { rankedFor, type Ranked } from "./ranking-cache.server";
import { currentScore } from "./scoring.server";

// ---- the queue ----------------------------------------------------------------------------------

export const QUEUE_PAGE_SIZE = 50;

export type QueueFilter = {
  districtCode?: string;
  industrySection?: string;
  guaranteeMode?: GuaranteeMode;
  minAmountFen?: number;
  maxAmountFen?: number;
  /** Only enterprises of at least this grade (A best). */
  minGrade?: CreditGrade;
  enterpriseId?: number;
  onlyApplications?: boolean;
  sort: (typeof QUEUE_SORTS)[number];
  page: number;
};

export type QueueRow = {
  needId: number;
  enterprise: { id: number; name: string; district: string; industrySection: string; size: string; years: number };
  /** The current score; null while the enterprise has none. Knocked-out enterprises never appear. */
  credit: { score: number; grade: CreditGrade } | null;
  amountFen: number;
  termMonths: number;
  purpose: string;
  guaranteeMode: GuaranteeMode | null;
  rateCeilingBp: number | null;
  postedAt: number;
  expiresOn: string;
  /** Set when the need applies to one of this institution's products. */
  appliedProduct: { id: number; name: string } | null;
  fitScore: number;
  /** Why the row ranks where it does, zh-CN (app/lib/ranking.ts). */
  reasons: string[];
  /** This institution's products that fit (every check passes), best first, with the checks' words. */
  fits: { productId: number; productName: string; checks: Check[] }[];
  /** Deadline for a claim within 3 working days; provisional when counted across days the calendar does not cover. */
  claimDueAt: number;
  claimDueProvisional: boolean;
  claimedBy: number;
};

const OTHER_ORDERS: Record<Exclude<QueueFilter["sort"], "fit">, (a: Ranked, b: Ranked) => number> = {
  score: (a, b) => (b.c.score ?? -1) - (a.c.score ?? -1) || b.fit.total - a.fit.total || a.c.needId - b.c.needId,
  oldest: (a, b) => a.c.postedAt - b.c.postedAt || a.c.needId - b.c.needId,
  newest: (a, b) => b.c.postedAt - a.c.postedAt || b.c.needId - a.c.needId,
  amount: (a, b) => b.c.amountFen - a.c.amountFen || a.c.needId - b.c.needId,
};

/**
 * Open needs this institution may claim and has not, ranked. Hard filters first: knocked-out
 * enterprises never enter, needs claimed by this institution or aimed at another are cut, and a need
 * stays only when one of its listed products (or the product it applied to) passes every eligibility
 * check. The officer's filters then narrow that list; the words of the checks are built for the
 * page's rows only.
 */
export function officerQueue(db: AppDatabase, institutionId: number, filter: QueueFilter, now: number): { rows: QueueRow[]; page: PageInfo } {
  const { ownById, ranked: all } = rankedFor(db, institutionId, now);
  const keep = ({ c }: Ranked) =>
    (!filter.onlyApplications || c.targetProductId !== null) &&
    (!filter.districtCode || c.districtCode === filter.districtCode) &&
    (!filter.industrySection || c.industrySection === filter.industrySection) &&
    (!filter.guaranteeMode || c.guaranteeMode === filter.guaranteeMode) &&
    (filter.minAmountFen === undefined || c.amountFen >= filter.minAmountFen) &&
    (filter.maxAmountFen === undefined || c.amountFen <= filter.maxAmountFen) &&
    (filter.enterpriseId === undefined || c.enterpriseId === filter.enterpriseId) &&
    (!filter.minGrade || (c.grade !== null && GRADE_RANK[c.grade] <= GRADE_RANK[filter.minGrade]));
  const ranked = all.filter(keep);
  // Other orders put applications to this institution's products first (only it can serve them); the
  // fit order weighs them in the score instead.
  if (filter.sort !== "fit") {
    const order = OTHER_ORDERS[filter.sort];
    ranked.sort((a, b) => Number(b.c.targetProductId !== null) - Number(a.c.targetProductId !== null) || order(a, b));
  }
  const page = pageInfo(ranked.length, filter.page, QUEUE_PAGE_SIZE);
  const slice = ranked.slice(pageOffset(page), pageOffset(page) + page.pageSize);
  if (slice.length === 0) return { rows: [], page };

  const ids = JSON.stringify(slice.map((r) => r.c.needId));
  const details = new Map(
    (
      db.$client
        .prepare(
          `SELECT n.id, n.purpose, n.expires_on, e.name, e.size, (SELECT count(*) FROM claims c WHERE c.need_id = n.id) AS claimed_by
           FROM needs n JOIN enterprises e ON e.id = n.enterprise_id WHERE n.id IN (SELECT value FROM json_each(?))`,
        )
        .all(ids) as { id: number; purpose: string; expires_on: string; name: string; size: string; claimed_by: number }[]
    ).map((d) => [d.id, d]),
  );
  const calendar = workingCalendar(db);
  const rows = slice.map(({ c, eligible, best, fit }): QueueRow => {
    const claimDue = addWorkingDays(calendar, c.postedAt, CLAIM_WITHIN_WORKING_DAYS);
    const d = details.get(c.needId)!;
    const applied = c.targetProductId === null ? null : ownById.get(c.targetProductId)!;
    const applicant = { districtCode: c.districtCode, industrySection: c.industrySection, establishedOn: c.establishedOn, grade: c.grade };
    return {
      needId: c.needId,
      enterprise: { id: c.enterpriseId, name: d.name, district: districtName(c.districtCode), industrySection: c.industrySection, size: d.size, years: c.years },
      credit: c.score === null ? null : { score: c.score, grade: c.grade! },
      amountFen: c.amountFen,
      termMonths: c.termMonths,
      purpose: d.purpose,
      guaranteeMode: c.guaranteeMode,
      rateCeilingBp: c.rateCeilingBp,
      postedAt: c.postedAt,
      expiresOn: d.expires_on,
      appliedProduct: applied ? { id: applied.id, name: applied.name } : null,
      fitScore: fit.total,
      reasons: fitReasons(fit, c.score !== null, best.name),
      fits: [best, ...eligible.filter((p) => p !== best)].map((p) => ({ productId: p.id, productName: p.name, checks: checkEligibility(c, applicant, p, now).checks })),
      claimDueAt: claimDue.at,
      claimDueProvisional: claimDue.provisional,
      claimedBy: d.claimed_by,
    };
  });
  return { rows, page };
}

// ---- claiming and deciding ----------------------------------------------------------------------

const alreadyClaimed = { ok: false, status: 409, message: "本机构已受理该需求（可能是同事刚刚受理），请在“我的业务”中查看" } as const;

export function claimNeed(db: AppDatabase, officer: SessionUser, needId: number, now: number): Outcome<{ claimId: number }> {
  const institutionId = officer.institutionId!;
  try {
    return writeTransaction(db, (tx) => {
      const need = tx.select().from(needs).where(eq(needs.id, needId)).get();
      if (!need) return { ok: false as const, status: 404 as const, message: "找不到该需求" };
      const move = needTransition(effectiveNeedStatus(need.status, need.expiresOn, now), "claim");
      if (!move.ok) return { ok: false as const, status: 409 as const, message: move.message };
      if (need.targetProductId !== null) {
        const product = tx.select({ institutionId: products.institutionId }).from(products).where(eq(products.id, need.targetProductId)).get();
        if (product?.institutionId !== institutionId) return { ok: false as const, status: 404 as const, message: "找不到该需求" };
      }
      if (tx.select({ id: claims.id }).from(claims).where(and(eq(claims.needId, needId), eq(claims.institutionId, institutionId))).get()) return alreadyClaimed;
      const gate = interceptionGate(db, tx, { institutionId, needId, enterpriseId: need.enterpriseId, claimId: null, action: "claim", userId: officer.id }, now);
      if (!gate.ok) return gate;
      const claimId = tx
        .insert(claims)
        .values({ needId, institutionId, officerUserId: officer.id, status: "claimed", claimedAt: now })
        .returning({ id: claims.id })
        .get().id;
      gate.passed(claimId);
      recordNeedEvent(tx, { needId, claimId, type: "claimed", actorUserId: officer.id, actorInstitutionId: institutionId, at: now });
      const institution = tx.select({ name: institutions.shortName }).from(institutions).where(eq(institutions.id, institutionId)).get()!;
      notify(tx, {
        to: { enterpriseId: need.enterpriseId },
        kind: "need.claimed",
        title: "金融机构已受理您的需求",
        body: `${institution.name}受理了您的融资需求 #${needId}，客户经理将与您联系`,
        link: `/sme/needs/${needId}`,
        at: now,
      });
      return { ok: true as const, claimId };
    });
  } catch (error) {
    if (sqliteErrorOf(error)?.code === "SQLITE_CONSTRAINT_UNIQUE") return alreadyClaimed;
    throw error;
  }
}

/** A claim of the officer's institution with its need, or undefined (another bank's is "not found"). */
function ownClaim(tx: Tx, officer: SessionUser, claimId: number) {
  return tx
    .select({ claim: claims, need: needs })
    .from(claims)
    .innerJoin(needs, eq(claims.needId, needs.id))
    .where(and(eq(claims.id, claimId), eq(claims.institutionId, officer.institutionId ?? -1)))
    .get();
}

function decisionOf(officer: SessionUser, found: NonNullable<ReturnType<typeof ownClaim>>, action: "grant" | "disburse") {
  return { institutionId: found.claim.institutionId, needId: found.need.id, enterpriseId: found.need.enterpriseId, claimId: found.claim.id, action, userId: officer.id };
}

function institutionName(tx: Tx, institutionId: number): string {
  return tx.select({ name: institutions.shortName }).from(institutions).where(eq(institutions.id, institutionId)).get()?.name ?? "";
}

export function grantClaim(db: AppDatabase, officer: SessionUser, claimId: number, input: GrantInput, now: number): Outcome {
  return writeTransaction(db, (tx) => {
    const found = ownClaim(tx, officer, claimId);
    if (!found) return { ok: false as const, status: 404 as const, message: "找不到该业务" };
    const move = claimTransition(found.claim.status, "grant");
    if (!move.ok) return { ok: false as const, status: 409 as const, message: move.message };
    const product = tx
      .select()
      .from(products)
      .where(and(eq(products.id, input.productId), eq(products.institutionId, officer.institutionId!)))
      .get();
    const invalid = (field: string, message: string) => ({ ok: false as const, status: 400 as const, message, field });
    if (!product) return invalid("productId", "请选择本机构的产品");
    if (input.amount > found.need.amountFen && !input.exceedsRequest) {
      return invalid("amount", `授信金额超过企业申请的 ${formatMoney(found.need.amountFen)}；如确需超额授信，请勾选“超过申请金额”`);
    }
    if (input.amount < product.amountMinFen || input.amount > product.amountMaxFen) {
      return invalid("amount", `授信金额须在产品额度 ${formatMoney(product.amountMinFen)}–${formatMoney(product.amountMaxFen)} 内`);
    }
    if (input.rate < product.rateMinBp || input.rate > product.rateMaxBp) {
      return invalid("rate", `年利率须在产品利率 ${formatRateBp(product.rateMinBp)}–${formatRateBp(product.rateMaxBp)} 内`);
    }
    if (found.need.rateCeilingBp !== null && input.rate > found.need.rateCeilingBp) {
      return invalid("rate", `年利率高于企业可接受的最高利率 ${formatRateBp(found.need.rateCeilingBp)}`);
    }
    if (input.termMonths < product.termMinMonths || input.termMonths > product.termMaxMonths) {
      return invalid("termMonths", `期限须在产品期限 ${product.termMinMonths}–${product.termMaxMonths} 个月内`);
    }
    if (!product.guaranteeModes.includes(input.guaranteeMode)) return invalid("guaranteeMode", "该产品不提供所选担保方式");
    if (product.minGrade !== null) {
      const grade = currentScore(db, found.need.enterpriseId)?.grade ?? null;
      if (!meetsMinGrade(grade, product.minGrade)) {
        return invalid("productId", `该产品要求企业信用等级不低于 ${product.minGrade} 级，该企业${grade === null ? "尚无信用等级" : `当前为 ${grade} 级`}`);
      }
    }
    const gate = interceptionGate(db, tx, decisionOf(officer, found, "grant"), now);
    if (!gate.ok) return gate;
    gate.passed(claimId);
    tx.update(claims)
      .set({
        status: move.to,
        decidedAt: now,
        grantedAt: now,
        grantedProductId: product.id,
        grantedAmountFen: input.amount,
        grantedRateBp: input.rate,
        grantedTermMonths: input.termMonths,
        grantedGuaranteeMode: input.guaranteeMode,
      })
      .where(eq(claims.id, claimId))
      .run();
    recordNeedEvent(tx, {
      needId: found.need.id,
      claimId,
      type: "granted",
      actorUserId: officer.id,
      actorInstitutionId: officer.institutionId,
      at: now,
      detail: { amountFen: input.amount, rateBp: input.rate, termMonths: input.termMonths, productId: product.id },
    });
    notify(tx, {
      to: { enterpriseId: found.need.enterpriseId },
      kind: "claim.granted",
      title: "获得授信",
      body: `${institutionName(tx, officer.institutionId!)}向您授信 ${formatMoney(input.amount)}，年利率 ${formatRateBp(input.rate)}，期限 ${input.termMonths} 个月`,
      link: `/sme/needs/${found.need.id}`,
      at: now,
    });
    return { ok: true as const };
  });
}

export function rejectClaim(db: AppDatabase, officer: SessionUser, claimId: number, reasonCode: RejectReason, note: string, now: number): Outcome {
  return writeTransaction(db, (tx) => {
    const found = ownClaim(tx, officer, claimId);
    if (!found) return { ok: false as const, status: 404 as const, message: "找不到该业务" };
    const move = claimTransition(found.claim.status, "reject");
    if (!move.ok) return { ok: false as const, status: 409 as const, message: move.message };
    tx.update(claims).set({ status: move.to, decidedAt: now, rejectReasonCode: reasonCode, rejectNote: note || null }).where(eq(claims.id, claimId)).run();
    recordNeedEvent(tx, { needId: found.need.id, claimId, type: "rejected", actorUserId: officer.id, actorInstitutionId: officer.institutionId, at: now, detail: { reasonCode, note } });
    settleNeedAuthorizations(tx, found.need.id, now);
    notify(tx, {
      to: { enterpriseId: found.need.enterpriseId },
      kind: "claim.rejected",
      title: "授信未通过",
      body: `${institutionName(tx, officer.institutionId!)}未能为需求 #${found.need.id} 授信：${REJECT_REASONS[reasonCode]}${note ? `（${note}）` : ""}`,
      link: `/sme/needs/${found.need.id}`,
      at: now,
    });
    return { ok: true as const };
  });
}

/** The officer withdraws a claim before deciding (e.g. taken by mistake). */
export function cancelClaim(db: AppDatabase, officer: SessionUser, claimId: number, note: string, now: number): Outcome {
  return writeTransaction(db, (tx) => {
    const found = ownClaim(tx, officer, claimId);
    if (!found) return { ok: false as const, status: 404 as const, message: "找不到该业务" };
    if (found.claim.status !== "claimed") return { ok: false as const, status: 409 as const, message: "只有尚未作出授信决定的业务可以取消受理" };
    tx.update(claims).set({ status: "cancelled", decidedAt: now, internalNote: note || null }).where(eq(claims.id, claimId)).run();
    recordNeedEvent(tx, { needId: found.need.id, claimId, type: "cancelled", actorUserId: officer.id, actorInstitutionId: officer.institutionId, at: now, detail: { reason: "机构取消受理" } });
    settleNeedAuthorizations(tx, found.need.id, now);
    notify(tx, {
      to: { enterpriseId: found.need.enterpriseId },
      kind: "claim.cancelled",
      title: "金融机构取消受理",
      body: `${institutionName(tx, officer.institutionId!)}取消了对需求 #${found.need.id} 的受理，需求仍可由其他机构受理`,
      link: `/sme/needs/${found.need.id}`,
      at: now,
    });
    return { ok: true as const };
  });
}

/**
 * The least a disbursement may be: the granted product's minimum amount, or the granted amount if
 * the product's minimum was raised after the grant (the grant itself was within the product then).
 */
export function disbursementFloorFen(grantedAmountFen: number, productMinFen: number | null): number {
  return Math.min(grantedAmountFen, productMinFen ?? grantedAmountFen);
}

/** A disbursement below this share of the grant needs the officer's explicit confirmation. */
export const CONFIRM_BELOW_GRANT_SHARE = 0.5;

export type DisburseInput = { amount: number; disbursedOn: string; /** Ticked: the officer confirms an amount under half of the grant. */ confirmBelowHalf?: boolean };

export function disburseClaim(db: AppDatabase, officer: SessionUser, claimId: number, input: DisburseInput, now: number): Outcome<{ loanId: number }> {
  return writeTransaction(db, (tx) => {
    const found = ownClaim(tx, officer, claimId);
    if (!found) return { ok: false as const, status: 404 as const, message: "找不到该业务" };
    const move = claimTransition(found.claim.status, "disburse");
    if (!move.ok) return { ok: false as const, status: 409 as const, message: move.message };
    const claim = found.claim;
    const granted = claim.grantedAmountFen!;
    if (input.amount > granted) {
      return { ok: false as const, status: 400 as const, message: `放款金额不能超过授信金额 ${formatMoney(granted)}`, field: "amount" };
    }
    // A token disbursement would close the need, end other banks' claims and count a 首贷户.
    const product = claim.grantedProductId === null ? undefined : tx.select({ amountMinFen: products.amountMinFen }).from(products).where(eq(products.id, claim.grantedProductId)).get();
    const floor = disbursementFloorFen(granted, product?.amountMinFen ?? null);
    if (input.amount < floor) {
      return { ok: false as const, status: 400 as const, message: `放款金额不能低于${floor === granted ? "授信金额" : "产品最低额度"} ${formatMoney(floor)}`, field: "amount" };
    }
    if (input.amount < granted * CONFIRM_BELOW_GRANT_SHARE && !input.confirmBelowHalf) {
      return {
        ok: false as const,
        status: 400 as const,
        message: `放款金额不足授信金额（${formatMoney(granted)}）的一半，请核对金额；确按此金额放款请勾选确认`,
        field: "confirmBelowHalf",
      };
    }
    if (input.disbursedOn > dateOf(now)) return { ok: false as const, status: 400 as const, message: "放款日期不能晚于今天", field: "disbursedOn" };
    if (input.disbursedOn < dateOf(claim.grantedAt!)) {
      return { ok: false as const, status: 400 as const, message: `放款日期不能早于授信日期 ${dateOf(claim.grantedAt!)}`, field: "disbursedOn" };
    }
    const gate = interceptionGate(db, tx, decisionOf(officer, found, "disburse"), now);
    if (!gate.ok) return gate;
    gate.passed(claimId);
    const loanId = tx
      .insert(loans)
      .values({
        claimId,
        needId: found.need.id,
        enterpriseId: found.need.enterpriseId,
        institutionId: claim.institutionId,
        productId: claim.grantedProductId,
        amountFen: input.amount,
        rateBp: claim.grantedRateBp!,
        termMonths: claim.grantedTermMonths!,
        guaranteeMode: claim.grantedGuaranteeMode!,
        disbursedOn: input.disbursedOn,
        disbursedAt: startOfDate(input.disbursedOn),
        recordedAt: now,
        status: "normal",
      })
      .returning({ id: loans.id })
      .get().id;
    tx.update(claims).set({ status: move.to }).where(eq(claims.id, claimId)).run();
    const needMove = needTransition(found.need.status, "fulfil");
    if (needMove.ok) tx.update(needs).set({ status: needMove.to, closedAt: now, updatedAt: now }).where(eq(needs.id, found.need.id)).run();
    recordNeedEvent(tx, {
      needId: found.need.id,
      claimId,
      loanId,
      type: "disbursed",
      actorUserId: officer.id,
      actorInstitutionId: claim.institutionId,
      at: now,
      detail: { amountFen: input.amount, disbursedOn: input.disbursedOn },
    });
    notify(tx, {
      to: { enterpriseId: found.need.enterpriseId },
      kind: "claim.disbursed",
      title: "贷款已发放",
      body: `${institutionName(tx, claim.institutionId)}已放款 ${formatMoney(input.amount)}（${input.disbursedOn}）`,
      link: `/sme/needs/${found.need.id}`,
      at: now,
    });
    // The need is funded: other institutions' pending claims end here.
    cancelClaimsInProgress(tx, found.need.id, "该需求已由其他机构放款", now, null, claimId);
    // The profile stays open to the lender alone, for after-care; no other institution reads it any more.
    settleNeedAuthorizations(tx, found.need.id, now);
    return { ok: true as const, loanId };
  });
}

/** The bank's monthly report of a loan's status; a correction of the same month replaces it. */
export function reportLoanStatus(db: AppDatabase, officer: SessionUser, loanId: number, month: string, status: LoanStatus, now: number): Outcome {
  return writeTransaction(db, (tx) => {
    const loan = tx.select().from(loans).where(and(eq(loans.id, loanId), eq(loans.institutionId, officer.institutionId ?? -1))).get();
    if (!loan) return { ok: false as const, status: 404 as const, message: "找不到该笔贷款" };
    if (month < monthOf(loan.disbursedAt)) return { ok: false as const, status: 400 as const, message: "不能早于放款月份", field: "month" };
    if (month > monthOf(now)) return { ok: false as const, status: 400 as const, message: "不能报送未来月份的状态", field: "month" };
    const move = loanTransition(loan.status, status);
    if (!move.ok) return { ok: false as const, status: 409 as const, message: move.message };
    tx.insert(loanStatusReports)
      .values({ loanId, month, status, reportedAt: now, reportedByUserId: officer.id })
      .onConflictDoUpdate({ target: [loanStatusReports.loanId, loanStatusReports.month], set: { status, reportedAt: now, reportedByUserId: officer.id } })
      .run();
    // loans.status is the latest month's report.
    const latest = tx
      .select({ status: loanStatusReports.status })
      .from(loanStatusReports)
      .where(eq(loanStatusReports.loanId, loanId))
      .orderBy(desc(loanStatusReports.month))
      .limit(1)
      .get()!;
    tx.update(loans).set({ status: latest.status }).where(eq(loans.id, loanId)).run();
    recordNeedEvent(tx, { needId: loan.needId, claimId: loan.claimId, loanId, type: "loan_status", actorUserId: officer.id, actorInstitutionId: loan.institutionId, at: now, detail: { month, status } });
    if (status !== loan.status) {
      notify(tx, {
        to: { enterpriseId: loan.enterpriseId },
        kind: "loan.status",
        title: "贷款状态更新",
        body: `贷款（${formatMoney(loan.amountFen)}）${month} 状态：${{ normal: "正常", overdue: "逾期", npl: "不良", settled: "已结清" }[status]}`,
        link: `/sme/needs/${loan.needId}`,
        at: now,
      });
    }
    return { ok: true as const };
  });
}

// ---- the institution's business -----------------------------------------------------------------

export type ClaimListFilter = { status?: string; mine?: boolean; page: number };

export function listInstitutionClaims(db: AppDatabase, officer: SessionUser, filter: ClaimListFilter, now: number) {
  const conditions: SQL[] = [eq(claims.institutionId, officer.institutionId ?? -1)];
  if (filter.status) conditions.push(eq(claims.status, filter.status as never));
  if (filter.mine) conditions.push(eq(claims.officerUserId, officer.id));
  const where = and(...conditions);
  const calendar = workingCalendar(db);
  const total = db.select({ n: count() }).from(claims).where(where).get()!.n;
  const page = pageInfo(total, filter.page);
  const rows = db
    .select({
      claim: claims,
      need: { id: needs.id, amountFen: needs.amountFen, termMonths: needs.termMonths, postedAt: needs.postedAt },
      enterprise: { name: enterprises.name, districtCode: enterprises.districtCode },
      officer: users.displayName,
      loan: { id: loans.id, amountFen: loans.amountFen, status: loans.status },
    })
    .from(claims)
    .innerJoin(needs, eq(claims.needId, needs.id))
    .innerJoin(enterprises, eq(needs.enterpriseId, enterprises.id))
    .innerJoin(users, eq(claims.officerUserId, users.id))
    .leftJoin(loans, eq(loans.claimId, claims.id))
    .where(where)
    .orderBy(desc(claims.claimedAt), desc(claims.id))
    .limit(page.pageSize)
    .offset(pageOffset(page))
    .all()
    .map((r) => {
      const due = r.claim.status === "claimed" ? addWorkingDays(calendar, r.claim.claimedAt, DECIDE_WITHIN_WORKING_DAYS) : null;
      return {
        ...r,
        decideDueAt: due?.at ?? null,
        decideDueProvisional: due?.provisional ?? false,
        overdue: r.claim.status === "claimed" && undecidedBreachAt(calendar, r.claim.claimedAt, null, now) !== null,
      };
    });
  return { rows, page };
}

/** One claim of the officer's institution, with what the officer may see of the need and enterprise. */
/** Claims whose institution is still working the case: it needs to reach the enterprise. */
const LIVE_CLAIM_STATUSES: readonly ClaimStatus[] = ["claimed", "granted", "disbursed"];

/**
 * Who to call about a claim: the contact in full while the claim is live, masked once it is closed;
 * the legal representative is never needed in full.
 */
function claimContact(enterprise: { contactName: string; contactPhone: string; legalRepName: string }, status: ClaimStatus) {
  const live = LIVE_CLAIM_STATUSES.includes(status);
  return {
    name: live ? enterprise.contactName : maskPersonName(enterprise.contactName),
    phone: live ? enterprise.contactPhone : maskPhone(enterprise.contactPhone),
    legalRep: maskPersonName(enterprise.legalRepName),
    masked: !live,
  };
}

export function claimDetail(db: AppDatabase, officer: SessionUser, claimId: number, now: number) {
  const found = db
    .select({ claim: claims, need: needs, enterprise: enterprises, officer: users.displayName })
    .from(claims)
    .innerJoin(needs, eq(claims.needId, needs.id))
    .innerJoin(enterprises, eq(needs.enterpriseId, enterprises.id))
    .innerJoin(users, eq(claims.officerUserId, users.id))
    .where(and(eq(claims.id, claimId), eq(claims.institutionId, officer.institutionId ?? -1)))
    .get();
  if (!found) return undefined;
  const loan = db.select().from(loans).where(eq(loans.claimId, claimId)).get();
  const reports = loan
    ? db.select().from(loanStatusReports).where(eq(loanStatusReports.loanId, loan.id)).orderBy(desc(loanStatusReports.month)).all()
    : [];
  const ownProducts = db
    .select()
    .from(products)
    .where(eq(products.institutionId, officer.institutionId!))
    .orderBy(desc(products.listed), asc(products.name))
    .all();
  return {
    claim: found.claim,
    officerName: found.officer,
    need: { ...found.need, status: effectiveNeedStatus(found.need.status, found.need.expiresOn, now) },
    enterprise: {
      id: found.enterprise.id,
      name: found.enterprise.name,
      districtCode: found.enterprise.districtCode,
      industrySection: found.enterprise.industrySection,
      size: found.enterprise.size,
      years: yearsSince(found.enterprise.establishedOn, now),
    },
    contact: claimContact(found.enterprise, found.claim.status),
    products: ownProducts.map((p) => ({ ...p, ...checkEligibility(found.need, found.enterprise, p, now) })),
    disbursementFloorFen:
      found.claim.grantedAmountFen === null ? null : disbursementFloorFen(found.claim.grantedAmountFen, ownProducts.find((p) => p.id === found.claim.grantedProductId)?.amountMinFen ?? null),
    loan,
    reports,
    decideDue: addWorkingDays(workingCalendar(db), found.claim.claimedAt, DECIDE_WITHIN_WORKING_DAYS),
    timeline: needTimeline(db, found.need.id, officer.institutionId!),
  };
}

// ---- service levels -----------------------------------------------------------------------------

/**
 * Flags each breach once: an open need nobody claimed within 3 working days (told to the institution
 * it applied to, if any), and a claim undecided after 10 (told to its institution). Idempotent.
 */
export function flagServiceLevelBreaches(db: AppDatabase, now: number): number {
  const calendar = workingCalendar(db);
  return writeTransaction(db, (tx) => {
    let flagged = 0;
    const alreadyFlagged = new Set(
      tx
        .select({ needId: needEvents.needId, claimId: needEvents.claimId })
        .from(needEvents)
        .where(eq(needEvents.type, "sla_flagged"))
        .all()
        .map((e) => `${e.needId}:${e.claimId ?? ""}`),
    );
    const unclaimed = tx
      .select({ need: needs, targetInstitutionId: products.institutionId })
      .from(needs)
      .leftJoin(products, eq(needs.targetProductId, products.id))
      .where(and(eq(needs.status, "open"), sql`NOT EXISTS (SELECT 1 FROM claims c WHERE c.need_id = ${needs.id})`))
      .all();
    for (const { need, targetInstitutionId } of unclaimed) {
      if (alreadyFlagged.has(`${need.id}:`)) continue;
      const breach = unclaimedBreachAt(calendar, need.postedAt, null, Math.min(need.closedAt ?? Infinity, needExpiryInstant(need.expiresOn)), now);
      if (breach === null) continue;
      recordNeedEvent(tx, { needId: need.id, type: "sla_flagged", actorUserId: null, at: now, detail: { kind: "unclaimed", dueAt: breach } });
      if (targetInstitutionId !== null) {
        notify(tx, { to: { institutionId: targetInstitutionId }, kind: "sla.unclaimed", title: "产品申请超时未受理", body: `需求 #${need.id} 已超过3个工作日无人受理，请尽快处理`, link: "/bank/applicants?only=applications", at: now });
      }
      flagged += 1;
    }
    const undecided = tx.select().from(claims).where(eq(claims.status, "claimed")).all();
    for (const claim of undecided) {
      if (alreadyFlagged.has(`${claim.needId}:${claim.id}`)) continue;
      const breach = undecidedBreachAt(calendar, claim.claimedAt, null, now);
      if (breach === null) continue;
      recordNeedEvent(tx, { needId: claim.needId, claimId: claim.id, type: "sla_flagged", actorUserId: null, actorInstitutionId: claim.institutionId, at: now, detail: { kind: "undecided", dueAt: breach } });
      notify(tx, { to: { institutionId: claim.institutionId }, kind: "sla.undecided", title: "业务超时未决", body: `需求 #${claim.needId} 受理已超过10个工作日仍未作出授信决定`, link: `/bank/claims/${claim.id}`, at: now });
      flagged += 1;
    }
    return flagged;
  });
}

export type ServiceLevelCounts = {
  unclaimedNeeds: number;
  undecidedClaims: number;
  byInstitution: { institutionId: number; name: string; undecidedClaims: number; unclaimedApplications: number }[];
};

/**
 * Breaches that happened in [from, to): needs whose 3-working-day deadline passed in it without a
 * claim, and claims whose 10-working-day deadline passed in it without a decision. With from = 0 and
 * to = now, the breaches standing now.
 */
/** 3 working days are at least 3 calendar days. */
const SOONEST_CLAIM_DEADLINE_MS = CLAIM_WITHIN_WORKING_DAYS * DAY_MS;

export function serviceLevelBreaches(db: AppDatabase, from: number, to: number, now: number): ServiceLevelCounts {
  const calendar = workingCalendar(db);
  // A deadline is at most ~20 calendar days after posting/claiming (10 working days plus long holidays).
  const horizon = from === 0 ? 0 : startOfDate(dateOf(from)) - 40 * 24 * 3600_000;
  // Every claim made in the window: for "decided within 10 working days", and each need's first claim
  // (a need posted in the window cannot have been claimed before it).
  const claimRows = db.$client
    .prepare("SELECT need_id, claimed_at, decided_at, institution_id FROM claims WHERE claimed_at >= ? AND claimed_at <= ?")
    .raw()
    .all(horizon, to) as [needId: number, claimedAt: number, decidedAt: number | null, institutionId: number][];
  const firstClaimAt = new Map<number, number>();
  for (const [needId, claimedAt] of claimRows) {
    const first = firstClaimAt.get(needId);
    if (first === undefined || claimedAt < first) firstClaimAt.set(needId, claimedAt);
  }
  // A deadline is never sooner than 3 calendar days: a need closed by then cannot breach.
  const needRows = db.$client
    .prepare(
      `SELECT n.id, n.posted_at, n.closed_at, n.expires_on, p.institution_id FROM needs n LEFT JOIN products p ON p.id = n.target_product_id
       WHERE n.posted_at >= ? AND n.posted_at <= ? AND (n.closed_at IS NULL OR n.closed_at > n.posted_at + ?)`,
    )
    .raw()
    .all(horizon, to, SOONEST_CLAIM_DEADLINE_MS) as [id: number, postedAt: number, closedAt: number | null, expiresOn: string, targetInstitutionId: number | null][];
  const names = new Map(db.select({ id: institutions.id, name: institutions.shortName }).from(institutions).all().map((i) => [i.id, i.name]));
  const perInstitution = new Map<number, { undecidedClaims: number; unclaimedApplications: number }>();
  const bump = (id: number, key: "undecidedClaims" | "unclaimedApplications") => {
    const entry = perInstitution.get(id) ?? { undecidedClaims: 0, unclaimedApplications: 0 };
    entry[key] += 1;
    perInstitution.set(id, entry);
  };
  const inWindow = (at: number | null) => at !== null && at >= from && at < to;
  let unclaimedNeeds = 0;
  for (const [id, postedAt, closedAtRow, expiresOn, targetInstitutionId] of needRows) {
    const firstClaim = firstClaimAt.get(id) ?? null;
    if (firstClaim !== null && firstClaim <= postedAt + SOONEST_CLAIM_DEADLINE_MS) continue; // claimed before any deadline
    const closedAt = Math.min(closedAtRow ?? Infinity, needExpiryInstant(expiresOn));
    if (!inWindow(unclaimedBreachAt(calendar, postedAt, firstClaim, Number.isFinite(closedAt) ? closedAt : null, Math.min(now, to)))) continue;
    unclaimedNeeds += 1;
    if (targetInstitutionId !== null) bump(targetInstitutionId, "unclaimedApplications");
  }
  let undecidedClaims = 0;
  for (const [, claimedAt, decidedAt, institutionId] of claimRows) {
    if (!inWindow(undecidedBreachAt(calendar, claimedAt, decidedAt, Math.min(now, to)))) continue;
    undecidedClaims += 1;
    bump(institutionId, "undecidedClaims");
  }
  return {
    unclaimedNeeds,
    undecidedClaims,
    byInstitution: [...perInstitution].map(([institutionId, counts]) => ({ institutionId, name: names.get(institutionId) ?? String(institutionId), ...counts })),
  };
}


/** Breaches still unresolved now: open needs nobody has claimed past 3 working days, claims undecided past 10. */
export function standingBreaches(db: AppDatabase, now: number): { unclaimedNeeds: number; undecidedClaims: number } {
  const calendar = workingCalendar(db);
  const openUnclaimed = db
    .select({ postedAt: needs.postedAt, expiresOn: needs.expiresOn })
    .from(needs)
    .where(and(eq(needs.status, "open"), sql`NOT EXISTS (SELECT 1 FROM claims c WHERE c.need_id = ${needs.id})`))
    .all()
    .filter((n) => now < needExpiryInstant(n.expiresOn) && unclaimedBreachAt(calendar, n.postedAt, null, null, now) !== null).length;
  const undecided = db
    .select({ claimedAt: claims.claimedAt })
    .from(claims)
    .where(eq(claims.status, "claimed"))
    .all()
    .filter((c) => undecidedBreachAt(calendar, c.claimedAt, null, now) !== null).length;
  return { unclaimedNeeds: openUnclaimed, undecidedClaims: undecided };
}
