/**
 * Interception at decision points (decision 021), through the services against a migrated database:
 * a knocked-out enterprise is refused at claim, grant and disbursement unless its institution's admin
 * recorded an override; a product's minimum grade holds at grant; a new adverse record alerts the
 * lenders and the enterprise; the monthly report counts interceptions and overrides.
 *
 * The cast (times are Asia/Shanghai):
 *   E_BAD   on the serious-dishonesty list since 2026-03-01 (recorded 04-01), never taken off.
 *   E_GOOD  no public records.
 *   E_LATE  clean until an enforcement case opens 05-14 (recorded 05-15); 乙 holds a live loan to it,
 *           丙 a settled one, 甲 only a claim.
 *   甲 (B1), 乙 (B2), 丙 (B3): each with an officer and an admin.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/auth/session.server";
import { EXPERT_MODEL } from "~/lib/scorecard/model";
import { claimDetail } from "~/services/claim-views.server";
import { claimNeed, disburseClaim, grantClaim } from "~/services/claims.server";
import { ingestBatch } from "~/services/credit-ingest.server";
import { interceptionPanel, overrideForClaim, recordOverride } from "~/services/interception.server";
import { needTimeline } from "~/services/need-events.server";
import { computeReport, freezeReport, loadReport } from "~/services/statistics.server";
import { ensureExpertModel } from "~/services/scoring.server";
import {
  auditLog,
  claims,
  interceptionOverrides,
  interceptions,
  loans,
  needEvents,
  needs,
  notifications,
  products,
  users,
} from "~db/schema";
import { ingest } from "../support/credit";
import { createTestDatabase } from "../support/db";
import { at, createFacts } from "../support/facts";

const { db } = createTestDatabase();
const f = createFacts(db);
const WAN = 1_000_000;

const E_BAD = f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2026-01-05 09:00" });
const E_GOOD = f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2026-01-05 09:00" });
const E_LATE = f.enterprise({ district: "320583", industry: "F", size: "micro", registered: "2026-01-05 09:00" });
const B1 = f.institution({ name: "甲银行", joined: "2026-01-01 09:00" });
const B2 = f.institution({ name: "乙银行", joined: "2026-01-01 09:00" });
const B3 = f.institution({ name: "丙银行", joined: "2026-01-01 09:00" });
const P1 = f.product(B1, [{ listed: "2026-01-02 09:00" }]);
const P1_MIN_B = f.product(B1, [{ listed: "2026-01-02 09:00" }]);
const P1_MIN_C = f.product(B1, [{ listed: "2026-01-02 09:00" }]);
f.product(B2, [{ listed: "2026-01-02 09:00" }]);
db.update(products).set({ minGrade: "B" }).where(eq(products.id, P1_MIN_B)).run();
db.update(products).set({ minGrade: "C" }).where(eq(products.id, P1_MIN_C)).run();

function staff(institutionId: number, role: "bank_officer" | "bank_admin"): SessionUser {
  const id = role === "bank_officer" ? `officer-${institutionId}` : `admin-${institutionId}`;
  if (role === "bank_admin")
    db.insert(users)
      .values({ id, username: id, passwordHash: "x", role, displayName: `管理员${institutionId}`, institutionId, createdAt: 0 })
      .run();
  return {
    id,
    username: id,
    role,
    displayName: role === "bank_admin" ? `管理员${institutionId}` : "经理",
    enterpriseId: null,
    institutionId,
  };
}
const officer1 = staff(B1, "bank_officer");
const admin1 = staff(B1, "bank_admin");
const officer2 = staff(B2, "bank_officer");
const admin2 = staff(B2, "bank_admin");

const uscc = (id: number) => db.$client.prepare("SELECT uscc FROM enterprises WHERE id = ?").pluck().get(id) as string;
const event = (enterpriseId: number, kind: string, occurredOn: string, reference: string, extra: Record<string, unknown> = {}) => ({
  uscc: uscc(enterpriseId),
  kind,
  occurredOn,
  reference,
  authority: kind.startsWith("enforcement") ? "苏州市中级人民法院" : "国家税务总局苏州市税务局",
  description:
    kind === "enforcement_open" ? "被执行人，执行标的 120,000 元" : kind === "penalty" ? "未按期申报" : "列入重大税收违法失信主体名单",
  ...extra,
});

const N1 = f.need(E_BAD, 100, "2026-04-20 10:00"); // open to all
const N2 = db
  .insert(needs)
  .values({
    enterpriseId: E_BAD,
    amountFen: 50 * WAN,
    termMonths: 12,
    purpose: "流动资金",
    targetProductId: P1,
    postedAt: at("2026-04-21 10:00"),
    expiresOn: "2099-12-31",
    updatedAt: 0,
  })
  .returning()
  .get().id;
const N3 = f.need(E_GOOD, 80, "2026-05-02 10:00");
const N4 = f.need(E_BAD, 30, "2026-06-01 10:00");
const N7 = f.need(E_LATE, 60, "2026-05-01 10:00");
const grant = { productId: P1, amount: 100 * WAN, rate: 400, termMonths: 12, guaranteeMode: "credit" as const };

let lateClaim: number;

beforeAll(() => {
  // A penalty from before any of it, recorded at once: not new for anyone's claim.
  ingest(db, "event", [event(E_LATE, "penalty", "2026-02-01", "苏税罚〔2026〕1号", { severity: "general" })], at("2026-02-02 09:00"));
  ingest(db, "event", [event(E_BAD, "dishonest_entry", "2026-03-01", "苏税稽〔2026〕8号")], at("2026-04-01 09:00"));
  // E_LATE's lenders: 乙 live (normal), 丙 settled.
  const n5 = f.need(E_LATE, 40, "2026-04-01 10:00");
  f.loan(f.claim(n5, B2, "2026-04-01 12:00", { granted: "2026-04-02 09:00", amountWan: 40 }), {
    disbursedOn: "2026-04-03",
    amountWan: 40,
    rateBp: 400,
    mode: "credit",
  });
  const n6 = f.need(E_LATE, 20, "2026-04-01 11:00");
  const settled = f.loan(f.claim(n6, B3, "2026-04-01 13:00", { granted: "2026-04-02 10:00", amountWan: 20 }), {
    disbursedOn: "2026-04-03",
    amountWan: 20,
    rateBp: 400,
    mode: "credit",
  });
  db.update(loans).set({ status: "settled" }).where(eq(loans.id, settled)).run();
});

describe("a firm on the serious-dishonesty list", () => {
  it("cannot be claimed: 409 with the reason in zh-CN, the attempt recorded and nothing else written", () => {
    const told = () => db.select().from(notifications).all().length;
    const notificationsBefore = told();
    // Interception 1 (April 30, 23:00 Shanghai: counts in April).
    const april = claimNeed(db, officer1, N1, at("2026-04-30 23:00"));
    expect(april).toMatchObject({
      ok: false,
      status: 409,
      code: "intercepted",
      message: expect.stringContaining("列入严重失信主体名单（2026-03-01 列入）"),
    });
    expect(april.ok === false && april.message).toContain("须由本机构管理员记录豁免理由");
    // Interception 2 (May).
    expect(claimNeed(db, officer1, N1, at("2026-05-06 10:00"))).toMatchObject({ ok: false, status: 409, code: "intercepted" });
    expect(db.select().from(claims).where(eq(claims.needId, N1)).all()).toEqual([]);
    expect(db.select().from(needEvents).where(eq(needEvents.needId, N1)).all()).toEqual([]);
    expect(told()).toBe(notificationsBefore);
    const recorded = db.select().from(interceptions).where(eq(interceptions.needId, N1)).all();
    expect(recorded.map((r) => [r.action, r.outcome, r.institutionId, r.userId, r.claimId, r.knockOuts.map((k) => k.code)])).toEqual([
      ["claim", "refused", B1, officer1.id, null, ["dishonest"]],
      ["claim", "refused", B1, officer1.id, null, ["dishonest"]],
    ]);
  });

  it("an officer cannot record an override, nor another bank's admin for a need it does not handle", () => {
    expect(recordOverride(db, officer1, N1, { reason: "企业已缴清欠税，正在办理移出名单" }, at("2026-05-06 10:05"))).toMatchObject({
      ok: false,
      status: 403,
      message: expect.stringContaining("机构管理员"),
    });
    // N2 applies to 甲's product: 乙 never handles it.
    expect(recordOverride(db, admin2, N2, { reason: "企业已缴清欠税，正在办理移出名单" }, at("2026-05-06 10:10"))).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(recordOverride(db, admin1, N3, { reason: "企业没有否决项也想豁免一下" }, at("2026-05-06 10:10"))).toMatchObject({
      ok: false,
      status: 409,
      message: "该企业当前没有否决项，无需豁免",
    });
    expect(db.select().from(interceptionOverrides).all()).toEqual([]);
  });

  it("after 甲's admin records an override, 甲 claims, grants and disburses; 乙 is still refused", () => {
    // Override 1 (May).
    const override = recordOverride(db, admin1, N1, { reason: "企业已缴清全部欠税及滞纳金，移出名单手续在办" }, at("2026-05-06 11:00"));
    expect(override).toMatchObject({ ok: true });
    expect(recordOverride(db, admin1, N1, { reason: "再记录一次同样的豁免理由" }, at("2026-05-06 11:05"))).toMatchObject({
      ok: false,
      status: 409,
    });
    // Overridden claim 1 (May).
    const claimed = claimNeed(db, officer1, N1, at("2026-05-06 11:30"));
    expect(claimed).toMatchObject({ ok: true });
    const claimId = (claimed as { claimId: number }).claimId;
    // Interception 3 (May): the override is 甲's, not 乙's.
    expect(claimNeed(db, officer2, N1, at("2026-05-06 12:00"))).toMatchObject({ ok: false, status: 409, code: "intercepted" });
    expect(grantClaim(db, officer1, claimId, grant, at("2026-05-07 09:00"))).toEqual({ ok: true });
    // Overridden loan 1 (May).
    expect(disburseClaim(db, officer1, claimId, { amount: 100 * WAN, disbursedOn: "2026-05-08" }, at("2026-05-08 09:00"))).toMatchObject({
      ok: true,
    });

    const rows = db
      .select()
      .from(interceptions)
      .where(and(eq(interceptions.needId, N1), eq(interceptions.outcome, "overridden")))
      .all();
    const overrideId = (override as { overrideId: number }).overrideId;
    expect(rows.map((r) => [r.action, r.claimId, r.overrideIds])).toEqual([
      ["claim", claimId, [overrideId]],
      ["grant", claimId, [overrideId]],
      ["disburse", claimId, [overrideId]],
    ]);
    const stored = db.select().from(interceptionOverrides).where(eq(interceptionOverrides.id, overrideId)).get()!;
    expect(stored).toMatchObject({
      institutionId: B1,
      needId: N1,
      enterpriseId: E_BAD,
      userId: admin1.id,
      at: at("2026-05-06 11:00"),
      reason: "企业已缴清全部欠税及滞纳金，移出名单手续在办",
    });
    expect(stored.knockOuts).toEqual([
      { code: "dishonest", reason: expect.stringContaining("严重失信主体名单"), references: ["苏税稽〔2026〕8号"] },
    ]);

    const audit = db.select().from(auditLog).where(eq(auditLog.action, "interception.override")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: admin1.id, targetType: "need", targetId: String(N1) });
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ overrideId, institutionId: B1, knockOuts: ["dishonest"], reason: stored.reason });

    const timeline = needTimeline(db, N1, B1);
    expect(timeline.map((e) => e.type)).toEqual(["interception_overridden", "claimed", "granted", "disbursed"]);
    expect(timeline[0]).toMatchObject({
      institution: "甲银行",
      text: "机构管理员记录豁免：企业存在否决项（严重失信主体名单：苏税稽〔2026〕8号），经审查同意继续办理。豁免理由：企业已缴清全部欠税及滞纳金，移出名单手续在办",
    });
    // Another bank never sees 甲's override.
    expect(needTimeline(db, N1, B2).map((e) => e.type)).not.toContain("interception_overridden");
  });

  it("an override covers the knock-outs it named: a new one needs a new override", () => {
    // N2 (applied to 甲's product). Override 2 and overridden claim 2, May 20.
    expect(recordOverride(db, admin1, N2, { reason: "企业已缴清全部欠税，担保公司提供全额担保" }, at("2026-05-20 09:00"))).toMatchObject({
      ok: true,
    });
    const claimed = claimNeed(db, officer1, N2, at("2026-05-20 10:00"));
    expect(claimed).toMatchObject({ ok: true });
    const claimId = (claimed as { claimId: number }).claimId;
    expect(grantClaim(db, officer1, claimId, { ...grant, amount: 50 * WAN }, at("2026-05-21 09:00"))).toEqual({ ok: true });
    // Recorded on June 1 for a disbursement dated May 31: overridden loan 2 counts in May, as 放款 does.
    expect(disburseClaim(db, officer1, claimId, { amount: 50 * WAN, disbursedOn: "2026-05-31" }, at("2026-06-01 09:00"))).toMatchObject({
      ok: true,
    });

    // June: a court case opens too; 乙 tries N4, refused for both reasons (interception in June, not May).
    ingest(db, "event", [event(E_BAD, "enforcement_open", "2026-06-01", "(2026)苏05执7号")], at("2026-06-01 12:00"));
    const refused = claimNeed(db, officer2, N4, at("2026-06-02 09:00"));
    expect(refused).toMatchObject({ ok: false, status: 409 });
    expect(refused.ok === false && refused.message).toMatch(/严重失信主体名单.*；存在未结案的法院强制执行/);
  });
});

describe("minimum grade at grant", () => {
  const scoreAs = (grade: "A" | "B" | "C" | "D", now: number) => {
    ensureExpertModel(db, now);
    db.$client.prepare("UPDATE credit_scores SET is_current = 0 WHERE enterprise_id = ?").run(E_GOOD);
    db.$client
      .prepare(
        "INSERT INTO credit_scores (enterprise_id, model_version, as_of_month, score, grade, knocked_out, contributions, reasons, computed_at, is_current) VALUES (?, ?, '2026-04', 600, ?, 0, ?, ?, ?, 1)",
      )
      .run(
        E_GOOD,
        EXPERT_MODEL.version,
        grade,
        JSON.stringify(EXPERT_MODEL.features.map((spec) => [-1, spec.neutral.points])),
        JSON.stringify({ improvements: [], knockOuts: [] }),
        now,
      );
  };

  it("refuses at the product field, naming the grade, when the firm has no grade or a lower one", () => {
    const claimed = claimNeed(db, officer1, N3, at("2026-05-10 09:00"));
    expect(claimed).toMatchObject({ ok: true });
    const claimId = (claimed as { claimId: number }).claimId;
    const asked = { ...grant, amount: 80 * WAN };
    expect(grantClaim(db, officer1, claimId, { ...asked, productId: P1_MIN_B }, at("2026-05-11 09:00"))).toEqual({
      ok: false,
      status: 400,
      field: "productId",
      message: "该产品要求企业信用等级不低于 B 级，该企业尚无信用等级",
    });
    scoreAs("C", at("2026-05-11 09:30"));
    expect(grantClaim(db, officer1, claimId, { ...asked, productId: P1_MIN_B }, at("2026-05-11 10:00"))).toMatchObject({
      ok: false,
      status: 400,
      field: "productId",
      message: "该产品要求企业信用等级不低于 B 级，该企业当前为 C 级",
    });
    expect(db.select().from(claims).where(eq(claims.id, claimId)).get()!.status).toBe("claimed");
    expect(grantClaim(db, officer1, claimId, { ...asked, productId: P1_MIN_C }, at("2026-05-11 11:00"))).toEqual({ ok: true });
    // A firm without knock-outs leaves no interception record.
    expect(db.select().from(interceptions).where(eq(interceptions.enterpriseId, E_GOOD)).all()).toEqual([]);
  });
});

describe("a new adverse record (失信提醒)", () => {
  it("tells the institutions with a live loan and the firm, and nobody else", () => {
    const claimed = claimNeed(db, officer1, N7, at("2026-05-10 10:00"));
    expect(claimed).toMatchObject({ ok: true });
    lateClaim = (claimed as { claimId: number }).claimId;
    const before = db.select().from(notifications).all().length;
    ingest(
      db,
      "event",
      [
        event(E_LATE, "enforcement_open", "2026-05-14", "(2026)苏05执21号"),
        // Dated before the claim but recorded after it: still new to the officer.
        event(E_LATE, "penalty", "2026-04-01", "苏税罚〔2026〕9号", { severity: "serious" }),
        { ...event(E_GOOD, "honour", "2026-05-01", "苏信示〔2026〕3号"), description: "诚信示范企业" },
      ],
      at("2026-05-15 09:00"),
    );
    const fresh = db.select().from(notifications).all().slice(before);
    expect(fresh.map((n) => [n.institutionId, n.enterpriseId, n.kind])).toEqual([
      [B2, null, "credit.adverse_lender"],
      [null, E_LATE, "credit.adverse"],
    ]);
    expect(fresh[0]).toMatchObject({ title: "失信提醒：贷款企业新增不良记录", link: expect.stringMatching(/^\/bank\/loans\/\d+$/) });
    expect(fresh[0]!.body).toContain("被执行人（执行中）（2026-05-14，苏州市中级人民法院：被执行人，执行标的 120,000 元）");
    expect(fresh[0]!.body).toContain("行政处罚（2026-04-01");
    expect(fresh[1]).toMatchObject({
      title: "失信提醒：您的企业新增不良记录",
      link: "/sme/credit",
      body: expect.stringContaining("提出异议"),
    });
  });

  it("stays quiet for a correction of a known record and for the demo seed's batches", () => {
    const before = db.select().from(notifications).all().length;
    ingest(
      db,
      "event",
      [{ ...event(E_LATE, "penalty", "2026-04-01", "苏税罚〔2026〕9号", { severity: "serious" }), description: "未按期申报（更正）" }],
      at("2026-05-15 10:00"),
    );
    const seeded = ingestBatch(
      db,
      {
        origin: "seed",
        providerId: null,
        kind: "event",
        allowedSources: null,
        rows: [event(E_LATE, "penalty", "2026-05-02", "苏税罚〔2026〕10号", { severity: "general" })],
      },
      at("2026-05-15 11:00"),
    );
    expect(seeded.status).toBe("applied");
    expect(db.select().from(notifications).all().length).toBe(before);
  });

  it("the claim page warns of the knock-out and the records since the claim; 甲 is refused at grant until overridden", () => {
    const panel = interceptionPanel(db, B1, { needId: N7, claimedAt: at("2026-05-10 10:00") }, E_LATE, at("2026-05-16 09:00"));
    expect(panel.knockOuts).toEqual([
      {
        code: "enforcement",
        reason: "存在未结案的法院强制执行（最早 2026-05-14 立案）",
        references: ["(2026)苏05执21号"],
        overridden: false,
      },
    ]);
    expect(panel.needsOverride).toBe(true);
    // The February penalty, known before the claim, is not new.
    expect(panel.adverseSinceClaim.map((r) => [r.kind, r.occurredOn, r.reference])).toEqual([
      ["penalty", "2026-04-01", "苏税罚〔2026〕9号"],
      ["penalty", "2026-05-02", "苏税罚〔2026〕10号"],
      ["enforcement_open", "2026-05-14", "(2026)苏05执21号"],
    ]);
    // Interception 4 (May): the grant.
    expect(grantClaim(db, officer1, lateClaim, { ...grant, amount: 60 * WAN }, at("2026-05-16 10:00"))).toMatchObject({
      ok: false,
      status: 409,
      code: "intercepted",
      message: expect.stringContaining("不能授信"),
    });
    expect(db.select().from(claims).where(eq(claims.id, lateClaim)).get()!.status).toBe("claimed");
    // Override 3 (May), from the claim page; then the grant goes through.
    expect(
      overrideForClaim(db, officer1, lateClaim, { reason: "执行标的已由担保公司代偿，等待法院结案" }, at("2026-05-16 10:30")),
    ).toMatchObject({ ok: false, status: 403 });
    expect(
      overrideForClaim(db, admin2, lateClaim, { reason: "执行标的已由担保公司代偿，等待法院结案" }, at("2026-05-16 10:30")),
    ).toMatchObject({ ok: false, status: 404 });
    expect(
      overrideForClaim(db, admin1, lateClaim, { reason: "执行标的已由担保公司代偿，等待法院结案" }, at("2026-05-16 11:00")),
    ).toMatchObject({ ok: true });
    const after = interceptionPanel(db, B1, { needId: N7, claimedAt: at("2026-05-10 10:00") }, E_LATE, at("2026-05-16 11:30"));
    expect(after).toMatchObject({ needsOverride: false, knockOuts: [{ code: "enforcement", overridden: true }] });
    expect(after.overrides).toEqual([
      { at: at("2026-05-16 11:00"), by: "管理员" + B1, knockOuts: "法院强制执行", reason: "执行标的已由担保公司代偿，等待法院结案" },
    ]);
    expect(grantClaim(db, officer1, lateClaim, { ...grant, amount: 60 * WAN }, at("2026-05-16 12:00"))).toEqual({ ok: true });
    // The override is on this claim's timeline, tied to the claim.
    const events = claimDetail(db, admin1, lateClaim, at("2026-05-16 12:00"))!.timeline.map((e) => [e.type, e.claimId]);
    expect(events).toEqual([
      ["claimed", lateClaim],
      ["interception_overridden", lateClaim],
      ["granted", lateClaim],
    ]);
  });
});

describe("the monthly report", () => {
  const bureau: SessionUser = {
    id: "bureau-1",
    username: "analyst",
    role: "bureau",
    displayName: "李分析",
    enterpriseId: null,
    institutionId: null,
  };
  beforeAll(() => {
    db.insert(users)
      .values({
        id: bureau.id,
        username: bureau.username,
        passwordHash: "x",
        role: bureau.role,
        displayName: bureau.displayName,
        createdAt: 0,
      })
      .run();
  });

  it("counts interceptions and overrides of each month exactly", () => {
    // Worked by hand from the stories above:
    //   拦截次数   April: 04-30 23:00 (甲 claims N1).                                        → 1
    //              May:   05-06 10:00 (甲, N1), 05-06 12:00 (乙, N1), 05-16 10:00 (甲 grant, E_LATE) → 3
    //              June:  06-02 09:00 (乙, N4).                                             → 1
    //              Not counted: the officer's and 乙's refused overrides (not decisions), 甲's grants refused
    //              on the minimum grade (not a knock-out).
    //   豁免记录数 May: 05-06 (N1), 05-20 (N2), 05-16 (N7, from the claim page) → 3; April and June 0.
    //   豁免受理   May: 05-06 11:30 (N1), 05-20 10:00 (N2) → 2.
    //   豁免放款   May: disbursed 05-08 (N1) and 05-31 (N2, recorded 06-01) → 2; June 0.
    //   (甲's grant on N7 under the override is recorded but not a row of the report.)
    const zero = { interceptions: 0, overrides: 0, overriddenClaims: 0, overriddenLoans: 0 };
    const may = computeReport(db, "2026-05", at("2026-06-10 09:00")).interception!;
    expect(may.month).toEqual({ interceptions: 3, overrides: 3, overriddenClaims: 2, overriddenLoans: 2 });
    expect(may.ytd).toEqual({ interceptions: 4, overrides: 3, overriddenClaims: 2, overriddenLoans: 2 });
    expect(may.cumulative).toEqual(may.ytd);
    const april = computeReport(db, "2026-04", at("2026-06-10 09:00")).interception!;
    expect(april.month).toEqual({ ...zero, interceptions: 1 });
    const june = computeReport(db, "2026-06", at("2026-06-10 09:00")).interception!;
    expect(june.month).toEqual({ ...zero, interceptions: 1 });
    expect(june.ytd).toEqual({ interceptions: 5, overrides: 3, overriddenClaims: 2, overriddenLoans: 2 });
  });

  it("a frozen May keeps its counts when a disbursement dated in May is recorded later", () => {
    expect(freezeReport(db, bureau, "2026-05", at("2026-06-10 09:00"))).toEqual({ ok: true, revision: 1 });
    expect(loadReport(db, "2026-05", at("2026-06-10 10:00")).changedSinceFrozen).toBe(false);
    // 甲 records on June 11 the N7 loan (granted under override) as disbursed on May 29.
    expect(disburseClaim(db, officer1, lateClaim, { amount: 60 * WAN, disbursedOn: "2026-05-29" }, at("2026-06-11 09:00"))).toMatchObject({
      ok: true,
    });
    expect(computeReport(db, "2026-05", at("2026-06-12 09:00")).interception!.month.overriddenLoans).toBe(3);
    const view = loadReport(db, "2026-05", at("2026-06-12 09:00"));
    expect(view.state.kind).toBe("frozen");
    expect(view.data.interception!.month).toEqual({ interceptions: 3, overrides: 3, overriddenClaims: 2, overriddenLoans: 2 });
    expect(view.changedSinceFrozen).toBe(true);
  });
});

describe("append-only", () => {
  it("refuses to change or remove an interception or an override", () => {
    expect(() => db.$client.prepare("UPDATE interceptions SET outcome = 'overridden'").run()).toThrow(/append-only/);
    expect(() => db.$client.prepare("DELETE FROM interception_overrides").run()).toThrow(/append-only/);
  });
});

describe("an override covers the records it named, not the knock-out's code (decision 039)", () => {
  const firm = () => f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2026-01-05 09:00" });

  it("refuses a second court case opened after the override, naming it, until a new override covers it too", () => {
    const E_TWO = firm();
    ingest(db, "event", [event(E_TWO, "enforcement_open", "2026-07-01", "(2026)苏05执50号")], at("2026-07-02 09:00"));
    const N8 = f.need(E_TWO, 50, "2026-07-03 10:00");
    const first = recordOverride(db, admin1, N8, { reason: "执行标的已提存法院，待法院出具结案文书" }, at("2026-07-03 11:00"));
    expect(first).toMatchObject({ ok: true });
    const claimed = claimNeed(db, officer1, N8, at("2026-07-03 12:00"));
    expect(claimed).toMatchObject({ ok: true });
    const claimId = (claimed as { claimId: number }).claimId;
    expect(grantClaim(db, officer1, claimId, { ...grant, amount: 50 * WAN }, at("2026-07-04 09:00"))).toEqual({ ok: true });

    ingest(db, "event", [event(E_TWO, "enforcement_open", "2026-07-05", "(2026)苏05执61号")], at("2026-07-06 09:00"));
    const disburse = (when: string) => disburseClaim(db, officer1, claimId, { amount: 50 * WAN, disbursedOn: "2026-07-07" }, at(when));
    const refused = disburse("2026-07-07 09:00");
    expect(refused).toMatchObject({ ok: false, status: 409, code: "intercepted" });
    expect(refused.ok === false && refused.message).toContain("本机构此前记录的豁免不涵盖：(2026)苏05执61号。");
    const panel = interceptionPanel(db, B1, { needId: N8, claimedAt: at("2026-07-03 12:00") }, E_TWO, at("2026-07-07 09:30"));
    expect(panel).toMatchObject({
      needsOverride: true,
      knockOuts: [{ code: "enforcement", references: ["(2026)苏05执50号", "(2026)苏05执61号"], overridden: false }],
    });

    const second = recordOverride(db, admin1, N8, { reason: "第二起案件系同一债务重复立案，已核实" }, at("2026-07-07 10:00"));
    expect(second).toMatchObject({ ok: true });
    expect(disburse("2026-07-07 11:00")).toMatchObject({ ok: true });
    const ids = [first, second].map((o) => (o as { overrideId: number }).overrideId);
    const let_through = db
      .select()
      .from(interceptions)
      .where(and(eq(interceptions.needId, N8), eq(interceptions.action, "disburse"), eq(interceptions.outcome, "overridden")))
      .get()!;
    expect(let_through.overrideIds).toEqual(ids);
    expect(
      needTimeline(db, N8)
        .filter((e) => e.type === "interception_overridden")
        .map((e) => e.text),
    ).toEqual([
      "机构管理员记录豁免：企业存在否决项（法院强制执行：(2026)苏05执50号），经审查同意继续办理。豁免理由：执行标的已提存法院，待法院出具结案文书",
      "机构管理员记录豁免：企业存在否决项（法院强制执行：(2026)苏05执50号、(2026)苏05执61号），经审查同意继续办理。豁免理由：第二起案件系同一债务重复立案，已核实",
    ]);
  });

  it("an override recorded before overrides named records covers only the records received by then, and shows its reason", () => {
    const E_OLD = firm();
    ingest(db, "event", [event(E_OLD, "dishonest_entry", "2026-07-01", "苏税稽〔2026〕31号")], at("2026-07-02 09:00"));
    const N9 = f.need(E_OLD, 30, "2026-07-02 10:00");
    // As recorded before decision 039: codes and reasons, no references; the event without the reason.
    const legacy = db
      .insert(interceptionOverrides)
      .values({
        institutionId: B1,
        needId: N9,
        enterpriseId: E_OLD,
        knockOuts: [{ code: "dishonest", reason: "列入严重失信主体名单（2026-07-01 列入），尚未移出或完成信用修复" }],
        reason: "企业已缴清欠税，移出名单手续在办",
        userId: admin1.id,
        at: at("2026-07-02 11:00"),
      })
      .returning()
      .get();
    db.insert(needEvents)
      .values({
        needId: N9,
        type: "interception_overridden",
        actorUserId: admin1.id,
        actorInstitutionId: B1,
        at: legacy.at,
        detail: { overrideId: legacy.id, knockOuts: ["dishonest"] },
      })
      .run();
    const claimed = claimNeed(db, officer1, N9, at("2026-07-02 12:00"));
    expect(claimed).toMatchObject({ ok: true });
    const claimId = (claimed as { claimId: number }).claimId;

    // A second listing received after the override: not covered by it.
    ingest(db, "event", [event(E_OLD, "dishonest_entry", "2026-06-20", "苏税稽〔2026〕40号")], at("2026-07-03 09:00"));
    const refused = grantClaim(db, officer1, claimId, { ...grant, amount: 30 * WAN }, at("2026-07-03 10:00"));
    expect(refused).toMatchObject({ ok: false, status: 409, code: "intercepted" });
    expect(refused.ok === false && refused.message).toContain("本机构此前记录的豁免不涵盖：苏税稽〔2026〕40号。");

    expect(needTimeline(db, N9, B1)[0]).toMatchObject({
      type: "interception_overridden",
      text: "机构管理员记录豁免：企业存在否决项（严重失信主体名单），经审查同意继续办理。豁免理由：企业已缴清欠税，移出名单手续在办",
    });
  });
});
