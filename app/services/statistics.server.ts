/**
 * Monthly 信易贷 statistics: month M's report computed from the trigger-maintained monthly cells
 * (db/schema/statistics.ts), frozen with a SHA-256 of its canonical form, revised only when an admin
 * opens a revision with a stated reason. Every frozen revision is kept.
 */
import { and, asc, desc, eq, lt } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { ENTERPRISE_SIZE_LABELS, ENTERPRISE_SIZES } from "~/domain/accounts";
import { DISTRICTS, INDUSTRY_SECTIONS } from "~/lib/reference";
import {
  BREAKDOWNS,
  layoutVersionOf,
  REPORT_LAYOUT_VERSION,
  type Breakdown,
  type InterceptionSection,
  type LayoutVersion,
  type ReportData,
  type ServiceLevels,
  type Slice,
  type ZoneSlice,
} from "~/lib/report-layout";
import { canonicalJson, sha256Hex } from "~/lib/canonical-json";
import { MEASURE_COLUMNS } from "~/domain/statistics-measures";
import { formatWanYuan } from "~/lib/money";
import {
  addMeasures,
  changePercent,
  indicatorsOf,
  MEASURES,
  ratioText,
  stocksOf,
  zeroMeasures,
  type Measures,
  type Periods,
} from "~/lib/statistics";
import { addMonths, monthBounds, monthOf, monthsBetween } from "~/lib/time";
import type { AppDatabase } from "~db/connection";
import { institutions, monthlyReports, users } from "~db/schema";
import { serverConfig } from "~/config.server";
import { recordAudit } from "./audit.server";
import { serviceLevelBreaches } from "./service-levels.server";
import { interceptionCounts } from "./interception.server";
import { zoneFigures } from "./zones.server";
import { keptUntilChanged } from "./statistics-cache.server";
import { fail, type Outcome } from "./outcome";

/** 填报单位: the organisation that files the report (REPORT_FILING_ORGANISATION overrides). */
export const filingOrganisation = (): string => serverConfig().reportFilingOrganisation;

const COLUMNS = MEASURES.map((m) => MEASURE_COLUMNS[m]);

/**
 * Month M's three periods for every (dim, key) with a cell up to M, summed by SQLite: one row per key
 * instead of one per key and month. sum() over 64-bit integers is exact or raises "integer overflow",
 * never rounds. Keys come in the order they first have a cell (month, then dim and key).
 */
const PERIODS_UP_TO = `SELECT dim, key,
  ${COLUMNS.map((c) => `sum(CASE WHEN month = @month THEN ${c} ELSE 0 END)`).join(", ")},
  ${COLUMNS.map((c) => `sum(CASE WHEN month >= @yearStart THEN ${c} ELSE 0 END)`).join(", ")},
  ${COLUMNS.map((c) => `sum(${c})`).join(", ")}
  FROM stat_cells WHERE month <= @month GROUP BY dim, key ORDER BY min(month), dim, key`;

/** Measures from `row[offset…]`, in MEASURES order. */
function measuresAt(row: readonly unknown[], offset: number): Measures {
  const m = zeroMeasures();
  MEASURES.forEach((k, i) => (m[k] = row[offset + i] as bigint));
  return m;
}

function periodsUpTo(db: AppDatabase, month: string): Map<string, Periods> {
  const rows = db.$client
    .prepare(PERIODS_UP_TO)
    .raw(true)
    .safeIntegers(true)
    .all({ month, yearStart: `${month.slice(0, 4)}-01` }) as [string, string, ...bigint[]][];
  const n = MEASURES.length;
  return new Map(
    rows.map((row) => [
      `${row[0]}:${row[1]}`,
      { month: measuresAt(row, 2), ytd: measuresAt(row, 2 + n), cumulative: measuresAt(row, 2 + 2 * n) },
    ]),
  );
}

const TOTALS_UP_TO = `SELECT month, ${COLUMNS.join(", ")} FROM stat_cells WHERE dim = 'total' AND month <= ? ORDER BY month`;

/** The keys each breakdown lists, in the official order, with their labels. */
function breakdownKeys(db: AppDatabase, month: string): Record<Breakdown, { key: string; label: string }[]> {
  const end = monthBounds(month).end;
  const institutionRows = db
    .select({ id: institutions.id, name: institutions.shortName })
    .from(institutions)
    .where(lt(institutions.joinedAt, end))
    .orderBy(asc(institutions.id))
    .all();
  return {
    district: DISTRICTS.map((d) => ({ key: d.code, label: d.name })),
    industry: INDUSTRY_SECTIONS.map((s) => ({ key: s.code, label: `${s.code} ${s.name}` })),
    size: ENTERPRISE_SIZES.map((s) => ({ key: s, label: ENTERPRISE_SIZE_LABELS[s] })),
    institution: institutionRows.map((i) => ({ key: String(i.id), label: i.name })),
  };
}

/**
 * Month M's report. Service levels count the breaches whose deadline fell in M and had passed by
 * `now` (for a month that has ended, all of them).
 */
export function computeReport(db: AppDatabase, month: string, now = Date.now()): ReportData {
  const periods = periodsUpTo(db, month);
  const keys = breakdownKeys(db, month);
  const slice = (dim: string, key: string) =>
    periods.get(`${dim}:${key}`) ?? { month: zeroMeasures(), ytd: zeroMeasures(), cumulative: zeroMeasures() };
  const breakdowns = Object.fromEntries(
    BREAKDOWNS.map((dim) => {
      const known = new Set(keys[dim].map((k) => k.key));
      // A key with data but missing from the reference (e.g. an institution that joined later) still counts.
      const extra = [...periods.keys()]
        .filter((id) => id.startsWith(`${dim}:`))
        .map((id) => id.slice(dim.length + 1))
        .filter((key) => !known.has(key))
        .map((key) => ({ key, label: key }));
      return [dim, [...keys[dim], ...extra].map(({ key, label }) => ({ key, label, periods: slice(dim, key) }))];
    }),
  ) as Record<Breakdown, Slice[]>;
  const { start, end } = monthBounds(month);
  const sla = serviceLevelBreaches(db, start, end, now);
  const serviceLevels = {
    unclaimedNeeds: sla.unclaimedNeeds,
    undecidedClaims: sla.undecidedClaims,
    byInstitution: keys.institution.map(({ key, label }) => {
      const found = sla.byInstitution.find((i) => String(i.institutionId) === key);
      return { key, label, unclaimedApplications: found?.unclaimedApplications ?? 0, undecidedClaims: found?.undecidedClaims ?? 0 };
    }),
  };
  return {
    month,
    total: slice("total", ""),
    breakdowns,
    serviceLevels,
    interception: interceptionCounts(db, month),
    zones: zoneFigures(db, month),
  };
}

/** computeReport, kept for an ended month until its data changes (./statistics-cache.server.ts); shared with later callers, so never modified. */
export function liveReport(db: AppDatabase, month: string, now: number): ReportData {
  return keptUntilChanged(db, "report", month, now, () => computeReport(db, month, now));
}

/** Monthly totals (dim total) from `from` to `to`, each with the cumulative sums up to that month. */
export function monthlySeries(db: AppDatabase, from: string, to: string) {
  const rows = db.$client.prepare(TOTALS_UP_TO).raw(true).safeIntegers(true).all(to) as [string, ...bigint[]][];
  const byMonth = new Map(rows.map((r) => [r[0], measuresAt(r, 1)]));
  const cumulative = zeroMeasures();
  const out: { month: string; monthly: Measures; cumulative: Measures }[] = [];
  const first = rows[0]?.[0] && rows[0][0] < from ? rows[0][0] : from;
  for (const m of monthsBetween(first, to)) {
    const monthly = byMonth.get(m) ?? zeroMeasures();
    addMeasures(cumulative, monthly);
    if (m >= from) out.push({ month: m, monthly, cumulative: { ...cumulative } });
  }
  return out;
}

// ---- canonical form and freezing ----------------------------------------------------------------

function parseMeasures(raw: Record<string, string>): Measures {
  const m = zeroMeasures();
  for (const k of MEASURES) m[k] = BigInt(raw[k] ?? "0");
  return m;
}

function parsePeriods(raw: Record<string, Record<string, string>>): Periods {
  return { month: parseMeasures(raw.month!), ytd: parseMeasures(raw.ytd!), cumulative: parseMeasures(raw.cumulative!) };
}

export function parseReportPayload(payload: string): ReportData {
  const raw = JSON.parse(payload) as {
    month: string;
    total: Record<string, Record<string, string>>;
    breakdowns: Record<Breakdown, { key: string; label: string; periods: Record<string, Record<string, string>> }[]>;
    serviceLevels: ServiceLevels;
    interception?: InterceptionSection;
    zones?: ZoneSlice[];
  };
  return {
    month: raw.month,
    serviceLevels: raw.serviceLevels,
    // Reports frozen before decision 021 have no interception section and must render as they did.
    ...(raw.interception ? { interception: raw.interception } : {}),
    ...(raw.zones ? { zones: raw.zones } : {}),
    total: parsePeriods(raw.total),
    breakdowns: Object.fromEntries(
      BREAKDOWNS.map((b) => [b, raw.breakdowns[b].map((s) => ({ key: s.key, label: s.label, periods: parsePeriods(s.periods) }))]),
    ) as Record<Breakdown, Slice[]>,
  };
}

type RawPeriods = Record<string, Record<string, string>>;

/**
 * The live report's canonical form in the shape of a frozen payload: a report frozen before the
 * interception or zone section or a measure existed is compared on what it holds, so that what it never had
 * does not count as a change.
 */
function liveInShapeOf(live: ReportData, frozenPayload: string): string {
  const frozen = JSON.parse(frozenPayload) as { total: RawPeriods; interception?: unknown; zones?: unknown };
  const held = new Set(Object.keys(frozen.total.month!));
  const { interception, zones, ...rest } = live;
  const sections = { ...(frozen.interception ? { interception } : {}), ...(frozen.zones ? { zones } : {}) };
  const shaped = JSON.parse(canonicalJson({ ...rest, ...sections })) as {
    total: RawPeriods;
    breakdowns: Record<string, { periods: RawPeriods }[]>;
  };
  const keepHeld = (periods: RawPeriods) => {
    for (const measures of Object.values(periods)) for (const name of Object.keys(measures)) if (!held.has(name)) delete measures[name];
  };
  keepHeld(shaped.total);
  for (const slices of Object.values(shaped.breakdowns)) for (const slice of slices) keepHeld(slice.periods);
  return canonicalJson(shaped);
}

/** The last month that has ended (Asia/Shanghai): the newest month a report may be frozen for. */
export function latestClosedMonth(now: number): string {
  return addMonths(monthOf(now), -1);
}

export type RevisionSummary = {
  revision: number;
  status: "open" | "frozen";
  reason: string | null;
  openedAt: number | null;
  openedBy: string | null;
  frozenAt: number | null;
  frozenBy: string | null;
  sha256: string | null;
};

export type ReportState =
  { kind: "draft" } | { kind: "frozen"; revision: RevisionSummary } | { kind: "revision_open"; revision: RevisionSummary };

export type ReportView = {
  data: ReportData;
  state: ReportState;
  revisions: RevisionSummary[];
  /** For a frozen report: whether data that arrived since would change its numbers. */
  changedSinceFrozen: boolean;
  /** The date shown as 填报日期: the freeze date, or today for a draft. */
  filedAt: number;
  /** The table layout to draw it with: the one it was frozen with, or the current one for a draft. */
  layout: LayoutVersion;
  closed: boolean;
};

function revisions(db: AppDatabase, month: string): (RevisionSummary & { payload: string | null; layoutVersion: number })[] {
  const rows = db
    .select({
      revision: monthlyReports.revision,
      status: monthlyReports.status,
      reason: monthlyReports.reason,
      openedAt: monthlyReports.openedAt,
      openedByUserId: monthlyReports.openedByUserId,
      frozenAt: monthlyReports.frozenAt,
      frozenByUserId: monthlyReports.frozenByUserId,
      sha256: monthlyReports.sha256,
      payload: monthlyReports.payload,
      layoutVersion: monthlyReports.layoutVersion,
    })
    .from(monthlyReports)
    .where(eq(monthlyReports.month, month))
    .orderBy(desc(monthlyReports.revision))
    .all();
  const names = new Map(
    db
      .select({ id: users.id, name: users.displayName })
      .from(users)
      .all()
      .map((u) => [u.id, u.name]),
  );
  return rows.map((r) => ({
    revision: r.revision,
    status: r.status,
    reason: r.reason,
    openedAt: r.openedAt,
    openedBy: r.openedByUserId ? (names.get(r.openedByUserId) ?? null) : null,
    frozenAt: r.frozenAt,
    frozenBy: r.frozenByUserId ? (names.get(r.frozenByUserId) ?? null) : null,
    sha256: r.sha256,
    payload: r.payload,
    layoutVersion: r.layoutVersion,
  }));
}

function withoutPayload({
  payload: _payload,
  layoutVersion: _layout,
  ...summary
}: RevisionSummary & { payload: string | null; layoutVersion: number }): RevisionSummary {
  return summary;
}

/**
 * The report as the bureau sees it now: frozen numbers if frozen, otherwise live numbers (草稿). With
 * `revision`, that frozen revision, or undefined when the month has no such frozen revision.
 */
export function loadReport(db: AppDatabase, month: string, now: number): ReportView;
export function loadReport(db: AppDatabase, month: string, now: number, revision: number | undefined): ReportView | undefined;
export function loadReport(db: AppDatabase, month: string, now: number, revision?: number): ReportView | undefined {
  const all = revisions(db, month);
  const latest = all[0];
  const closed = month <= latestClosedMonth(now);
  const summaries = all.map(withoutPayload);
  const chosen = revision === undefined ? latest : all.find((r) => r.revision === revision);
  if (revision !== undefined && (!chosen || chosen.status !== "frozen")) return undefined;
  if (chosen && chosen.status === "frozen" && chosen.payload) {
    const frozen = parseReportPayload(chosen.payload);
    const live = liveInShapeOf(liveReport(db, month, now), chosen.payload);
    return {
      data: frozen,
      state: { kind: "frozen", revision: withoutPayload(chosen) },
      revisions: summaries,
      changedSinceFrozen: sha256Hex(live) !== chosen.sha256,
      filedAt: chosen.frozenAt!,
      layout: layoutVersionOf(chosen.layoutVersion),
      closed,
    };
  }
  return {
    data: liveReport(db, month, now),
    state: latest ? { kind: "revision_open", revision: withoutPayload(latest) } : { kind: "draft" },
    revisions: summaries,
    changedSinceFrozen: false,
    filedAt: now,
    layout: REPORT_LAYOUT_VERSION,
    closed,
  };
}

/** Freezes month M's numbers (the first freeze, or an open revision). Only a month that has ended. */
export function freezeReport(db: AppDatabase, actor: SessionUser, month: string, now: number): Outcome<{ revision: number }> {
  if (month > latestClosedMonth(now)) {
    return fail(409, `${month} 尚未结束，月末之后才能冻结该月报表`);
  }
  return db.transaction((tx) => {
    const latest = tx
      .select()
      .from(monthlyReports)
      .where(eq(monthlyReports.month, month))
      .orderBy(desc(monthlyReports.revision))
      .limit(1)
      .get();
    if (latest?.status === "frozen") {
      return fail(409, "该月报表已冻结；如需更正，请由系统管理员开启修订");
    }
    // Same connection: the numbers are read inside this transaction.
    const payload = canonicalJson(computeReport(db, month, now));
    const sha256 = sha256Hex(payload);
    const revision = latest?.revision ?? 1;
    if (latest) {
      tx.update(monthlyReports)
        .set({ status: "frozen", payload, sha256, frozenAt: now, frozenByUserId: actor.id, layoutVersion: REPORT_LAYOUT_VERSION })
        .where(and(eq(monthlyReports.month, month), eq(monthlyReports.revision, revision)))
        .run();
    } else {
      tx.insert(monthlyReports)
        .values({
          month,
          revision,
          status: "frozen",
          payload,
          sha256,
          frozenAt: now,
          frozenByUserId: actor.id,
          layoutVersion: REPORT_LAYOUT_VERSION,
        })
        .run();
    }
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "report.freeze",
      targetType: "monthly_report",
      targetId: `${month}#${revision}`,
      detail: { month, revision, sha256 },
      at: now,
    });
    return { ok: true as const, revision };
  });
}

/** An admin reopens a frozen month for correction, saying why; the frozen revision stays as it was. */
export function openRevision(
  db: AppDatabase,
  actor: SessionUser,
  month: string,
  reason: string,
  now: number,
): Outcome<{ revision: number }> {
  return db.transaction((tx) => {
    const latest = tx
      .select()
      .from(monthlyReports)
      .where(eq(monthlyReports.month, month))
      .orderBy(desc(monthlyReports.revision))
      .limit(1)
      .get();
    if (!latest || latest.status !== "frozen") {
      return fail(409, latest ? "该月已有未冻结的修订" : "该月报表尚未冻结，无需修订");
    }
    const revision = latest.revision + 1;
    tx.insert(monthlyReports).values({ month, revision, status: "open", reason, openedAt: now, openedByUserId: actor.id }).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "report.revision_open",
      targetType: "monthly_report",
      targetId: `${month}#${revision}`,
      detail: { month, revision, reason },
      at: now,
    });
    return { ok: true as const, revision };
  });
}

export type MonthListing = { month: string; closed: boolean; latest: RevisionSummary | null };

/** Every month from the platform's first activity to the current month, newest first. */
export function listReportMonths(db: AppDatabase, now: number): MonthListing[] {
  const first = (db.$client.prepare("SELECT min(month) AS m FROM stat_cells").get() as { m: string | null }).m;
  const current = monthOf(now);
  if (!first) return [{ month: current, closed: false, latest: null }];
  const frozen = new Map<string, RevisionSummary>();
  for (const row of db
    .select({
      month: monthlyReports.month,
      revision: monthlyReports.revision,
      status: monthlyReports.status,
      reason: monthlyReports.reason,
      openedAt: monthlyReports.openedAt,
      frozenAt: monthlyReports.frozenAt,
      sha256: monthlyReports.sha256,
    })
    .from(monthlyReports)
    .orderBy(asc(monthlyReports.revision))
    .all()) {
    frozen.set(row.month, { ...row, openedBy: null, frozenBy: null });
  }
  return monthsBetween(first < current ? first : current, current)
    .reverse()
    .map((month) => ({ month, closed: month <= latestClosedMonth(now), latest: frozen.get(month) ?? null }));
}

// ---- dashboard ----------------------------------------------------------------------------------

/** 万元 as a plain number with two decimals, for charts (the tables keep exact text). */
function wanNumber(fen: bigint): number {
  return Number(ratioText(fen, 1_000_000n, 2));
}

function ratioNumber(text: string | null): number | null {
  return text === null ? null : Number(text);
}

export type Headline = { label: string; unit: string; value: string; change: string | null; better: "up" | "down" };

/** The bureau's dashboard for `month`, kept for an ended month until its data changes; shared with later callers, so never modified. */
export function dashboard(db: AppDatabase, month: string, now: number) {
  return keptUntilChanged(db, "dashboard", month, now, () => computeDashboard(db, month, now));
}

function computeDashboard(db: AppDatabase, month: string, now: number) {
  const series = monthlySeries(db, addMonths(month, -11), month);
  const current = series.at(-1)!;
  const previous = series.at(-2);
  const shown = { flows: indicatorsOf(current.monthly), stocks: stocksOf(current.cumulative) };
  const before = previous ? { flows: indicatorsOf(previous.monthly), stocks: stocksOf(previous.cumulative) } : null;
  const pointChange = (a: string | null, b: string | null | undefined) =>
    a === null || b === null || b === undefined ? null : (Number(a) - Number(b)).toFixed(2);
  const headlines: Headline[] = [
    {
      label: "放款金额",
      unit: "万元",
      value: formatWanYuan(Number(shown.flows.loansAmountFen)),
      change: before ? changePercent(shown.flows.loansAmountFen, before.flows.loansAmountFen) : null,
      better: "up",
    },
    {
      label: "放款笔数",
      unit: "笔",
      value: shown.flows.loansCount.toLocaleString("en-US"),
      change: before ? changePercent(shown.flows.loansCount, before.flows.loansCount) : null,
      better: "up",
    },
    {
      label: "授信金额",
      unit: "万元",
      value: formatWanYuan(Number(shown.flows.grantsAmountFen)),
      change: before ? changePercent(shown.flows.grantsAmountFen, before.flows.grantsAmountFen) : null,
      better: "up",
    },
    {
      label: "发布需求金额",
      unit: "万元",
      value: formatWanYuan(Number(shown.flows.needsAmountFen)),
      change: before ? changePercent(shown.flows.needsAmountFen, before.flows.needsAmountFen) : null,
      better: "up",
    },
    {
      label: "信用贷款占比",
      unit: "%",
      value: shown.flows.creditShare ?? "—",
      change: pointChange(shown.flows.creditShare, before?.flows.creditShare),
      better: "up",
    },
    {
      label: "平台首贷户数",
      unit: "户",
      value: shown.flows.firstLoanEnterprises.toLocaleString("en-US"),
      change: before ? changePercent(shown.flows.firstLoanEnterprises, before.flows.firstLoanEnterprises) : null,
      better: "up",
    },
    {
      label: "加权平均利率",
      unit: "%",
      value: shown.flows.weightedRate ?? "—",
      change: pointChange(shown.flows.weightedRate, before?.flows.weightedRate),
      better: "down",
    },
    {
      label: "不良率",
      unit: "%",
      value: shown.stocks.nplRatio ?? "—",
      change: pointChange(shown.stocks.nplRatio, before?.stocks.nplRatio),
      better: "down",
    },
  ];
  // After the loan: the month's renewals and e-CNY loans, and the stocks at its end.
  const amountHeadline = (label: string, now_: bigint, before_: bigint | undefined, better: Headline["better"]): Headline => ({
    label,
    unit: "万元",
    value: formatWanYuan(Number(now_)),
    change: before_ === undefined ? null : changePercent(now_, before_),
    better,
  });
  const afterLoan: Headline[] = [
    amountHeadline("其中续贷金额", shown.flows.renewalsAmountFen, before?.flows.renewalsAmountFen, "up"),
    amountHeadline("其中数字人民币放款", shown.flows.ecnyLoansAmountFen, before?.flows.ecnyLoansAmountFen, "up"),
    amountHeadline("到期未续未结清", shown.stocks.maturedUnsettledAmountFen, before?.stocks.maturedUnsettledAmountFen, "down"),
    amountHeadline("在保余额（风险补偿）", shown.stocks.coveredOutstandingFen, before?.stocks.coveredOutstandingFen, "up"),
    amountHeadline("风险补偿资金池余额", shown.stocks.poolBalanceFen, before?.stocks.poolBalanceFen, "up"),
    amountHeadline("本月代偿金额", shown.flows.compensationsAmountFen, before?.flows.compensationsAmountFen, "down"),
  ];
  const report = liveReport(db, month, now);
  return {
    month,
    headlines,
    afterLoan,
    afterLoanCounts: {
      renewals: Number(shown.flows.renewalsCount),
      ecnyLoans: Number(shown.flows.ecnyLoansCount),
      maturedUnsettled: Number(shown.stocks.maturedUnsettledCount),
      compensations: Number(shown.flows.compensationsCount),
      recoveriesWan: wanNumber(shown.flows.recoveriesAmountFen),
    },
    trend: {
      labels: series.map((s) => s.month),
      needsWan: series.map((s) => wanNumber(s.monthly.needsAmount)),
      grantsWan: series.map((s) => wanNumber(s.monthly.grantsAmount)),
      loansWan: series.map((s) => wanNumber(s.monthly.loansAmount)),
      creditShare: series.map((s) => ratioNumber(indicatorsOf(s.monthly).creditShare)),
      firstLoans: series.map((s) => Number(s.monthly.firstLoans)),
      weightedRate: series.map((s) => ratioNumber(indicatorsOf(s.monthly).weightedRate)),
      nplRatio: series.map((s) => ratioNumber(stocksOf(s.cumulative).nplRatio)),
      renewalsWan: series.map((s) => wanNumber(s.monthly.renewalsAmount)),
      ecnyWan: series.map((s) => wanNumber(s.monthly.ecnyLoansAmount)),
      coveredWan: series.map((s) => wanNumber(s.cumulative.coveredOutstandingDelta)),
      poolBalanceWan: series.map((s) => wanNumber(s.cumulative.poolBalanceDelta)),
    },
    districts: report.breakdowns.district.map((d) => ({
      label: d.label,
      loansWan: wanNumber(d.periods.month.loansAmount),
      ytdLoansWan: wanNumber(d.periods.ytd.loansAmount),
      needsWan: wanNumber(d.periods.month.needsAmount),
    })),
    serviceLevels: { unclaimedNeeds: report.serviceLevels.unclaimedNeeds, undecidedClaims: report.serviceLevels.undecidedClaims },
    institutions: report.breakdowns.institution.map((i) => {
      const month_ = indicatorsOf(i.periods.month);
      const sla = report.serviceLevels.byInstitution.find((s) => s.key === i.key);
      return {
        breaches: (sla?.undecidedClaims ?? 0) + (sla?.unclaimedApplications ?? 0),
        key: i.key,
        label: i.label,
        claims: Number(month_.claimsCount),
        avgClaimHours: ratioNumber(month_.avgClaimHours),
        avgDisburseDays: ratioNumber(month_.avgDisburseDays),
        loans: Number(month_.loansCount),
        loansWan: wanNumber(month_.loansAmountFen),
        ytdLoansWan: wanNumber(i.periods.ytd.loansAmount),
      };
    }),
  };
}
