/** The credit profile: the enterprise's own view, and an officer's reads — authorized, logged, or refused. */
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/auth/session.server";
import { monthlySeries } from "~/lib/credit-items";
import { createAuthorization, listAuthorizations, revokeAuthorization } from "~/services/authorizations.server";
import { enterpriseCreditData, listQueryLog, readProfileAsOfficer } from "~/services/credit-profile.server";
import { fileObjection } from "~/services/objections.server";
import { seedDemoCity } from "~db/seed";
import { creditMonthly, creditQueryLog } from "~db/schema";
import { enterpriseUser, ingest, sessionOf } from "../support/credit";
import { currentScore } from "~/services/scoring.server";
import { createTestDatabase } from "../support/db";
import { at, createFacts } from "../support/facts";

const { db } = createTestDatabase();
const T0 = at("2026-11-16 10:00");

let sme: SessionUser & { uscc: string };
let empty: SessionUser;
let szOfficer: SessionUser;
let icbcOfficer: SessionUser;

const logRows = () => db.select({ n: count() }).from(creditQueryLog).get()!.n;
const power = (month: string, quantity: number) => ({
  uscc: sme.uscc,
  source: "electricity",
  month,
  quantity,
  billedFen: "800.00",
  paidFen: "800.00",
  paidOnTime: "是",
});

beforeAll(async () => {
  await seedDemoCity(db, { seed: 12, enterprises: 12, months: 2, asOf: "2026-11-01" });
  const f = createFacts(db);
  sme = enterpriseUser(db, f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2026-01-05 10:00" }));
  empty = enterpriseUser(db, f.enterprise({ district: "320508", industry: "I", size: "micro", registered: "2026-01-06 10:00" }));
  // An open need every bank may claim: the banks have reason to look the firm up (without it, 404).
  f.need(sme.enterpriseId!, 100, "2026-11-10 09:00");
  szOfficer = sessionOf(db, "szbank_officer");
  icbcOfficer = sessionOf(db, "icbc_officer");
  // August and October reported, September missing.
  ingest(db, "monthly", [power("2026-08", 12_345), power("2026-10", 13_000)], T0);
  ingest(db, "monthly", [{ uscc: sme.uscc, source: "tax", month: "2026-10", taxPaidFen: "52,300.00", paidOnTime: "是" }], T0);
  ingest(db, "tax_grade", [{ uscc: sme.uscc, year: 2025, grade: "A" }], T0);
  ingest(
    db,
    "event",
    [
      {
        uscc: sme.uscc,
        kind: "honour",
        occurredOn: "2026-04-20",
        reference: "苏税信〔2026〕8号",
        authority: "国家税务总局苏州市税务局",
        description: "2025年度A级纳税人",
      },
    ],
    T0,
  );
  // A provider's later correction of October: the old value becomes history.
  ingest(db, "monthly", [power("2026-10", 13_100)], T0 + 1000);
});

describe("the enterprise's own data", () => {
  it("shows current values per source, with a missing month as a gap", () => {
    const data = enterpriseCreditData(db, sme.enterpriseId!, "2026-07", "2026-11");
    expect(data.hasData).toBe(true);
    expect(data.months).toEqual(["2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]);
    expect(data.monthly.electricity.map((r) => [r.month, r.quantity, r.paidOnTime])).toEqual([
      ["2026-08", 12_345, true],
      ["2026-10", 13_100, true],
    ]);
    expect(monthlySeries(data.months, data.monthly.electricity, (r) => r.quantity)).toEqual([null, 12_345, null, 13_100, null]);
    expect(data.monthly.tax[0]).toMatchObject({ month: "2026-10", taxPaidFen: 5_230_000 });
    expect(data.monthly.water).toEqual([]);
    expect(data.taxGrades.map((g) => [g.year, g.grade])).toEqual([[2025, "A"]]);
    expect(data.events.map((e) => e.reference)).toEqual(["苏税信〔2026〕8号"]);
    // The superseded 13,000 is kept, just not shown as current.
    expect(
      db
        .select()
        .from(creditMonthly)
        .where(eq(creditMonthly.enterpriseId, sme.enterpriseId!))
        .all()
        .filter((r) => r.source === "electricity"),
    ).toHaveLength(3);
  });

  it("says there is nothing yet for an enterprise without data", () => {
    const data = enterpriseCreditData(db, empty.enterpriseId!, "2026-07", "2026-11");
    expect(data.hasData).toBe(false);
    expect(data.taxGrades).toEqual([]);
  });
});

describe("an officer's read", () => {
  it("without an authorization returns only the marketplace summary and logs nothing", () => {
    const profile = readProfileAsOfficer(db, szOfficer, sme.enterpriseId!, T0);
    expect(profile).toMatchObject({
      access: "summary",
      noAuthorization: true,
      summary: { id: sme.enterpriseId, size: "小型", score: { grade: currentScore(db, sme.enterpriseId!)!.grade } },
    });
    expect(profile).not.toHaveProperty("credit");
    expect(logRows()).toBe(0);
  });

  it("with an authorization returns the detail and logs exactly that read", () => {
    const granted = createAuthorization(
      db,
      sme,
      { institutionId: szOfficer.institutionId, purpose: "续贷审查", expiresOn: "2026-12-31" },
      T0,
    );
    if (!granted.ok) throw new Error(granted.message);
    const readAt = T0 + 5 * 60_000;
    const profile = readProfileAsOfficer(db, szOfficer, sme.enterpriseId!, readAt);
    if (profile?.access !== "detailed") throw new Error("expected the detailed profile");
    expect(profile.credit.monthly.electricity.map((r) => r.quantity)).toEqual([12_345, 13_100]);
    expect(profile.authorization).toMatchObject({ id: granted.authorizationId, purpose: "续贷审查", forAllInstitutions: false });
    expect(db.select().from(creditQueryLog).all()).toEqual([
      {
        id: expect.any(Number),
        enterpriseId: sme.enterpriseId,
        institutionId: szOfficer.institutionId,
        officerUserId: szOfficer.id,
        authorizationId: granted.authorizationId,
        purpose: "续贷审查",
        at: readAt,
      },
    ]);
    // Another bank is still refused, and its refusal is not logged.
    expect(readProfileAsOfficer(db, icbcOfficer, sme.enterpriseId!, readAt)).toMatchObject({ access: "summary" });
    expect(logRows()).toBe(1);
  });

  it("shows the enterprise who read it: institution in full, officer masked, newest first", () => {
    readProfileAsOfficer(db, szOfficer, sme.enterpriseId!, T0 + 10 * 60_000);
    const { rows, page } = listQueryLog(db, sme.enterpriseId!, 1);
    expect(page.total).toBe(2);
    expect(rows[0]).toMatchObject({
      at: T0 + 10 * 60_000,
      institutionName: expect.stringContaining("苏州银行"),
      purpose: "续贷审查",
      authorizationForAll: false,
    });
    expect(rows[0]!.officerName).toBe([...szOfficer.displayName][0] + "*".repeat([...szOfficer.displayName].length - 1));
    expect(listQueryLog(db, empty.enterpriseId!, 1).rows).toEqual([]);
  });

  it("marks an item under objection in the officer's view too", () => {
    const october = enterpriseCreditData(db, sme.enterpriseId!, "2026-10", "2026-10").monthly.electricity[0]!;
    const filed = fileObjection(db, sme, { itemType: "monthly", itemId: october.id, reason: "十月电表读数有误，实际用电约一万度" }, T0);
    if (!filed.ok) throw new Error(filed.message);
    const profile = readProfileAsOfficer(db, szOfficer, sme.enterpriseId!, T0 + 20 * 60_000);
    if (profile?.access !== "detailed") throw new Error("expected the detailed profile");
    expect(profile.credit.monthly.electricity.map((r) => [r.month, r.openObjectionId])).toEqual([
      ["2026-08", null],
      ["2026-10", filed.objectionId],
    ]);
  });

  it("is refused as if the firm did not exist to a bank with no business with it", () => {
    expect(readProfileAsOfficer(db, szOfficer, empty.enterpriseId!, T0)).toBeNull();
    expect(listQueryLog(db, empty.enterpriseId!, 1).rows).toEqual([]);
  });

  it("ends with the authorization: a revoked one gives the summary again", () => {
    const before = logRows();
    const at = T0 + 30 * 60_000;
    for (const a of listAuthorizations(db, sme.enterpriseId!, at)) revokeAuthorization(db, sme, a.id, at);
    expect(readProfileAsOfficer(db, szOfficer, sme.enterpriseId!, at + 1)).toMatchObject({ access: "summary" });
    expect(logRows()).toBe(before);
  });
});

describe("the query log", () => {
  it("cannot be changed or deleted by anyone", () => {
    expect(() => db.update(creditQueryLog).set({ purpose: "改写" }).run()).toThrow(/append-only/);
    expect(() => db.delete(creditQueryLog).run()).toThrow(/append-only/);
    expect(() => db.$client.prepare("DELETE FROM credit_query_log WHERE enterprise_id = ?").run(sme.enterpriseId)).toThrow(/append-only/);
    expect(logRows()).toBe(3);
    expect(
      db
        .select()
        .from(creditQueryLog)
        .all()
        .every((r) => r.purpose === "续贷审查"),
    ).toBe(true);
  });
});
