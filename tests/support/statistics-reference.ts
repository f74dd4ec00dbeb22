/**
 * The statistics computed the slow, obvious way: straight from the fact tables, following
 * DESIGN.md §5 word for word. Tests compare the engine (trigger-maintained cells) against it.
 */
import { eq } from "drizzle-orm";
import { MEASURES, zeroMeasures, type Measures, type Periods } from "~/lib/statistics";
import { addMonths, monthBounds, monthOf } from "~/lib/time";
import { computeReport } from "~/services/statistics.server";
import type { AppDatabase } from "~db/connection";
import { maturityDateOf } from "~/domain/maturity";
import {
  claims,
  enterprises,
  institutions,
  loans,
  loanStatusReports,
  needs,
  productListings,
  products,
  riskPoolEnrolments,
  riskPoolLedger,
} from "~db/schema";

type Slices = { dim: string; key: string }[];

export function referencePeriods(db: AppDatabase, month: string): Map<string, Periods> {
  const ents = new Map(
    db
      .select()
      .from(enterprises)
      .all()
      .map((e) => [e.id, e]),
  );
  const needRows = new Map(
    db
      .select()
      .from(needs)
      .all()
      .map((n) => [n.id, n]),
  );
  const claimRows = db.select().from(claims).all();
  const loanRows = db.select().from(loans).all();
  const reports = db.select().from(loanStatusReports).all();
  const insts = db.select().from(institutions).all();
  const listings = db
    .select({ l: productListings, institutionId: products.institutionId })
    .from(productListings)
    .innerJoin(products, eq(productListings.productId, products.id))
    .all();

  const out = new Map<string, Periods>();
  const get = (dim: string, key: string) => {
    const id = `${dim}:${key}`;
    if (!out.has(id)) out.set(id, { month: zeroMeasures(), ytd: zeroMeasures(), cumulative: zeroMeasures() });
    return out.get(id)!;
  };
  const slicesOf = (enterpriseId: number | null, institutionId: number | null): Slices => {
    const s: Slices = [{ dim: "total", key: "" }];
    const e = enterpriseId === null ? undefined : ents.get(enterpriseId);
    if (e) s.push({ dim: "district", key: e.districtCode }, { dim: "industry", key: e.industrySection }, { dim: "size", key: e.size });
    if (institutionId !== null) s.push({ dim: "institution", key: String(institutionId) });
    return s;
  };
  const yearStart = `${month.slice(0, 4)}-01`;
  /** A flow: counted in the month, 本年累计 and 累计 according to the month it happened in. */
  const flow = (happened: number, slices: Slices, add: Partial<Record<keyof Measures, bigint>>) => {
    const m = monthOf(happened);
    if (m > month) return;
    for (const { dim, key } of slices) {
      const p = get(dim, key);
      for (const [k, v] of Object.entries(add) as [keyof Measures, bigint][]) {
        p.cumulative[k] += v;
        if (m >= yearStart) p.ytd[k] += v;
        if (m === month) p.month[k] += v;
      }
    }
  };
  /** A stock: its value at the end of M, and its change over the month and since the end of last year. */
  const stock = (measure: keyof Measures, valueAt: (m: string) => Map<string, bigint>) => {
    const now = valueAt(month);
    const prev = valueAt(addMonths(month, -1));
    const lastYear = valueAt(addMonths(yearStart, -1));
    for (const id of new Set([...now.keys(), ...prev.keys(), ...lastYear.keys()])) {
      const [dim, ...rest] = id.split(":");
      const p = get(dim!, rest.join(":"));
      p.cumulative[measure] += now.get(id) ?? 0n;
      p.month[measure] += (now.get(id) ?? 0n) - (prev.get(id) ?? 0n);
      p.ytd[measure] += (now.get(id) ?? 0n) - (lastYear.get(id) ?? 0n);
    }
  };
  const tally = (entries: [Slices, bigint][]) => {
    const m = new Map<string, bigint>();
    for (const [slices, v] of entries) for (const s of slices) m.set(`${s.dim}:${s.key}`, (m.get(`${s.dim}:${s.key}`) ?? 0n) + v);
    return m;
  };

  // 入驻企业数 (end of M) and 新增.
  for (const e of ents.values()) flow(e.registeredAt, slicesOf(e.id, null), { enterprisesNew: 1n });
  // 入驻金融机构数 at the end of M.
  stock("institutionsDelta", (m) => {
    const end = monthBounds(m).end;
    return tally(
      insts.filter((i) => i.joinedAt < end && (i.disabledAt === null || i.disabledAt >= end)).map(() => [[{ dim: "total", key: "" }], 1n]),
    );
  });
  // 上架产品数 at the end of M.
  stock("productsDelta", (m) => {
    const end = monthBounds(m).end;
    return tally(
      listings
        .filter(({ l }) => l.listedAt < end && (l.delistedAt === null || l.delistedAt >= end))
        .map(({ institutionId }) => [slicesOf(null, institutionId), 1n]),
    );
  });
  // 发布需求, 受理 (with 受理时长), 授信.
  for (const n of needRows.values()) flow(n.postedAt, slicesOf(n.enterpriseId, null), { needsCount: 1n, needsAmount: BigInt(n.amountFen) });
  for (const c of claimRows) {
    const need = needRows.get(c.needId)!;
    const slices = slicesOf(need.enterpriseId, c.institutionId);
    flow(c.claimedAt, slices, { claimsCount: 1n, claimWaitMs: BigInt(c.claimedAt - need.postedAt) });
    if (c.grantedAt !== null) flow(c.grantedAt, slices, { grantsCount: 1n, grantsAmount: BigInt(c.grantedAmountFen ?? 0) });
  }
  // 放款, 信用贷款, 加权平均利率, 放款时长, 首贷户.
  const firstByEnterprise = new Map<number, (typeof loanRows)[number]>();
  for (const l of loanRows) {
    const need = needRows.get(l.needId)!;
    const credit = l.guaranteeMode === "credit" ? 1n : 0n;
    flow(l.disbursedAt, slicesOf(l.enterpriseId, l.institutionId), {
      loansCount: 1n,
      loansAmount: BigInt(l.amountFen),
      loansRateAmount: BigInt(l.amountFen) * BigInt(l.rateBp),
      creditLoansCount: credit,
      creditLoansAmount: credit * BigInt(l.amountFen),
      // A renewal answers no need: it has no 放款时长.
      disburseWaitMs: l.renewsLoanId === null ? BigInt(l.disbursedAt - need.postedAt) : 0n,
      renewalsCount: l.renewsLoanId === null ? 0n : 1n,
      renewalsAmount: l.renewsLoanId === null ? 0n : BigInt(l.amountFen),
      ecnyLoansCount: l.channel === "ecny" ? 1n : 0n,
      ecnyLoansAmount: l.channel === "ecny" ? BigInt(l.amountFen) : 0n,
    });
    const first = firstByEnterprise.get(l.enterpriseId);
    if (!first || l.disbursedAt < first.disbursedAt || (l.disbursedAt === first.disbursedAt && l.id < first.id))
      firstByEnterprise.set(l.enterpriseId, l);
  }
  for (const l of firstByEnterprise.values()) flow(l.disbursedAt, slicesOf(l.enterpriseId, l.institutionId), { firstLoans: 1n });
  // 不良率 at the end of M: each loan's status is its latest report with month ≤ M, else normal.
  const statusAt = (loanId: number, m: string) =>
    reports.filter((r) => r.loanId === loanId && r.month <= m).sort((a, b) => (a.month < b.month ? 1 : -1))[0]?.status ?? "normal";
  const disbursedBy = (m: string) => loanRows.filter((l) => monthOf(l.disbursedAt) <= m);
  stock("outstandingDelta", (m) =>
    tally(
      disbursedBy(m)
        .filter((l) => statusAt(l.id, m) !== "settled")
        .map((l) => [slicesOf(l.enterpriseId, l.institutionId), BigInt(l.amountFen)]),
    ),
  );
  stock("nplDelta", (m) =>
    tally(
      disbursedBy(m)
        .filter((l) => statusAt(l.id, m) === "npl")
        .map((l) => [slicesOf(l.enterpriseId, l.institutionId), BigInt(l.amountFen)]),
    ),
  );
  // 到期未续未结清 at the end of M: matured by then (its maturity date in M or before) and not settled as of M
  // (a renewal settles the loan it renews).
  const maturedUnsettled = (m: string) =>
    loanRows.filter((l) => maturityDateOf(l.disbursedOn, l.termMonths).slice(0, 7) <= m && statusAt(l.id, m) !== "settled");
  stock("maturedUnsettledDelta", (m) => tally(maturedUnsettled(m).map((l) => [slicesOf(l.enterpriseId, l.institutionId), 1n])));
  stock("maturedUnsettledAmountDelta", (m) =>
    tally(maturedUnsettled(m).map((l) => [slicesOf(l.enterpriseId, l.institutionId), BigInt(l.amountFen)])),
  );
  // Risk-compensation pools: enrolments, cover still in force at the end of M, payouts, recoveries, balance.
  const loanById = new Map(loanRows.map((l) => [l.id, l]));
  const loanSlices = (loanId: number | null) => {
    const l = loanId === null ? undefined : loanById.get(loanId);
    return l ? slicesOf(l.enterpriseId, l.institutionId) : slicesOf(null, null);
  };
  const enrolments = db.select().from(riskPoolEnrolments).all();
  for (const e of enrolments)
    flow(e.enrolledAt, loanSlices(e.loanId), { poolEnrolmentsCount: 1n, poolEnrolmentsAmount: BigInt(e.amountFen) });
  stock("coveredOutstandingDelta", (m) =>
    tally(
      enrolments
        .filter((e) => monthOf(e.enrolledAt) <= m && (e.releasedAt === null || monthOf(Math.max(e.enrolledAt, e.releasedAt)) > m))
        .map((e) => [loanSlices(e.loanId), BigInt(e.amountFen)]),
    ),
  );
  const ledger = db.select().from(riskPoolLedger).all();
  for (const g of ledger) {
    if (g.kind === "payout") flow(g.at, loanSlices(g.loanId), { compensationsCount: 1n, compensationsAmount: BigInt(-g.amountFen) });
    if (g.kind === "recovery") flow(g.at, loanSlices(g.loanId), { recoveriesAmount: BigInt(g.amountFen) });
  }
  stock("poolBalanceDelta", (m) =>
    tally(ledger.filter((g) => monthOf(g.at) <= m).map((g) => [[{ dim: "total", key: "" }], BigInt(g.amountFen)])),
  );
  return out;
}

/** The engine's figures for a month (the trigger-maintained cells), keyed like the reference's. */
export function enginePeriods(db: AppDatabase, month: string): Map<string, Periods> {
  const report = computeReport(db, month);
  const engine = new Map<string, Periods>([["total:", report.total]]);
  for (const [dim, slices] of Object.entries(report.breakdowns)) for (const s of slices) engine.set(`${dim}:${s.key}`, s.periods);
  return engine;
}

/** Every non-zero figure as "slice period measure" → value, so two sets compare in one assertion. */
export function comparable(periods: Map<string, Periods>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, p] of periods) {
    for (const period of ["month", "ytd", "cumulative"] as const) {
      for (const m of MEASURES) if (p[period][m] !== 0n) out[`${id} ${period} ${m}`] = p[period][m].toString();
    }
  }
  return out;
}
