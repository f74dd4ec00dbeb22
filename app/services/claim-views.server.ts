/**
 * The institution's business as its officers read it: the list of its claims (with the 10-working-day
 * decision deadline and whether it has passed), that list as CSV, and one claim's page with what the
 * officer may see of the need and the enterprise. Read-only; the moves are in claims.server.ts.
 */
import { and, asc, count, desc, eq, type SQL } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { CLAIM_STATUS_LABELS, disbursementFloorFen, LOAN_STATUS_LABELS, type ClaimStatus } from "~/domain/marketplace";
import { DECIDE_WITHIN_WORKING_DAYS, undecidedBreachAt } from "~/domain/service-levels";
import { excelCsv } from "~/lib/csv";
import { checkEligibility } from "~/lib/eligibility";
import { maskPersonName, maskPhone } from "~/lib/masking";
import { formatWanYuan } from "~/lib/money";
import { pageInfo, pageOffset } from "~/lib/pagination";
import { districtName } from "~/lib/reference";
import { formatDateTime, yearsSince } from "~/lib/time";
import { addWorkingDays, deadlineText } from "~/lib/working-days";
import type { AppDatabase } from "~db/connection";
import { claims, enterprises, loans, needs, products, users } from "~db/schema";
import { workingCalendar } from "./calendar.server";
import { loanOfClaim } from "./loans.server";
import { needTimeline } from "./need-events.server";
import { effectiveNeedStatus } from "./needs.server";

/** `pageSize`: rows per page, DEFAULT_PAGE_SIZE unless said (the export asks for all). */
export type ClaimListFilter = { status?: string; mine?: boolean; page: number; pageSize?: number };

/** Rows a business-list export holds at most. */
export const MAX_CLAIM_EXPORT_ROWS = 10_000;

export function listInstitutionClaims(db: AppDatabase, officer: SessionUser, filter: ClaimListFilter, now: number) {
  const conditions: SQL[] = [eq(claims.institutionId, officer.institutionId ?? -1)];
  if (filter.status) conditions.push(eq(claims.status, filter.status as never));
  if (filter.mine) conditions.push(eq(claims.officerUserId, officer.id));
  const where = and(...conditions);
  const calendar = workingCalendar(db);
  const total = db.select({ n: count() }).from(claims).where(where).get()!.n;
  const page = pageInfo(total, filter.page, filter.pageSize);
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

/** The business list as the bank sees it (same filter, newest claim first, every page) as CSV. */
export function institutionClaimsCsv(
  db: AppDatabase,
  officer: SessionUser,
  filter: Omit<ClaimListFilter, "page" | "pageSize">,
  now: number,
) {
  const { rows } = listInstitutionClaims(db, officer, { ...filter, page: 1, pageSize: MAX_CLAIM_EXPORT_ROWS }, now);
  return excelCsv([
    [
      "需求编号",
      "企业",
      "区县",
      "需求金额（万元）",
      "期限（月）",
      "状态",
      "超时未决",
      "放款金额（万元）",
      "贷后状态",
      "经办人",
      "受理时间",
      "决定期限",
    ],
    ...rows.map((r) => [
      String(r.need.id),
      r.enterprise.name,
      districtName(r.enterprise.districtCode),
      formatWanYuan(r.need.amountFen),
      String(r.need.termMonths),
      CLAIM_STATUS_LABELS[r.claim.status],
      r.overdue ? "是" : "",
      r.loan?.amountFen != null ? formatWanYuan(r.loan.amountFen) : "",
      r.loan?.status ? LOAN_STATUS_LABELS[r.loan.status] : "",
      r.officer,
      formatDateTime(r.claim.claimedAt),
      r.decideDueAt ? deadlineText(r.decideDueAt, r.decideDueProvisional) : "",
    ]),
  ]);
}

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

/** One claim of the officer's institution, with what the officer may see of the need and enterprise. */
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
  const { loan, reports } = loanOfClaim(db, claimId);
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
      found.claim.grantedAmountFen === null
        ? null
        : disbursementFloorFen(
            found.claim.grantedAmountFen,
            ownProducts.find((p) => p.id === found.claim.grantedProductId)?.amountMinFen ?? null,
          ),
    loan,
    reports,
    decideDue: addWorkingDays(workingCalendar(db), found.claim.claimedAt, DECIDE_WITHIN_WORKING_DAYS),
    timeline: needTimeline(db, found.need.id, officer.institutionId!),
  };
}
