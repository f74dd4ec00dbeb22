import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { isValidUscc } from "~/lib/uscc";
import { DISTRICT_CODES } from "~/lib/reference";
import { authenticate } from "~/services/accounts.server";
import { seedDemoCity } from "~db/seed";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed/accounts";
import { enterprises, institutions, users } from "~db/schema";
import { createTestDatabase } from "../support/db";

const OPTIONS = { seed: 42, enterprises: 2000, months: 24, asOf: "2026-11-15" };

async function seeded(options = OPTIONS) {
  const { db } = createTestDatabase();
  const lines: string[] = [];
  await seedDemoCity(db, options, (line) => lines.push(line));
  return { db, lines };
}

describe("demo city", async () => {
  const { db, lines } = await seeded();

  it("has ~2,000 enterprises with valid, unique USCCs across all 10 districts and 20 sections", () => {
    const rows = db.select({ uscc: enterprises.uscc, district: enterprises.districtCode, section: enterprises.industrySection }).from(enterprises).all();
    expect(rows).toHaveLength(2000);
    expect(rows.every((r) => isValidUscc(r.uscc))).toBe(true);
    expect(new Set(rows.map((r) => r.uscc)).size).toBe(2000);
    expect(new Set(rows.map((r) => r.district))).toEqual(new Set(DISTRICT_CODES));
    expect(new Set(rows.map((r) => r.section)).size).toBe(20);
  });

  it("is weighted like a manufacturing city", () => {
    const bySection = db.select({ section: enterprises.industrySection, n: count() }).from(enterprises).groupBy(enterprises.industrySection).all();
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

  it("is the same city for the same seed, and another for another seed", async () => {
    const again = await seeded();
    const snapshot = (d: typeof db) =>
      d.all(sql`select e.uscc, e.name, e.district_code, e.registered_at, u.id from enterprises e join users u on u.enterprise_id = e.id order by e.id`);
    expect(snapshot(again.db)).toEqual(snapshot(db));
    const other = await seeded({ ...OPTIONS, seed: 43 });
    expect(snapshot(other.db)).not.toEqual(snapshot(db));
  });
});
