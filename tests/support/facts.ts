/**
 * Writes marketplace facts straight into the tables with exact times, for tests that must control
 * every number (statistics). Times are given as Shanghai wall-clock text: "2026-03-02 09:00".
 */
import { eq } from "drizzle-orm";
import { getTableColumns, getTableName } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { DisbursementChannel, GuaranteeMode, LoanStatus } from "~/domain/marketplace";
import type { PoolLedgerKind, PoolReleaseReason } from "~/domain/risk-pools";
import { buildUscc } from "~/lib/uscc";
import { startOfDate } from "~/lib/time";
import type { AppDatabase } from "~db/connection";
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
  riskPools,
  users,
} from "~db/schema";

/** "2026-03-02 09:00" (Asia/Shanghai) → epoch ms. */
export function at(text: string): number {
  const [date, time = "00:00"] = text.split(" ");
  const [h, m] = time.split(":").map(Number) as [number, number];
  return startOfDate(date!) + (h * 60 + m) * 60_000;
}

const WAN = 1_000_000; // fen per 万元

export function wan(amount: number): number {
  return Math.round(amount * WAN);
}

export function createFacts(db: AppDatabase) {
  let serial = 0;
  const officer = new Map<number, string>();
  return {
    enterprise(opts: { district: string; industry: string; size: "micro" | "small" | "medium"; registered: string; uscc?: string }) {
      serial += 1;
      return db
        .insert(enterprises)
        .values({
          uscc: opts.uscc ?? buildUscc("91", opts.district, String(10_000_000 + serial)),
          name: `测试企业${serial}有限公司`,
          districtCode: opts.district,
          industrySection: opts.industry,
          size: opts.size,
          establishedOn: "2015-01-01",
          legalRepName: "张三",
          contactName: "李四",
          contactPhone: "13800000000",
          registeredAt: at(opts.registered),
        })
        .returning()
        .get().id;
    },
    institution(opts: { name: string; joined: string; left?: string }) {
      const id = db
        .insert(institutions)
        .values({
          name: opts.name,
          shortName: opts.name,
          kind: "city_bank",
          joinedAt: at(opts.joined),
          disabledAt: opts.left ? at(opts.left) : null,
        })
        .returning()
        .get().id;
      const userId = `officer-${id}`;
      db.insert(users)
        .values({
          id: userId,
          username: userId,
          passwordHash: "x",
          role: "bank_officer",
          displayName: "经理",
          institutionId: id,
          createdAt: 0,
        })
        .run();
      officer.set(id, userId);
      return id;
    },
    product(institutionId: number, listings: { listed: string; delisted?: string }[]) {
      const id = db
        .insert(products)
        .values({
          institutionId,
          name: `产品${++serial}`,
          amountMinFen: wan(1),
          amountMaxFen: wan(1000),
          rateMinBp: 300,
          rateMaxBp: 800,
          termMinMonths: 1,
          termMaxMonths: 36,
          guaranteeModes: ["credit"],
          tags: [],
          listed: listings.some((l) => !l.delisted),
          createdAt: 0,
          updatedAt: 0,
        })
        .returning()
        .get().id;
      for (const l of listings) {
        db.insert(productListings)
          .values({ productId: id, listedAt: at(l.listed), delistedAt: l.delisted ? at(l.delisted) : null })
          .run();
      }
      return id;
    },
    need(enterpriseId: number, amountWan: number, posted: string) {
      return db
        .insert(needs)
        .values({
          enterpriseId,
          amountFen: wan(amountWan),
          termMonths: 12,
          purpose: "流动资金",
          postedAt: at(posted),
          expiresOn: "2099-12-31",
          updatedAt: at(posted),
        })
        .returning()
        .get().id;
    },
    claim(
      needId: number,
      institutionId: number,
      claimed: string,
      decision?: { granted: string; amountWan: number } | { rejected: string },
    ) {
      const granted = decision && "granted" in decision ? decision : null;
      const rejected = decision && "rejected" in decision ? decision : null;
      return db
        .insert(claims)
        .values({
          needId,
          institutionId,
          officerUserId: officer.get(institutionId)!,
          status: granted ? "granted" : rejected ? "rejected" : "claimed",
          claimedAt: at(claimed),
          decidedAt: granted ? at(granted.granted) : rejected ? at(rejected.rejected) : null,
          grantedAt: granted ? at(granted.granted) : null,
          grantedAmountFen: granted ? wan(granted.amountWan) : null,
          grantedRateBp: granted ? 400 : null,
          grantedTermMonths: granted ? 12 : null,
          rejectReasonCode: rejected ? "insufficient_cash_flow" : null,
        })
        .returning()
        .get().id;
    },
    loan(
      claimId: number,
      opts: {
        disbursedOn: string;
        amountWan: number;
        rateBp: number;
        mode: GuaranteeMode;
        termMonths?: number;
        channel?: DisbursementChannel;
        productId?: number;
      },
    ) {
      const claim = db.select().from(claims).where(eq(claims.id, claimId)).get()!;
      const need = db.select().from(needs).where(eq(needs.id, claim.needId)).get()!;
      return insertKnownColumns(db, loans, {
        claimId,
        needId: need.id,
        enterpriseId: need.enterpriseId,
        institutionId: claim.institutionId,
        amountFen: wan(opts.amountWan),
        rateBp: opts.rateBp,
        termMonths: opts.termMonths ?? 12,
        guaranteeMode: opts.mode,
        disbursedOn: opts.disbursedOn,
        disbursedAt: startOfDate(opts.disbursedOn),
        recordedAt: startOfDate(opts.disbursedOn),
        channel: opts.channel,
        productId: opts.productId,
      });
    },
    /** 无还本续贷 as an approval writes it: the new loan on the old one's need, the old one settled that month. */
    renewal(
      loanId: number,
      opts: { disbursedOn: string; amountWan: number; rateBp: number; termMonths: number; channel?: DisbursementChannel },
    ) {
      const old = db.select().from(loans).where(eq(loans.id, loanId)).get()!;
      const id = db
        .insert(loans)
        .values({
          renewsLoanId: loanId,
          needId: old.needId,
          enterpriseId: old.enterpriseId,
          institutionId: old.institutionId,
          productId: old.productId,
          amountFen: wan(opts.amountWan),
          rateBp: opts.rateBp,
          termMonths: opts.termMonths,
          guaranteeMode: old.guaranteeMode,
          disbursedOn: opts.disbursedOn,
          disbursedAt: startOfDate(opts.disbursedOn),
          recordedAt: startOfDate(opts.disbursedOn),
          channel: opts.channel,
        })
        .returning()
        .get().id;
      this.status(loanId, opts.disbursedOn.slice(0, 7), "settled");
      return id;
    },
    /** A risk-compensation pool and its capital (a ledger row at creation). */
    pool(opts: { name: string; district?: string; capitalWan: number; created: string }) {
      const id = db
        .insert(riskPools)
        .values({
          name: opts.name,
          sponsorDistrictCode: opts.district ?? null,
          capitalFen: wan(opts.capitalWan),
          lossShareBp: 5000,
          capPerLoanFen: wan(100),
          capPerYearFen: wan(150),
          leverageLimit: 10,
          createdAt: at(opts.created),
        })
        .returning()
        .get().id;
      this.ledger(id, "capital", opts.capitalWan, opts.created);
      return id;
    },
    /** A loan enrolled in a pool from its disbursement. */
    enrol(poolId: number, loanId: number) {
      const loan = db.select().from(loans).where(eq(loans.id, loanId)).get()!;
      db.insert(riskPoolEnrolments).values({ poolId, loanId, amountFen: loan.amountFen, enrolledAt: loan.disbursedAt }).run();
    },
    release(loanId: number, released: string, reason: PoolReleaseReason) {
      db.update(riskPoolEnrolments)
        .set({ releasedAt: at(released), releaseReason: reason })
        .where(eq(riskPoolEnrolments.loanId, loanId))
        .run();
    },
    /** A ledger movement; a payout's amount is given positive and stored negative. */
    ledger(poolId: number, kind: PoolLedgerKind, amountWan: number, when: string, loanId?: number) {
      db.insert(riskPoolLedger)
        .values({ poolId, kind, amountFen: (kind === "payout" ? -1 : 1) * wan(amountWan), loanId: loanId ?? null, at: at(when) })
        .run();
    },
    status(loanId: number, month: string, status: LoanStatus) {
      db.insert(loanStatusReports).values({ loanId, month, status, reportedAt: 0 }).run();
    },
  };
}

/**
 * Inserts a row naming only the columns the table has in this database, so that facts can be written
 * into a database migrated to an earlier schema (tests/integration/statistics-triggers.test.ts).
 */
function insertKnownColumns(db: AppDatabase, table: SQLiteTable, values: Record<string, string | number | null | undefined>): number {
  const present = new Set((db.$client.pragma(`table_info(${getTableName(table)})`) as { name: string }[]).map((c) => c.name));
  const columns = Object.entries(getTableColumns(table)).filter(([key, column]) => values[key] !== undefined && present.has(column.name));
  const names = columns.map(([, column]) => `"${column.name}"`).join(", ");
  const sql = `INSERT INTO "${getTableName(table)}" (${names}) VALUES (${columns.map(() => "?").join(", ")}) RETURNING id`;
  return (db.$client.prepare(sql).get(...columns.map(([key]) => values[key])) as { id: number }).id;
}

/** Registers enterprises under given USCCs (e.g. tests/fixtures/uscc-examples.json), so credit data about them is accepted. */
export function registerEnterprises(db: AppDatabase, usccs: readonly string[]): void {
  const f = createFacts(db);
  for (const uscc of usccs) f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2026-01-10 09:00", uscc });
}
