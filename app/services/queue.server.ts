/**
 * The officer's queue (客户需求): open needs this institution's products could serve and it has not
 * claimed, ranked by fit (app/lib/ranking.ts, cached in ranking-cache.server.ts) or another order the
 * officer picks, with the eligibility checks' words for the rows on the page.
 */
import { excelCsv } from "~/lib/csv";
import { checkEligibility, type Check } from "~/lib/eligibility";
import { formatRateBp, formatWanYuan } from "~/lib/money";
import { pageInfo, pageOffset, type PageInfo } from "~/lib/pagination";
import { fitReasons, GRADE_RANK, type QUEUE_SORTS } from "~/lib/ranking";
import { districtName, industryName } from "~/lib/reference";
import { formatDateTime } from "~/lib/time";
import { CLAIM_WITHIN_WORKING_DAYS } from "~/domain/service-levels";
import { addWorkingDays, deadlineText } from "~/lib/working-days";
import type { AppDatabase } from "~db/connection";
import { GUARANTEE_MODE_LABELS, type GuaranteeMode } from "~/domain/marketplace";
import { ENTERPRISE_SIZE_LABELS } from "~/domain/accounts";
import type { CreditGrade } from "~/domain/scoring";
import { workingCalendar } from "./calendar.server";
import { rankedFor, type Ranked } from "./ranking-cache.server";

export const QUEUE_PAGE_SIZE = 50;
/** Rows a queue export holds at most: far more than any institution's open queue. */
export const MAX_QUEUE_EXPORT_ROWS = 5_000;

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
  /** Rows per page; QUEUE_PAGE_SIZE unless said. */
  pageSize?: number;
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
export function officerQueue(
  db: AppDatabase,
  institutionId: number,
  filter: QueueFilter,
  now: number,
): { rows: QueueRow[]; page: PageInfo } {
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
  const page = pageInfo(ranked.length, filter.page, filter.pageSize ?? QUEUE_PAGE_SIZE);
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
      enterprise: {
        id: c.enterpriseId,
        name: d.name,
        district: districtName(c.districtCode),
        industrySection: c.industrySection,
        size: d.size,
        years: c.years,
      },
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
      fits: [best, ...eligible.filter((p) => p !== best)].map((p) => ({
        productId: p.id,
        productName: p.name,
        checks: checkEligibility(c, applicant, p, now).checks,
      })),
      claimDueAt: claimDue.at,
      claimDueProvisional: claimDue.provisional,
      claimedBy: d.claimed_by,
    };
  });
  return { rows, page };
}

/**
 * The queue as the officer sees it — the same filters and order, every page (up to
 * MAX_QUEUE_EXPORT_ROWS) — as CSV: one line per need with the card's facts and the fitting products.
 */
export function officerQueueCsv(
  db: AppDatabase,
  institutionId: number,
  filter: Omit<QueueFilter, "page" | "pageSize">,
  now: number,
): Buffer {
  const { rows } = officerQueue(db, institutionId, { ...filter, page: 1, pageSize: MAX_QUEUE_EXPORT_ROWS }, now);
  return excelCsv([
    [
      "排名",
      "需求编号",
      "企业",
      "区县",
      "行业",
      "企业规模",
      "经营年限",
      "信用评分",
      "信用等级",
      "综合匹配度",
      "金额（万元）",
      "期限（月）",
      "用途",
      "担保方式",
      "利率上限",
      "发布时间",
      "受理期限",
      "已受理机构数",
      "申请本机构产品",
      "适配产品",
      "排序依据",
    ],
    ...rows.map((r, i) => [
      String(i + 1),
      String(r.needId),
      r.enterprise.name,
      r.enterprise.district,
      industryName(r.enterprise.industrySection),
      ENTERPRISE_SIZE_LABELS[r.enterprise.size as keyof typeof ENTERPRISE_SIZE_LABELS] ?? r.enterprise.size,
      String(r.enterprise.years),
      r.credit ? String(r.credit.score) : "",
      r.credit?.grade ?? "",
      String(r.fitScore),
      formatWanYuan(r.amountFen),
      String(r.termMonths),
      r.purpose,
      r.guaranteeMode ? GUARANTEE_MODE_LABELS[r.guaranteeMode] : "不限",
      r.rateCeilingBp === null ? "" : formatRateBp(r.rateCeilingBp),
      formatDateTime(r.postedAt),
      deadlineText(r.claimDueAt, r.claimDueProvisional),
      String(r.claimedBy),
      r.appliedProduct?.name ?? "",
      r.fits.map((f) => f.productName).join("、"),
      r.reasons.join("；"),
    ]),
  ]);
}
