/**
 * Whole-city credit data (issue 16): a provider's file covers every firm in the city, most of them
 * not on the portal. Their rows are kept under the firm's code and become the firm's own when it
 * registers, which is checked against 存续企业登记注册; a registration made by someone else is
 * disputed to the admin, who disables it so the real firm can register and receive the data.
 */
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { addMonths, monthOf } from "~/lib/time";
import { buildUscc } from "~/lib/uscc";
import type { SessionUser } from "~/auth/session.server";
import { authenticate, registerEnterprise, USCC_TAKEN } from "~/services/accounts.server";
import { ingestBatch, type BatchSpec } from "~/services/credit-ingest.server";
import { enterpriseCreditData } from "~/services/credit-profile.server";
import { fileRegistrationDispute, resolveRegistrationDispute } from "~/services/registration-disputes.server";
import { currentScore, featuresAt, knockOutsAt } from "~/services/scoring.server";
import { creditEvents, creditMonthly, enterprises, users } from "~db/schema";
import { createTestDatabase } from "../support/db";
import { createFacts } from "../support/facts";
import { REGISTRATION_PASSWORD, registrationOf } from "../support/registration";

const { db } = createTestDatabase();
const now = Date.now();
const lastMonth = addMonths(monthOf(now), -1);
const months = Array.from({ length: 12 }, (_, i) => addMonths(lastMonth, -i)).reverse();

const registered = [1, 2, 3, 4].map((n) => buildUscc("91", "320508", String(30_000_000 + n)));
/** Six firms of the city that are not on the portal: 60 % of every file's rows. */
const unregistered = [1, 2, 3, 4, 5, 6].map((n) => buildUscc("91", "320506", String(40_000_000 + n)));
let registeredIds: number[];

const power = (uscc: string, month: string, onTime = true) => ({
  uscc,
  month,
  quantity: 1000,
  billedFen: "800.00",
  paidFen: "800.00",
  paidOnTime: onTime ? "是" : "否",
  arrearsFen: "0",
});
const spec = (kind: BatchSpec["kind"], rows: Record<string, unknown>[], extra: Partial<BatchSpec> = {}): BatchSpec => ({
  origin: "push",
  providerId: null,
  kind,
  source: kind === "monthly" ? "electricity" : null,
  allowedSources: null,
  rows,
  ...extra,
});

const registration = (uscc: string, name: string, legalRepName: string) =>
  registrationOf({ uscc, name, legalRepName }, { districtCode: "320506", establishedOn: "2015-03-01" });

beforeAll(() => {
  const facts = createFacts(db);
  registeredIds = registered.map((uscc) =>
    facts.enterprise({ district: "320508", industry: "C", size: "small", registered: "2025-01-01 09:00", uscc }),
  );
});

describe("a whole-city monthly file", () => {
  it("is stored in tables that keep scoring's covering index (migration 0009) through their rebuild", () => {
    const index = db.$client
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'credit_monthly_scoring_cover'")
      .get() as { sql: string } | undefined;
    expect(index?.sql).toContain("WHERE `superseded_by_batch_id` IS NULL");
  });

  it("lands whole with 60 % of its rows for firms not on the portal, counted as 未入驻企业, not rejected", () => {
    const rows = months.flatMap((m) => [...registered, ...unregistered].map((uscc) => power(uscc, m)));
    const report = ingestBatch(db, spec("monthly", rows, { externalId: "city-power-12m" }), now);
    expect(report).toMatchObject({
      status: "applied",
      rowsTotal: 120,
      rowsAccepted: 120,
      rowsRejected: 0,
      rowsUnregistered: 72,
      rejections: [],
    });
    // Only the firms on the portal are re-scored; the others' rows wait under their code.
    expect(report.touchedEnterpriseIds).toEqual(registeredIds);
    const waiting = db.select().from(creditMonthly).where(isNull(creditMonthly.enterpriseId)).all();
    expect(waiting).toHaveLength(72);
    expect(new Set(waiting.map((r) => r.uscc))).toEqual(new Set(unregistered));
  });

  it("re-sent with one changed value for a firm not on the portal, supersedes only that row", () => {
    const rows = [power(unregistered[0]!, lastMonth, false), power(unregistered[1]!, lastMonth)];
    const report = ingestBatch(db, spec("monthly", rows, { month: lastMonth }), now);
    expect(report).toMatchObject({ status: "applied", rowsAccepted: 2, rowsSuperseded: 1, rowsUnchanged: 1, rowsUnregistered: 2 });
    const current = db
      .select()
      .from(creditMonthly)
      .where(and(eq(creditMonthly.uscc, unregistered[0]!), eq(creditMonthly.month, lastMonth), isNull(creditMonthly.supersededByBatchId)))
      .all();
    expect(current.map((r) => r.paidOnTime)).toEqual([false]);
  });

  it("is refused row by row when the sender asks to refuse firms not on the portal", () => {
    const before = db.select().from(creditMonthly).all().length;
    const report = ingestBatch(
      db,
      spec("monthly", [power(registered[0]!, lastMonth), power(unregistered[2]!, lastMonth)], {
        month: lastMonth,
        refuseUnregistered: true,
      }),
      now,
    );
    expect(report).toMatchObject({ status: "rejected", rowsRejected: 1 });
    expect(report.rejections).toEqual([
      {
        row: 2,
        field: "统一社会信用代码",
        reason: "该统一社会信用代码未在平台注册（本批次要求拒收未入驻企业的数据）",
        value: unregistered[2],
      },
    ]);
    expect(db.select().from(creditMonthly).all()).toHaveLength(before);
  });
});

describe("registering a firm the city's files already know", () => {
  it("attaches its history (monthly and events) and scores it at once", async () => {
    const uscc = unregistered[3]!;
    ingestBatch(
      db,
      spec("event", [
        {
          uscc,
          kind: "penalty",
          occurredOn: `${months[3]}-10`,
          severity: "一般",
          reference: "苏环罚〔2026〕1号",
          authority: "苏州市生态环境局",
          description: "超标排放",
        },
      ]),
      now,
    );
    const outcome = await registerEnterprise(db, registration(uscc, "苏州某新材料有限公司", "陆建国"), now);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.fieldErrors));
    expect(outcome.attachedCreditRows).toBe(13);
    expect(
      db
        .select()
        .from(creditMonthly)
        .where(eq(creditMonthly.uscc, uscc))
        .all()
        .every((r) => r.enterpriseId === outcome.enterpriseId),
    ).toBe(true);
    expect(db.select().from(creditEvents).where(eq(creditEvents.uscc, uscc)).get()?.enterpriseId).toBe(outcome.enterpriseId);
    const score = currentScore(db, outcome.enterpriseId);
    expect(score).not.toBeNull();
    expect(score!.reasons.down.join("")).toContain("行政处罚");
    // Held in the registry? No: nothing was delivered for this firm, so it is recorded as not checked.
    expect(
      db.select({ check: enterprises.registryCheck }).from(enterprises).where(eq(enterprises.id, outcome.enterpriseId)).get()!.check,
    ).toBe("not_held");
  });
});

describe("registration against 存续企业登记注册", () => {
  beforeAll(() => {
    const report = ingestBatch(
      db,
      spec("registry", [
        { uscc: unregistered[4], name: "苏州吴中澄湖新材料科技有限公司", legalRepName: "陆建国", status: "存续" },
        { uscc: unregistered[5], name: "苏州已注销贸易有限公司", legalRepName: "赵六", status: "注销" },
      ]),
      now,
    );
    expect(report).toMatchObject({ status: "applied", rowsAccepted: 2, rowsUnregistered: 0 });
  });

  it("refuses a name or legal representative that differs from the registered one, saying which", async () => {
    const wrong = await registerEnterprise(db, registration(unregistered[4]!, "苏州吴中澄湖新材料有限公司", "陆建军"), now);
    expect(wrong).toEqual({
      ok: false,
      fieldErrors: {
        name: "企业名称与市场监管部门登记的名称不一致（登记名称：苏州吴中澄湖新材料科技有限公司）",
        legalRepName: "法定代表人与市场监管部门登记信息不一致，请按营业执照填写",
      },
    });
    expect(db.select().from(enterprises).where(eq(enterprises.uscc, unregistered[4]!)).all()).toEqual([]);
  });

  it("refuses a firm the registry says was deregistered", async () => {
    const outcome = await registerEnterprise(db, registration(unregistered[5]!, "苏州已注销贸易有限公司", "赵六"), now);
    expect(outcome).toEqual({
      ok: false,
      fieldErrors: { uscc: "市场监管部门登记信息显示该企业已注销，不能注册；如有疑问请联系平台管理员" },
    });
  });

  it("accepts the registered name and legal representative and records the match", async () => {
    const outcome = await registerEnterprise(db, registration(unregistered[4]!, "苏州吴中澄湖新材料科技有限公司", "陆建国"), now);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.fieldErrors));
    expect(
      db.select({ check: enterprises.registryCheck }).from(enterprises).where(eq(enterprises.id, outcome.enterpriseId)).get()!.check,
    ).toBe("matched");
    expect(outcome.attachedCreditRows).toBe(12);
  });
});

describe("a registration made by someone else", () => {
  const admin: SessionUser = {
    id: "admin-1",
    username: "admin",
    role: "admin",
    displayName: "管理员",
    enterpriseId: null,
    institutionId: null,
  };
  let impostor: { enterpriseId: number; userId: string };
  const victim = () => unregistered[0]!;

  beforeAll(async () => {
    db.insert(users)
      .values({ id: admin.id, username: "admin", passwordHash: "x", role: "admin", displayName: "管理员", createdAt: 0 })
      .run();
    const outcome = await registerEnterprise(db, registration(victim(), "冒名顶替有限公司", "假名"), now);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.fieldErrors));
    impostor = outcome;
  });

  it("blocks the real firm at registration with the way to dispute", async () => {
    expect(await registerEnterprise(db, registration(victim(), "苏州真实企业有限公司", "王真"), now)).toEqual({
      ok: false,
      fieldErrors: { uscc: USCC_TAKEN },
    });
  });

  it("is disputed to the admin, who disables it: sign-in ends, data detaches, the real firm registers and receives it", async () => {
    const dispute = fileRegistrationDispute(
      db,
      {
        uscc: victim(),
        claimantName: "苏州真实企业有限公司",
        claimantLegalRepName: "王真",
        contactName: "王真",
        contactPhone: "13800001111",
        statement: "本企业从未注册，平台上的注册信息与营业执照不符",
      },
      now,
    );
    if (!dispute.ok) throw new Error(JSON.stringify(dispute.fieldErrors));
    // One open dispute per registration.
    expect(
      fileRegistrationDispute(
        db,
        {
          uscc: victim(),
          claimantName: "某",
          claimantLegalRepName: "某某",
          contactName: "某某",
          contactPhone: "13800001111",
          statement: "再次申诉同一个代码的注册",
        },
        now,
      ),
    ).toMatchObject({ ok: false });

    expect(
      resolveRegistrationDispute(db, admin, dispute.disputeId, { decision: "upheld", resolution: "电话核实营业执照，申诉属实" }, now),
    ).toEqual({ ok: true });
    expect(resolveRegistrationDispute(db, admin, dispute.disputeId, { decision: "dismissed", resolution: "重复处理" }, now)).toMatchObject({
      ok: false,
      status: 409,
    });

    expect(await authenticate(db, victim().toLowerCase(), REGISTRATION_PASSWORD, now)).toMatchObject({ ok: false });
    expect(db.select().from(creditMonthly).where(eq(creditMonthly.enterpriseId, impostor.enterpriseId)).all()).toEqual([]);

    const real = await registerEnterprise(db, registration(victim(), "苏州真实企业有限公司", "王真"), now);
    if (!real.ok) throw new Error(JSON.stringify(real.fieldErrors));
    expect(real.enterpriseId).not.toBe(impostor.enterpriseId);
    expect(real.attachedCreditRows).toBe(13); // 12 months, one of them corrected: history rows come along too
    const data = enterpriseCreditData(db, real.enterpriseId, months[0]!, lastMonth);
    expect(data.monthly.electricity).toHaveLength(12);
  });
});

describe("credit repair of one record", () => {
  it("needs the reference of the record it repairs, and marks only that record as repaired", () => {
    const uscc = registered[1]!;
    const refused = ingestBatch(
      db,
      spec("event", [
        {
          uscc,
          kind: "credit_repair",
          occurredOn: `${lastMonth}-01`,
          reference: "苏信修〔2026〕9号",
          authority: "苏州市公共信用信息中心",
          description: "完成信用修复",
        },
      ]),
      now,
    );
    expect(refused.rejections.map((r) => [r.field, r.reason])).toEqual([
      ["修复对象文书号", "信用修复须填写所修复的行政处罚或失信名单的文书号，其他事件不填"],
    ]);

    const applied = ingestBatch(
      db,
      spec("event", [
        {
          uscc,
          kind: "penalty",
          occurredOn: `${months[2]}-05`,
          severity: "一般",
          reference: "P-A",
          authority: "苏州市市场监督管理局",
          description: "未按时公示年报",
        },
        {
          uscc,
          kind: "penalty",
          occurredOn: `${months[4]}-05`,
          severity: "较重",
          reference: "P-B",
          authority: "苏州市应急管理局",
          description: "安全生产违规",
        },
        {
          uscc,
          kind: "credit_repair",
          occurredOn: `${months[8]}-01`,
          reference: "苏信修〔2026〕10号",
          authority: "苏州市公共信用信息中心",
          description: "完成信用修复",
          repairsReference: "P-A",
        },
      ]),
      now,
    );
    expect(applied.status).toBe("applied");
    const events = enterpriseCreditData(db, registeredIds[1]!, months[0]!, lastMonth).events;
    expect(events.find((e) => e.reference === "P-A")?.repairedOn).toBe(`${months[8]}-01`);
    expect(events.find((e) => e.reference === "P-B")?.repairedOn).toBeNull();
    // The unrepaired 较重 penalty still weighs on the score; the repaired 一般 one does not.
    expect(featuresAt(db, [{ enterpriseId: registeredIds[1]!, at: now }])[0]!.values.penaltyLoad).toBe(3);
  });
});

/** A public-record row of `uscc`; `extra` adds the target fields. */
const event = (uscc: string, kind: string, occurredOn: string, reference: string, extra: Record<string, string> = {}) => ({
  uscc,
  kind,
  occurredOn,
  ...(kind === "penalty" ? { severity: "较重" } : {}),
  reference,
  authority: kind === "penalty" ? "苏州市应急管理局" : "国家税务总局苏州市税务局",
  description: `${kind} ${reference}`,
  ...extra,
});
const reasonsOf = (report: { rejections: { row: number; field: string; reason: string }[] }) =>
  report.rejections.map((r) => [r.row, r.field, r.reason]);

describe("a repair or an exit names a record the firm holds", () => {
  it("refuses a repair of a record the platform does not hold for that firm, registered or not", () => {
    const uscc = registered[2]!;
    const missing = ingestBatch(
      db,
      spec("event", [event(uscc, "credit_repair", `${months[9]}-01`, "苏信修〔2026〕20号", { repairsReference: "P-NONE" })]),
      now,
    );
    expect(missing.status).toBe("rejected");
    expect(reasonsOf(missing)).toEqual([
      [1, "修复对象文书号", "修复对象不存在：该企业没有文书号为“P-NONE”的行政处罚或列入严重失信主体名单记录"],
    ]);
    // Another firm's penalty (registered[1] holds P-A) is not this firm's to repair.
    const others = ingestBatch(
      db,
      spec("event", [event(uscc, "credit_repair", `${months[9]}-01`, "苏信修〔2026〕21号", { repairsReference: "P-A" })]),
      now,
    );
    expect(reasonsOf(others)).toEqual([
      [1, "修复对象文书号", "修复对象不存在：该企业没有文书号为“P-A”的行政处罚或列入严重失信主体名单记录"],
    ]);

    // A firm not on the portal: its kept penalty can be repaired, by its own code only.
    const city = unregistered[1]!;
    expect(ingestBatch(db, spec("event", [event(city, "penalty", `${months[3]}-02`, "P-U")]), now)).toMatchObject({
      status: "applied",
      rowsUnregistered: 1,
    });
    const repaired = ingestBatch(
      db,
      spec("event", [event(city, "credit_repair", `${months[9]}-01`, "苏信修〔2026〕22号", { repairsReference: "P-U" })]),
      now,
    );
    expect(repaired).toMatchObject({ status: "applied", rowsUnregistered: 1 });
    expect(
      db
        .select({ kind: creditEvents.repairsKind })
        .from(creditEvents)
        .where(and(eq(creditEvents.uscc, city), eq(creditEvents.kind, "credit_repair")))
        .get(),
    ).toEqual({ kind: "penalty" });
    const stranger = ingestBatch(
      db,
      spec("event", [event(unregistered[2]!, "credit_repair", `${months[9]}-01`, "苏信修〔2026〕23号", { repairsReference: "P-U" })]),
      now,
    );
    expect(reasonsOf(stranger)).toEqual([
      [1, "修复对象文书号", "修复对象不存在：该企业没有文书号为“P-U”的行政处罚或列入严重失信主体名单记录"],
    ]);
  });

  it("tells a penalty and a listing under one reference apart by the repair's kind", () => {
    const uscc = registered[3]!;
    const ref = "苏税稽〔2026〕5号";
    expect(
      ingestBatch(
        db,
        spec("event", [event(uscc, "penalty", `${months[2]}-04`, ref), event(uscc, "dishonest_entry", `${months[2]}-04`, ref)]),
        now,
      ).status,
    ).toBe("applied");
    const unsaid = ingestBatch(
      db,
      spec("event", [event(uscc, "credit_repair", `${months[9]}-01`, "苏信修〔2026〕30号", { repairsReference: ref })]),
      now,
    );
    expect(reasonsOf(unsaid)).toEqual([
      [1, "修复对象类型", `该企业文书号为“${ref}”的记录既有行政处罚又有列入严重失信主体名单，请填写修复对象类型`],
    ]);
    const said = ingestBatch(
      db,
      spec("event", [
        event(uscc, "credit_repair", `${months[9]}-01`, "苏信修〔2026〕30号", { repairsReference: ref, repairsKind: "penalty" }),
      ]),
      now,
    );
    expect(said.status).toBe("applied");
    const events = enterpriseCreditData(db, registeredIds[3]!, months[0]!, lastMonth).events;
    expect(events.find((e) => e.kind === "penalty")?.repairedOn).toBe(`${months[9]}-01`);
    expect(events.find((e) => e.kind === "dishonest_entry")?.repairedOn).toBeNull();
    expect(knockOutsAt(db, registeredIds[3]!, now).map((k) => k.code)).toEqual(["dishonest"]);
  });

  it("ends a listing only by the exit that names it; an exit naming no listing the firm holds is refused", () => {
    const uscc = registered[2]!;
    const id = registeredIds[2]!;
    const listed = ingestBatch(
      db,
      spec("event", [
        event(uscc, "dishonest_entry", `${months[0]}-10`, "L0"),
        event(uscc, "credit_repair", `${months[3]}-10`, "苏信修〔2026〕40号", { repairsReference: "L0" }),
        event(uscc, "dishonest_entry", `${months[5]}-10`, "L1"),
      ]),
      now,
    );
    expect(listed.status).toBe("applied");
    expect(knockOutsAt(db, id, now)).toMatchObject([{ code: "dishonest", references: ["L1"] }]);

    const unnamed = ingestBatch(db, spec("event", [event(uscc, "dishonest_exit", `${months[8]}-10`, "苏税稽移出〔2026〕1号")]), now);
    expect(reasonsOf(unnamed)).toEqual([[1, "移出对象文书号", "移出严重失信主体名单须填写所移出的列入决定文书号，其他事件不填"]]);
    const never = ingestBatch(
      db,
      spec("event", [event(uscc, "dishonest_exit", `${months[8]}-10`, "苏税稽移出〔2026〕1号", { listingReference: "L-NEVER" })]),
      now,
    );
    expect(reasonsOf(never)).toEqual([[1, "移出对象文书号", "移出对象不存在：该企业没有文书号为“L-NEVER”的列入严重失信主体名单记录"]]);
    expect(knockOutsAt(db, id, now).map((k) => k.code)).toEqual(["dishonest"]);

    // L1's exit under its own document number: L1 ends, L0 stays as it was (repaired).
    const exit = ingestBatch(
      db,
      spec("event", [event(uscc, "dishonest_exit", `${months[8]}-10`, "苏税稽移出〔2026〕1号", { listingReference: "L1" })]),
      now,
    );
    expect(exit.status).toBe("applied");
    expect(knockOutsAt(db, id, now)).toEqual([]);
    const events = enterpriseCreditData(db, id, months[0]!, lastMonth).events;
    expect(events.find((e) => e.reference === "L0")?.repairedOn).toBe(`${months[3]}-10`);
    expect(events.find((e) => e.reference === "L1")?.repairedOn).toBeNull();
    expect(events.find((e) => e.kind === "dishonest_exit")).toMatchObject({ reference: "苏税稽移出〔2026〕1号", listingReference: "L1" });

    // A listing and its exit may arrive in one batch.
    const together = ingestBatch(
      db,
      spec("event", [
        event(uscc, "dishonest_exit", `${months[10]}-02`, "苏税稽移出〔2026〕2号", { listingReference: "L2" }),
        event(uscc, "dishonest_entry", `${months[9]}-02`, "L2"),
      ]),
      now,
    );
    expect(together.status).toBe("applied");
    expect(knockOutsAt(db, id, now)).toEqual([]);
  });
});
