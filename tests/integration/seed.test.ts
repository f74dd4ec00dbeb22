import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { startOfDate } from "~/lib/time";
import { isValidUscc } from "~/lib/uscc";
import { DISTRICT_CODES } from "~/lib/reference";
import { authenticate, registerEnterprise } from "~/services/accounts.server";
import { scoreHistory } from "~/services/scoring.server";
import { seedDemoCity } from "~db/seed";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed/accounts";
import { UNREGISTERED_DEMO } from "~db/seed/credit";
import { enterprises, institutions, users } from "~db/schema";
import { createTestDatabase } from "../support/db";

const OPTIONS = { seed: 42, enterprises: 2000, months: 24, asOf: "2026-11-15" };

type Count = { n: number };

async function seeded(options = OPTIONS) {
  const { db } = createTestDatabase();
  const lines: string[] = [];
  await seedDemoCity(db, options, (line) => lines.push(line));
  return { db, lines };
}

describe("demo city", async () => {
  const { db, lines } = await seeded();

  it("has ~2,000 enterprises with valid, unique USCCs across all 10 districts and 20 sections", () => {
    const rows = db
      .select({ uscc: enterprises.uscc, district: enterprises.districtCode, section: enterprises.industrySection })
      .from(enterprises)
      .all();
    expect(rows).toHaveLength(2000);
    expect(rows.every((r) => isValidUscc(r.uscc))).toBe(true);
    expect(new Set(rows.map((r) => r.uscc)).size).toBe(2000);
    expect(new Set(rows.map((r) => r.district))).toEqual(new Set(DISTRICT_CODES));
    expect(new Set(rows.map((r) => r.section)).size).toBe(20);
  });

  it("is weighted like a manufacturing city", () => {
    const bySection = db
      .select({ section: enterprises.industrySection, n: count() })
      .from(enterprises)
      .groupBy(enterprises.industrySection)
      .all();
    const share = (s: string) => (bySection.find((r) => r.section === s)?.n ?? 0) / 2000;
    expect(share("C")).toBeGreaterThan(0.3);
    expect(share("F")).toBeGreaterThan(0.12);
    expect(share("C")).toBeGreaterThan(share("F"));
  });

  it("has 10+ institutions of several kinds, each with a bank admin and officers", () => {
    const rows = db.select().from(institutions).all();
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(new Set(rows.map((r) => r.kind)).size).toBeGreaterThanOrEqual(5);
    for (const institution of rows) {
      const staff = db.select({ role: users.role }).from(users).where(eq(users.institutionId, institution.id)).all();
      expect(staff.filter((s) => s.role === "bank_admin")).toHaveLength(1);
      expect(staff.filter((s) => s.role === "bank_officer").length).toBeGreaterThanOrEqual(2);
    }
  });

  it("registers enterprises over the whole history, none after 'as of'", () => {
    const span = db.get<{ first: number; last: number; months: number }>(
      sql`select min(registered_at) as first, max(registered_at) as last,
                 count(distinct strftime('%Y-%m', registered_at / 1000, 'unixepoch', '+8 hours')) as months from enterprises`,
    );
    expect(span.months).toBe(24);
    expect(span.last).toBeLessThan(Date.parse("2026-11-15T16:00:00Z"));
  });

  it.each(DEMO_ACCOUNTS)("lets the README's $role account $username sign in", async ({ username, role }) => {
    expect(await authenticate(db, username, DEMO_PASSWORD, Date.now())).toMatchObject({ ok: true, role });
  });

  it("reports progress step by step", () => {
    expect(lines.some((l) => l.startsWith("[1/"))).toBe(true);
    expect(lines.at(-1)).toMatch(/演示数据生成完毕/);
  });

  describe("credit data", () => {
    const share = (part: number, whole: number) => part / whole;

    it("has every enterprise's electricity, over the 24 months before 'as of', delivered by its provider", () => {
      const span = db.get<{ firms: number; first: string; last: string }>(
        sql`select count(distinct enterprise_id) as firms, min(month) as first, max(month) as last from credit_monthly where source = 'electricity'`,
      );
      expect(span).toEqual({ firms: 2000, first: "2024-11", last: "2026-10" });
      const bySource = db.all<{ source: string; firms: number }>(
        sql`select source, count(distinct enterprise_id) as firms from credit_monthly group by source`,
      );
      expect(bySource.map((r) => r.source).sort()).toEqual(["electricity", "gas", "housing_fund", "social_insurance", "tax", "water"]);
      // Not every firm pays into the housing fund.
      const fund = bySource.find((r) => r.source === "housing_fund")!.firms;
      expect(fund).toBeGreaterThan(400);
      expect(fund).toBeLessThan(1400);
    });

    it("starts a firm founded inside the window at its founding month", () => {
      const early = db.get<Count>(
        sql`select count(*) as n from credit_monthly m join enterprises e on e.id = m.enterprise_id where m.month < substr(e.established_on, 1, 7)`,
      );
      expect(early.n).toBe(0);
      const young = db.get<Count>(sql`select count(*) as n from enterprises where established_on >= '2024-12-01'`);
      expect(young.n).toBeGreaterThan(0);
    });

    it("has gaps as missing rows, never as rows of zeros", () => {
      const gaps = db.get<Count>(
        sql`with s as (select enterprise_id, source, count(*) as n, min(month) as a, max(month) as b from credit_monthly group by enterprise_id, source)
            select count(*) as n from s where n < (cast(substr(b, 1, 4) as int) * 12 + cast(substr(b, 6, 2) as int)) - (cast(substr(a, 1, 4) as int) * 12 + cast(substr(a, 6, 2) as int)) + 1`,
      );
      expect(gaps.n).toBeGreaterThan(50);
      const zeros = db.get<Count>(
        sql`select count(*) as n from credit_monthly where (source in ('electricity', 'water', 'gas') and (quantity is null or quantity = 0 or billed_fen = 0))
              or (source in ('social_insurance', 'housing_fund') and (headcount is null or headcount = 0)) or paid_on_time is null`,
      );
      expect(zeros.n).toBe(0);
    });

    it("has a minority of late payers, some still owing, and they collect more penalties and C/D grades", () => {
      const firms = db.all<{ late: number; penalties: number; weakGrade: number }>(
        sql`select exists(select 1 from credit_monthly m where m.enterprise_id = e.id and m.paid_on_time = 0) as late,
                   exists(select 1 from credit_events v where v.enterprise_id = e.id and v.kind = 'penalty') as penalties,
                   exists(select 1 from credit_tax_grades g where g.enterprise_id = e.id and g.grade in ('C', 'D')) as weakGrade
            from enterprises e`,
      );
      const late = firms.filter((f) => f.late);
      const punctual = firms.filter((f) => !f.late);
      expect(share(late.length, firms.length)).toBeGreaterThan(0.04);
      expect(share(late.length, firms.length)).toBeLessThan(0.25);
      const rate = (list: typeof firms, key: "penalties" | "weakGrade") => share(list.filter((f) => f[key]).length, list.length);
      expect(rate(late, "penalties")).toBeGreaterThan(2 * rate(punctual, "penalties"));
      expect(rate(late, "weakGrade")).toBeGreaterThan(2 * rate(punctual, "weakGrade"));
      const owing = db.get<Count>(sql`select count(*) as n from credit_monthly where month = '2026-10' and arrears_fen > 0`);
      expect(owing.n).toBeGreaterThan(0);
    });

    it("grades the last two assessed years about as the tax bureau does: A ~20%, B ~45%, M ~20%, C ~10%, D a few %", () => {
      const rows = db.all<{ year: number; grade: string; n: number }>(
        sql`select year, grade, count(*) as n from credit_tax_grades group by year, grade`,
      );
      expect([...new Set(rows.map((r) => r.year))].sort()).toEqual([2024, 2025]);
      for (const year of [2024, 2025]) {
        const total = rows.filter((r) => r.year === year).reduce((a, r) => a + r.n, 0);
        const pct = (grade: string) => share(rows.find((r) => r.year === year && r.grade === grade)?.n ?? 0, total);
        expect(pct("A")).toBeGreaterThan(0.15);
        expect(pct("A")).toBeLessThan(0.25);
        expect(pct("B")).toBeGreaterThan(0.38);
        expect(pct("B")).toBeLessThan(0.52);
        expect(pct("M")).toBeGreaterThan(0.14);
        expect(pct("M")).toBeLessThan(0.26);
        expect(pct("C")).toBeGreaterThan(0.06);
        expect(pct("C")).toBeLessThan(0.15);
        expect(pct("D")).toBeGreaterThan(0.01);
        expect(pct("D")).toBeLessThan(0.06);
      }
    });

    it("has public records of every kind, with penalty severities, references and authorities", () => {
      const kinds = db.all<{ kind: string; n: number }>(sql`select kind, count(*) as n from credit_events group by kind`);
      expect(kinds.map((k) => k.kind).sort()).toEqual([
        "commitment_breach",
        "credit_repair",
        "dishonest_entry",
        "dishonest_exit",
        "enforcement_closed",
        "enforcement_open",
        "honour",
        "penalty",
      ]);
      const severities = db.all<{ severity: string }>(sql`select distinct severity from credit_events where kind = 'penalty'`);
      expect(severities.map((s) => s.severity).sort()).toEqual(["general", "grave", "serious"]);
      const listed = kinds.find((k) => k.kind === "dishonest_entry")!.n;
      expect(listed).toBeLessThan(40); // a few, not a scandal
      // Every exit ends the listing it names, and every repair names the firm's record and its kind.
      const unnamed = db.get<Count>(
        sql`select count(*) as n from credit_events x where x.kind = 'dishonest_exit' and not exists
              (select 1 from credit_events l where l.uscc = x.uscc and l.kind = 'dishonest_entry' and l.reference = x.listing_reference)`,
      );
      expect(unnamed.n).toBe(0);
      const unheld = db.get<Count>(
        sql`select count(*) as n from credit_events r where r.kind = 'credit_repair' and not exists
              (select 1 from credit_events t where t.uscc = r.uscc and t.kind = r.repairs_kind and t.reference = r.repairs_reference)`,
      );
      expect(unheld.n).toBe(0);
    });

    it("traces every credit value to an applied seed batch of the provider of its source", () => {
      const untraced = db.get<Count>(
        sql`select (select count(*) from credit_monthly m left join credit_batches b on b.id = m.batch_id
                      where b.id is null or b.status <> 'applied' or b.origin <> 'seed' or b.source <> m.source or b.month <> m.month
                         or not exists (select 1 from data_providers p, json_each(p.sources) s where p.id = b.provider_id and s.value = m.source))
                  + (select count(*) from credit_tax_grades g left join credit_batches b on b.id = g.batch_id
                      where b.id is null or b.kind <> 'tax_grade' or b.provider_id <> (select id from data_providers where name = '国家税务总局苏州市税务局'))
                  + (select count(*) from credit_events v left join credit_batches b on b.id = v.batch_id
                      where b.id is null or b.kind <> 'event' or b.provider_id <> (select id from data_providers where name = '苏州市公共信用信息中心')) as n`,
      );
      expect(untraced.n).toBe(0);
      const miscounted = db.get<Count>(
        sql`select count(*) as n from credit_batches b where b.rows_accepted <> (select count(*) from credit_monthly m where m.batch_id = b.id)
              + (select count(*) from credit_tax_grades g where g.batch_id = b.id) + (select count(*) from credit_events v where v.batch_id = b.id)
              + (select count(*) from business_registry r where r.batch_id = b.id)`,
      );
      expect(miscounted.n).toBe(0);
      expect(db.get<Count>(sql`select count(*) as n from credit_batches where kind = 'monthly'`).n).toBe(6 * 24);
    });

    it("makes the last 12 months of electricity whole-city files, most rows for firms not on the portal, kept and counted", async () => {
      const files = db.all<{ total: number; unregistered: number; kept: number }>(
        sql`select b.rows_total as total, b.rows_unregistered as unregistered,
                   (select count(*) from credit_monthly m where m.batch_id = b.id and m.enterprise_id is null) as kept
            from credit_batches b where b.kind = 'monthly' and b.source = 'electricity' order by b.month desc limit 12`,
      );
      expect(files).toHaveLength(12);
      for (const f of files) {
        expect(f.unregistered / f.total).toBeGreaterThan(0.5);
        expect(f.kept).toBe(f.unregistered);
      }
      // The README's firm registers against the registry and arrives with its year of data and a score.
      const outcome = await registerEnterprise(
        db,
        {
          uscc: UNREGISTERED_DEMO.uscc,
          name: UNREGISTERED_DEMO.name,
          legalRepName: UNREGISTERED_DEMO.legalRepName,
          districtCode: UNREGISTERED_DEMO.districtCode,
          industrySection: UNREGISTERED_DEMO.industry,
          size: UNREGISTERED_DEMO.size,
          establishedOn: UNREGISTERED_DEMO.establishedOn,
          contactName: "陆小明",
          contactPhone: "13912340000",
          password: "Xyd#2026-secure",
          passwordConfirm: "Xyd#2026-secure",
          consent: "yes",
        },
        Date.parse("2026-11-16T02:00:00Z"),
      );
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.fieldErrors));
      expect(outcome.attachedCreditRows).toBe(12);
      expect(db.get<{ n: number }>(sql`select count(*) as n from credit_scores where enterprise_id = ${outcome.enterpriseId}`).n).toBe(1);
      expect(db.get<{ c: string }>(sql`select registry_check as c from enterprises where id = ${outcome.enterpriseId}`).c).toBe("matched");
    });

    it("gives the README's demo enterprises their stories", () => {
      const of = (uscc: string) => db.get<{ id: number }>(sql`select id from enterprises where uscc = ${uscc}`).id;
      const clean = of("9132050852601815XM");
      expect(
        db.get<Count>(sql`select count(*) as n from credit_monthly where enterprise_id = ${clean} and paid_on_time = 1 and arrears_fen = 0`)
          .n,
      ).toBe(6 * 24);
      expect(db.all(sql`select grade from credit_tax_grades where enterprise_id = ${clean}`)).toEqual([{ grade: "A" }, { grade: "A" }]);
      expect(db.get<Count>(sql`select count(*) as n from credit_events where enterprise_id = ${clean} and kind <> 'honour'`).n).toBe(0);

      const late = of("91320571908301663W");
      const misread = db.get<{ quantity: number; usual: number; arrears: number }>(
        sql`select m.quantity, (select avg(quantity) from credit_monthly o where o.enterprise_id = m.enterprise_id and o.source = 'electricity') as usual, m.arrears_fen as arrears
            from credit_monthly m where m.enterprise_id = ${late} and m.source = 'electricity' and m.paid_on_time = 0`,
      );
      expect(misread.quantity).toBeGreaterThan(4 * misread.usual);
      expect(misread.arrears).toBeGreaterThan(0);
      expect(db.all(sql`select kind from credit_events where enterprise_id = ${late} order by occurred_on`)).toEqual([
        { kind: "penalty" },
        { kind: "credit_repair" },
      ]);

      const dishonest = of("91320583131860916J");
      const kinds = db.all<{ kind: string }>(sql`select kind from credit_events where enterprise_id = ${dishonest}`).map((k) => k.kind);
      expect(kinds).toContain("dishonest_entry");
      expect(kinds).not.toContain("dishonest_exit");
      expect(
        db.get<{ grade: string }>(sql`select grade from credit_tax_grades where enterprise_id = ${dishonest} and year = 2025`).grade,
      ).toBe("D");
    });
  });

  it("gives enterprises six months of score history before today's: the late payer's grade falls, the clean firm's holds", () => {
    const historyOf = (uscc: string) =>
      scoreHistory(db, db.get<{ id: number }>(sql`select id from enterprises where uscc = ${uscc}`).id).map((h) => [h.asOfMonth, h.grade]);
    const months = ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"];
    expect(historyOf("9132050852601815XM")).toEqual(months.map((m) => [m, "A"]));
    const late = historyOf("91320571908301663W");
    expect(late.map(([m]) => m)).toEqual(months);
    expect(late[0]![1]! < late.at(-1)![1]!).toBe(true);
    // Nobody is scored for a month before registering on the platform.
    const early = db.get<{ n: number }>(
      sql`select count(*) as n from credit_scores s join enterprises e on e.id = s.enterprise_id where s.computed_at < e.registered_at`,
    ).n;
    expect(early).toBe(0);
  });

  it("holds 信用修复 applications in every state, one past its deadline, a few 违诺, and a signed 信用承诺 on every need", () => {
    const states = db.all<{ status: string; n: number }>(
      sql`select status, count(*) as n from credit_repairs group by status order by status`,
    );
    expect(states.map((s) => s.status)).toEqual(["accepted", "more_requested", "refused", "submitted", "withdrawn"]);
    const overdue = db.get<Count>(
      sql`select count(*) as n from credit_repairs where status = 'submitted' and due_at < ${startOfDate(OPTIONS.asOf)}`,
    );
    expect(overdue.n).toBeGreaterThanOrEqual(1);
    // Every accepted repair wrote its credit_repair record, naming the record it repairs.
    const unwritten = db.get<Count>(
      sql`select count(*) as n from credit_repairs r where r.status = 'accepted' and not exists
            (select 1 from credit_events e where e.batch_id = r.repair_batch_id and e.kind = 'credit_repair' and e.repairs_reference = r.event_reference)`,
    );
    expect(unwritten.n).toBe(0);
    const breaches = db.get<Count>(sql`select count(*) as n from commitment_breaches`).n;
    expect(breaches).toBeGreaterThanOrEqual(1);
    expect(db.get<Count>(sql`select count(*) as n from credit_events where kind = 'commitment_breach'`).n).toBe(breaches);
    expect(
      db.get<Count>(
        sql`select count(*) as n from needs n where not exists (select 1 from commitments c where c.kind = 'need' and c.subject_id = n.id)`,
      ).n,
    ).toBe(0);
    // The README's firms keep their stories.
    expect(
      db.get<Count>(
        sql`select count(*) as n from credit_repairs r join enterprises e on e.id = r.enterprise_id where e.uscc in ('9132050852601815XM', '91320571908301663W', '91320583131860916J')`,
      ).n,
    ).toBe(0);
  });

  it("is the same city for the same seed, and another for another seed", async () => {
    // Small cities: the point is determinism, not size.
    const small = { ...OPTIONS, enterprises: 150, months: 12 };
    const [first, again, other] = [await seeded(small), await seeded(small), await seeded({ ...small, seed: 43 })];
    const snapshot = (d: typeof db) => ({
      enterprises: d.all(
        sql`select e.uscc, e.name, e.district_code, e.registered_at, u.id from enterprises e join users u on u.enterprise_id = e.id order by e.id`,
      ),
      credit: d.all(
        sql`select enterprise_id, source, month, quantity, billed_fen, paid_fen, paid_on_time, arrears_fen, headcount, tax_paid_fen, batch_id from credit_monthly order by id`,
      ),
      grades: d.all(sql`select enterprise_id, year, grade from credit_tax_grades order by id`),
      events: d.all(
        sql`select enterprise_id, kind, occurred_on, severity, reference, authority, description from credit_events order by id`,
      ),
      batches: d.all(sql`select content_hash, created_at from credit_batches order by id`),
    });
    expect(snapshot(again.db)).toEqual(snapshot(first.db));
    expect(snapshot(other.db).enterprises).not.toEqual(snapshot(first.db).enterprises);
    expect(snapshot(other.db).credit).not.toEqual(snapshot(first.db).credit);
  });
});
