/**
 * The working-day calendar and the LPR as data the administrator maintains (issue 16): what the
 * migrations load, entering and correcting a year's notice with its history, the service-level sweep
 * across days the calendar does not cover, the warning on the administrator's home, and the rate
 * ceiling following a newly recorded LPR.
 *
 * The 2027 notice and the LPR values entered below are test data, not the real publications.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { SessionUser } from "~/auth/session.server";
import { parseForm } from "~/lib/forms";
import { addDays, formatDateTime } from "~/lib/time";
import { holidayNoticeSchema, lprSchema } from "~/lib/validation/calendar";
import { productSchema } from "~/lib/validation/marketplace";
import { addWorkingDays } from "~/lib/working-days";
import { calendarStatus, calendarYears, saveHolidayNotice, workingCalendar } from "~/services/calendar.server";
import { flagServiceLevelBreaches, standingBreaches } from "~/services/service-levels.server";
import { lprHistory, lprInEffect, lprQuote, recordLpr } from "~/services/lpr.server";
import type { AppDatabase } from "~db/connection";
import { auditLog, holidayNoticeDays, holidayNotices, lprPublications, needEvents, users } from "~db/schema";
import { createTestDatabase } from "../support/db";
import { at, createFacts } from "../support/facts";

const admin: SessionUser = {
  id: "admin-1",
  username: "root",
  role: "admin",
  displayName: "王管理",
  enterpriseId: null,
  institutionId: null,
};

function freshDatabase(): AppDatabase {
  const { db } = createTestDatabase();
  db.insert(users)
    .values({ id: admin.id, username: admin.username, passwordHash: "x", role: "admin", displayName: admin.displayName, createdAt: 0 })
    .run();
  return db;
}

function notice(form: Record<string, string>) {
  const parsed = parseForm(holidayNoticeSchema, { workdays: "", reason: "", ...form });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
  return parsed.data;
}

const span = (from: string, n: number) => Array.from({ length: n }, (_, i) => addDays(from, i));
const deadline = (db: AppDatabase, from: string, days: number) => {
  const d = addWorkingDays(workingCalendar(db), at(from), days);
  return `${formatDateTime(d.at)}${d.provisional ? " (provisional)" : ""}`;
};

describe("the calendar the migrations load", () => {
  const db = freshDatabase();

  it("holds the 2024–2026 notices exactly as the former constants of app/lib/working-days.ts, and nothing of 2027", () => {
    // The constants as they stood before issue 16, copied here to pin the data migration.
    const HOLIDAYS = [
      "2024-01-01",
      ...span("2024-02-10", 8),
      ...span("2024-04-04", 3),
      ...span("2024-05-01", 5),
      "2024-06-10",
      ...span("2024-09-15", 3),
      ...span("2024-10-01", 7),
      "2025-01-01",
      ...span("2025-01-28", 8),
      ...span("2025-04-04", 3),
      ...span("2025-05-01", 5),
      ...span("2025-05-31", 3),
      ...span("2025-10-01", 8),
      ...span("2026-01-01", 3),
      ...span("2026-02-15", 9),
      ...span("2026-04-04", 3),
      ...span("2026-05-01", 5),
      ...span("2026-06-19", 3),
      ...span("2026-09-25", 3),
      ...span("2026-10-01", 7),
    ];
    const ADJUSTED = [
      "2024-02-04",
      "2024-02-18",
      "2024-04-07",
      "2024-04-28",
      "2024-05-11",
      "2024-09-14",
      "2024-09-29",
      "2024-10-12",
      "2025-01-26",
      "2025-02-08",
      "2025-04-27",
      "2025-09-28",
      "2025-10-11",
      "2026-01-04",
      "2026-02-14",
      "2026-02-28",
      "2026-05-09",
      "2026-09-20",
      "2026-10-10",
    ];
    const calendar = workingCalendar(db);
    expect(calendar.years).toEqual([2024, 2025, 2026]);
    expect([...calendar.holidays].sort()).toEqual([...HOLIDAYS].sort());
    expect([...calendar.adjustedWorkdays].sort()).toEqual([...ADJUSTED].sort());
    expect(
      db
        .select({ year: holidayNotices.year, reference: holidayNotices.reference, by: holidayNotices.enteredByUserId })
        .from(holidayNotices)
        .all(),
    ).toEqual([
      { year: 2024, reference: "国办发明电〔2023〕7号", by: null },
      { year: 2025, reference: "国办发明电〔2024〕12号", by: null },
      { year: 2026, reference: "国办发明电〔2025〕7号", by: null },
    ]);
  });

  it("records the LPR the portal launched with: 3.00% from 2025-05-20, a ceiling of 12.00%", () => {
    expect(lprInEffect(db, at("2026-12-02 09:00"))).toEqual({
      oneYearBp: 300,
      fiveYearBp: null,
      effectiveOn: "2025-05-20",
      ceilingBp: 1200,
      ceilingText: "年化利率不得超过一年期 LPR（3.00%）的4倍，即 12.00%",
    });
  });
});

describe("entering and correcting a year's notice", () => {
  const db = freshDatabase();
  const NOW = at("2026-12-02 09:00");

  it("counts Monday to Friday past 2026, provisionally, until 2027's notice is entered, then exactly at once", () => {
    expect(deadline(db, "2026-12-29 10:00", 3)).toBe("2027-01-01 10:00 (provisional)");
    const outcome = saveHolidayNotice(
      db,
      admin,
      notice({ intent: "create", year: "2027", reference: "国办发明电〔2026〕99号", holidays: "2027-01-01 至 2027-01-03" }),
      NOW,
    );
    expect(outcome).toMatchObject({ ok: true });
    // Same handle, no restart: the cache is keyed on the newest version's id.
    expect(deadline(db, "2026-12-29 10:00", 3)).toBe("2027-01-04 10:00");
  });

  it("keeps the corrected version and its days, and computes with the correction from then on", () => {
    const outcome = saveHolidayNotice(
      db,
      admin,
      notice({
        intent: "correct",
        year: "2027",
        reference: "国办发明电〔2026〕99号",
        holidays: "2027-01-01 至 2027-01-04",
        reason: "漏录1月4日放假",
      }),
      NOW + 60_000,
    );
    expect(outcome).toMatchObject({ ok: true });
    expect(deadline(db, "2026-12-29 10:00", 3)).toBe("2027-01-05 10:00");

    const y2027 = calendarYears(db).find((y) => y.year === 2027)!;
    expect(y2027.current).toMatchObject({
      note: "漏录1月4日放假",
      enteredBy: "王管理",
      holidays: span("2027-01-01", 4),
      changes: ["新增 2027-01-04 放假"],
    });
    expect(y2027.history).toHaveLength(1);
    expect(y2027.history[0]).toMatchObject({ holidays: span("2027-01-01", 3), enteredAt: NOW });
    const versions = db.select().from(holidayNotices).where(eq(holidayNotices.year, 2027)).all();
    expect(versions.map((v) => v.supersedesId)).toEqual([null, versions[0]!.id]);
    expect(db.select().from(holidayNoticeDays).where(eq(holidayNoticeDays.noticeId, versions[0]!.id)).all()).toHaveLength(3);
    expect(
      db
        .select({ action: auditLog.action })
        .from(auditLog)
        .all()
        .map((a) => a.action),
    ).toEqual(["calendar.enter", "calendar.correct"]);
  });

  it("refuses to change or remove what was in force", () => {
    expect(() =>
      db.update(holidayNoticeDays).set({ kind: "adjusted_workday" }).where(eq(holidayNoticeDays.date, "2027-01-01")).run(),
    ).toThrow(/append-only/);
    expect(() => db.delete(holidayNotices).where(eq(holidayNotices.year, 2024)).run()).toThrow(/append-only/);
    expect(() => db.update(lprPublications).set({ oneYearBp: 1 }).run()).toThrow(/append-only/);
  });

  it("refuses a second first entry, a correction of a year never entered, and a correction that changes nothing", () => {
    const again = notice({ intent: "create", year: "2026", reference: "国办发明电〔2025〕7号", holidays: "2026-01-01" });
    expect(saveHolidayNotice(db, admin, again, NOW)).toEqual({
      ok: false,
      status: 409,
      fieldErrors: { year: "2026 年的通知已录入（国办发明电〔2025〕7号）；如需修改，请在该年份下“更正”" },
    });
    const unknown = notice({
      intent: "correct",
      year: "2028",
      reference: "国办发明电〔2027〕1号",
      holidays: "2028-01-01",
      reason: "更正测试",
    });
    expect(saveHolidayNotice(db, admin, unknown, NOW)).toEqual({
      ok: false,
      status: 409,
      fieldErrors: { year: "2028 年尚未录入通知，无可更正" },
    });
    const same = notice({
      intent: "correct",
      year: "2027",
      reference: "国办发明电〔2026〕99号",
      holidays: "2027-01-01 至 2027-01-04",
      reason: "再存一次",
    });
    expect(saveHolidayNotice(db, admin, same, NOW)).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { holidays: expect.stringContaining("完全相同") },
    });
    expect(db.select().from(holidayNotices).all()).toHaveLength(5);
  });
});

describe("the service-level sweep across days the calendar does not cover", () => {
  const db = freshDatabase();
  const f = createFacts(db);
  const E = f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2026-01-10 09:00" });
  const covered = f.need(E, 50, "2026-12-21 10:00"); // due Thu 24 Dec 10:00
  const acrossNewYear = f.need(E, 60, "2026-12-29 10:00"); // due 1 Jan 2027 counting Mon–Fri
  const flaggedNeeds = () =>
    db
      .select({ needId: needEvents.needId })
      .from(needEvents)
      .where(eq(needEvents.type, "sla_flagged"))
      .all()
      .map((e) => e.needId);
  const JAN_10 = at("2027-01-10 09:00");

  it("flags only breaches whose deadline the calendar covers", () => {
    expect(flagServiceLevelBreaches(db, JAN_10)).toBe(1);
    expect(flaggedNeeds()).toEqual([covered]);
    expect(standingBreaches(db, JAN_10).unclaimedNeeds).toBe(1);
  });

  it("flags the other once the year's notice makes its deadline exact", () => {
    saveHolidayNotice(
      db,
      admin,
      notice({ intent: "create", year: "2027", reference: "国办发明电〔2026〕99号", holidays: "2027-01-01 至 2027-01-03" }),
      JAN_10,
    );
    expect(flagServiceLevelBreaches(db, JAN_10)).toBe(1);
    expect(flaggedNeeds()).toEqual([covered, acrossNewYear]);
    const event = db
      .select()
      .from(needEvents)
      .where(eq(needEvents.needId, acrossNewYear))
      .all()
      .find((e) => e.type === "sla_flagged")!;
    expect(event.detail).toMatchObject({ kind: "unclaimed", dueAt: at("2027-01-04 10:00") });
  });
});

describe("the warning on the administrator's home", () => {
  const db = freshDatabase();

  it("appears 60 days before the calendar runs out and names the year to enter", () => {
    expect(calendarStatus(db, at("2026-10-31 23:59"))).toBeNull();
    expect(calendarStatus(db, at("2026-11-01 00:00"))).toMatchObject({
      kind: "expiring",
      coveredUntil: "2026-12-31",
      daysLeft: 60,
      yearToEnter: 2027,
    });
    expect(calendarStatus(db, at("2026-12-02 09:00"))).toMatchObject({ kind: "expiring", daysLeft: 29, yearToEnter: 2027 });
  });

  it("turns into an alarm past the coverage, and goes once the notice is entered", () => {
    expect(calendarStatus(db, at("2027-01-04 09:00"))).toMatchObject({ kind: "expired", yearToEnter: 2027 });
    saveHolidayNotice(
      db,
      admin,
      notice({ intent: "create", year: "2027", reference: "国办发明电〔2026〕99号", holidays: "2027-01-01" }),
      at("2027-01-04 09:00"),
    );
    expect(calendarStatus(db, at("2027-01-04 09:00"))).toBeNull();
    expect(calendarStatus(db, at("2027-11-15 09:00"))).toMatchObject({ kind: "expiring", yearToEnter: 2028 });
  });
});

describe("the rate ceiling follows the LPR the administrator records", () => {
  const db = freshDatabase();
  const NOW = at("2026-12-02 09:00");
  const productForm = {
    name: "测试信用贷",
    description: "",
    amountMin: "10",
    amountMax: "300",
    rateMin: "3.45",
    rateMax: "12.2",
    termMin: "3",
    termMax: "36",
    guaranteeModes: "credit",
    districtScope: "all",
    districts: "",
    industryScope: "all",
    industries: "",
    minGrade: "",
    minYears: "0",
    tags: "",
  };
  const productAt = (now: number) => parseForm(productSchema(lprInEffect(db, now).ceilingBp), productForm);

  it("refuses a 12.20% product under 4 × 3.00%, with the error under the field", () => {
    expect(productAt(NOW)).toMatchObject({ ok: false, fieldErrors: { rateMax: "最高年利率不能超过 12.00%" } });
  });

  it("accepts it once a 3.05% LPR is recorded, from its effective date on", () => {
    const input = parseForm(lprSchema("2026-12-02"), { effectiveOn: "2026-11-20", oneYear: "3.05", fiveYear: "3.55", note: "" });
    expect(input.ok).toBe(true);
    if (!input.ok) return;
    expect(recordLpr(db, admin, input.data, NOW)).toMatchObject({ ok: true });
    expect(lprInEffect(db, NOW)).toMatchObject({
      oneYearBp: 305,
      fiveYearBp: 355,
      effectiveOn: "2026-11-20",
      ceilingBp: 1220,
      ceilingText: "年化利率不得超过一年期 LPR（3.05%）的4倍，即 12.20%",
    });
    expect(productAt(NOW)).toMatchObject({ ok: true, data: { rateMaxBp: 1220 } });
    // The day before it took effect, the old LPR still applied.
    expect(lprInEffect(db, at("2026-11-19 12:00")).oneYearBp).toBe(300);
    expect(productAt(at("2026-11-19 12:00")).ok).toBe(false);
    expect(lprQuote(db, 345, NOW)).toEqual({ rate: "3.05%", asOf: "2026-11-20", spread: "LPR+40BP" });
  });

  it("takes a correction of the same date only with a reason, and keeps the corrected entry in the history", () => {
    const correction = { effectiveOn: "2026-11-20", oneYear: "3.10", fiveYear: "", note: "" };
    const parsed = parseForm(lprSchema("2026-12-02"), correction);
    if (!parsed.ok) throw new Error("valid form refused");
    expect(recordLpr(db, admin, parsed.data, NOW)).toEqual({
      ok: false,
      status: 400,
      fieldErrors: { note: "2026-11-20 已有报价（一年期 3.05%）；如为更正，请写明原因（至少4个字）" },
    });
    const withReason = parseForm(lprSchema("2026-12-02"), { ...correction, note: "录入时看错一行" });
    if (!withReason.ok) throw new Error("valid form refused");
    expect(recordLpr(db, admin, withReason.data, NOW)).toMatchObject({ ok: true });
    expect(lprInEffect(db, NOW).ceilingBp).toBe(1240);
    expect(lprHistory(db, NOW).map((r) => [r.effectiveOn, r.oneYearBp, r.inEffect, r.corrected])).toEqual([
      ["2026-11-20", 310, true, false],
      ["2026-11-20", 305, false, true],
      ["2025-05-20", 300, false, false],
    ]);
  });

  it("refuses publications dated in the future or before the LPR reform, in zh-CN", () => {
    const errors = (effectiveOn: string) => {
      const parsed = parseForm(lprSchema("2026-12-02"), { effectiveOn, oneYear: "3.00", fiveYear: "", note: "" });
      return parsed.ok ? {} : parsed.fieldErrors;
    };
    expect(errors("2026-12-20")).toEqual({ effectiveOn: "生效日期不能晚于今天：请在报价公布后录入" });
    expect(errors("2019-01-20")).toEqual({ effectiveOn: "生效日期不能早于 2019-08-20（LPR 改革后首次报价）" });
  });
});
