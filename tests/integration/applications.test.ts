/**
 * Applications a bank can act on (decision 038), through the services against a migrated database:
 * a knocked-out firm is refused when it applies (an open need it may still post); the product's
 * institution lists every application to its products, those its queue leaves out marked with why;
 * 不予受理 closes the application with a reason the firm is told, audited and on the timeline; and the
 * 3-working-day service level counts only what the institution could act on.
 *
 * The cast (Asia/Shanghai):
 *   E_BAD   on the serious-dishonesty list since 2026-03-01 (recorded, and scored, 04-01).
 *   E_GOOD  no public records, no score.
 *   E_FAR   in 吴江区, which 甲's district-limited product does not serve.
 *   甲 (B1) with P1 (all districts) and P1_GUSU (姑苏区 only); 乙 (B2) with P2.
 */
import { currentCommitment } from "~/domain/commitments";
import { and, eq } from "drizzle-orm";
import * as v from "valibot";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/auth/session.server";
import { declineApplicationSchema } from "~/lib/validation/applications";
import { declineApplication, institutionApplications } from "~/services/applications.server";
import { claimNeed } from "~/services/claims.server";
import { enterpriseNeedDetail, applicationBarrier, postNeed } from "~/services/needs.server";
import { needTimeline } from "~/services/need-events.server";
import { flagServiceLevelBreaches, serviceLevelBreaches, standingBreaches } from "~/services/service-levels.server";
import { auditLog, authorizations, needEvents, needs, notifications, products } from "~db/schema";
import { enterpriseUser, ingest } from "../support/credit";
import { createTestDatabase } from "../support/db";
import { at, createFacts } from "../support/facts";

const { db } = createTestDatabase();
const f = createFacts(db);
const WAN = 1_000_000;

const E_BAD = f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2026-01-05 09:00" });
const E_GOOD = f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2026-01-05 09:00" });
const E_FAR = f.enterprise({ district: "320509", industry: "C", size: "small", registered: "2026-01-05 09:00" });
const B1 = f.institution({ name: "甲银行", joined: "2026-01-01 09:00" });
const B2 = f.institution({ name: "乙银行", joined: "2026-01-01 09:00" });
const P1 = f.product(B1, [{ listed: "2026-01-02 09:00" }]);
const P1_GUSU = f.product(B1, [{ listed: "2026-01-02 09:00" }]);
const P2 = f.product(B2, [{ listed: "2026-01-02 09:00" }]);
db.update(products)
  .set({ eligibleDistricts: ["320508"] })
  .where(eq(products.id, P1_GUSU))
  .run();

const officer = (institutionId: number): SessionUser => ({
  id: `officer-${institutionId}`,
  username: `officer-${institutionId}`,
  role: "bank_officer",
  displayName: "经理",
  enterpriseId: null,
  institutionId,
});
const officer1 = officer(B1);
const officer2 = officer(B2);
const bad = enterpriseUser(db, E_BAD);
const good = enterpriseUser(db, E_GOOD);
const far = enterpriseUser(db, E_FAR);

const needInput = (targetProductId: number | null) => ({
  amountFen: 100 * WAN,
  termMonths: 12,
  purpose: "流动资金周转：支付货款",
  guaranteeMode: null,
  rateCeilingBp: 550,
  expiresOn: "2026-12-31",
  targetProductId,
  commitmentVersion: currentCommitment("need").version,
});

/** An application written as the portal wrote them before decision 038 (no barrier), by a knocked-out firm. */
function applicationBefore038(enterpriseId: number, productId: number, posted: string): number {
  return db
    .insert(needs)
    .values({
      enterpriseId,
      amountFen: 50 * WAN,
      termMonths: 12,
      purpose: "流动资金",
      targetProductId: productId,
      postedAt: at(posted),
      expiresOn: "2026-12-31",
      updatedAt: at(posted),
    })
    .returning()
    .get().id;
}

let oldBad: number;
let goodApplication: number;
let farApplication: number;

beforeAll(() => {
  ingest(
    db,
    "event",
    [
      {
        uscc: bad.uscc,
        kind: "dishonest_entry",
        occurredOn: "2026-03-01",
        reference: "苏税稽〔2026〕8号",
        authority: "国家税务总局苏州市税务局",
        description: "列入重大税收违法失信主体名单",
      },
    ],
    at("2026-04-01 09:00"),
  );
  oldBad = applicationBefore038(E_BAD, P1, "2026-04-21 10:00"); // a Tuesday
  const posted = postNeed(db, good, needInput(P1), at("2026-04-21 10:00"));
  const farPosted = postNeed(db, far, needInput(P1_GUSU), at("2026-04-21 10:00"));
  if (!posted.ok || !farPosted.ok) throw new Error("setup");
  goodApplication = posted.needId;
  farApplication = farPosted.needId;
});

describe("a knocked-out firm applying", () => {
  it("is told why, before it submits (the barrier the product page and form show)", () => {
    const barrier = applicationBarrier(db, E_BAD, at("2026-04-22 09:00"));
    expect(barrier?.knockOuts.map((k) => k.code)).toEqual(["dishonest"]);
    expect(barrier?.message).toMatch(/^贵企业目前存在否决项，暂不能申请信贷产品：列入严重失信主体名单（2026-03-01 列入）/);
    expect(applicationBarrier(db, E_GOOD, at("2026-04-22 09:00"))).toBeNull();
  });

  it("is refused by the server with the same words, and nothing is written", () => {
    const before = db.select().from(needs).all().length;
    const refused = postNeed(db, bad, needInput(P1), at("2026-04-22 09:00"));
    expect(refused).toMatchObject({ ok: false, status: 409, field: "targetProductId", code: "knocked_out" });
    expect(!refused.ok && refused.message).toContain("暂不能申请信贷产品：列入严重失信主体名单");
    expect(db.select().from(needs).all()).toHaveLength(before);
    expect(
      db
        .select()
        .from(notifications)
        .where(and(eq(notifications.institutionId, B1), eq(notifications.kind, "need.applied")))
        .all(),
    ).toHaveLength(2); // E_GOOD's and E_FAR's applications only
  });

  it("may still post a need open to all (it waits outside every queue until the knock-out is gone)", () => {
    const open = postNeed(db, bad, needInput(null), at("2026-04-22 09:00"));
    expect(open.ok).toBe(true);
  });
});

describe("the institution's applications", () => {
  const now = at("2026-04-22 09:00");

  it("lists every application to its products, marking those its queue leaves out with why", () => {
    const list = institutionApplications(db, B1, { scope: "pending", page: 1 }, now);
    expect(list.pending).toBe(3);
    expect(list.outsideQueue).toBe(2);
    const byNeed = new Map(list.rows.map((r) => [r.needId, r]));
    expect(byNeed.get(goodApplication)).toMatchObject({ state: "in_queue", outsideQueueBecause: [], knockedOut: false });
    expect(byNeed.get(oldBad)).toMatchObject({
      state: "outside_queue",
      knockedOut: true,
      outsideQueueBecause: [expect.stringMatching(/^企业存在否决项：列入严重失信主体名单/)],
    });
    expect(byNeed.get(farApplication)).toMatchObject({
      state: "outside_queue",
      knockedOut: false,
      outsideQueueBecause: [expect.stringMatching(/^不符合所申请产品的条件：.*吴江区/)],
    });
  });

  it("shows another institution none of them", () => {
    const list = institutionApplications(db, B2, { scope: "all", page: 1 }, now);
    expect(list.rows).toEqual([]);
    expect(list.pending).toBe(0);
  });
});

describe("不予受理", () => {
  it("is refused to another institution, and its form needs a reason (a note for 其他原因)", () => {
    expect(declineApplication(db, officer2, oldBad, { reason: "knocked_out", note: "" }, at("2026-04-22 10:00"))).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(v.safeParse(declineApplicationSchema, { reason: "", note: "" }).success).toBe(false);
    const other = v.safeParse(declineApplicationSchema, { reason: "other", note: "无" });
    expect(other.success).toBe(false);
    expect(!other.success && other.issues[0]?.path?.[0]?.key).toBe("note");
  });

  it("closes the application, tells the firm why, is audited and shows on the timeline", () => {
    const done = declineApplication(
      db,
      officer1,
      oldBad,
      { reason: "knocked_out", note: "请完成信用修复后再申请" },
      at("2026-04-22 10:00"),
    );
    expect(done.ok).toBe(true);
    const need = db.select().from(needs).where(eq(needs.id, oldBad)).get()!;
    expect(need).toMatchObject({ status: "declined", closedAt: at("2026-04-22 10:00") });
    const told = db
      .select()
      .from(notifications)
      .where(and(eq(notifications.enterpriseId, E_BAD), eq(notifications.kind, "need.declined")))
      .get()!;
    expect(told.body).toBe(
      `您对“${db.select().from(products).where(eq(products.id, P1)).get()!.name}”的申请（需求 #${oldBad}）不予受理：企业存在否决项（严重失信、被强制执行或纳税信用 D 级）（请完成信用修复后再申请）`,
    );
    const audited = db.select().from(auditLog).where(eq(auditLog.action, "application.decline")).all();
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actorUserId: officer1.id, targetType: "need", targetId: String(oldBad) });
    const text = "不予受理：企业存在否决项（严重失信、被强制执行或纳税信用 D 级）（请完成信用修复后再申请）";
    expect(enterpriseNeedDetail(db, E_BAD, oldBad, at("2026-04-22 10:00"))!.timeline.map((e) => e.text)).toContain(text);
    expect(needTimeline(db, oldBad, B1).map((e) => e.text)).toContain(text);
    // The permission to read the firm's credit profile for it ends.
    const live = db
      .select()
      .from(authorizations)
      .where(and(eq(authorizations.needId, oldBad)))
      .all()
      .filter((a) => a.revokedAt === null);
    expect(live).toEqual([]);
    const row = institutionApplications(db, B1, { scope: "all", page: 1 }, at("2026-04-22 11:00")).rows.find((r) => r.needId === oldBad);
    expect(row).toMatchObject({ state: "declined", declined: { text: text.slice("不予受理：".length) } });
  });

  it("cannot be given twice, nor to an application the institution has claimed", () => {
    expect(declineApplication(db, officer1, oldBad, { reason: "other", note: "重复操作测试" }, at("2026-04-22 11:00"))).toMatchObject({
      ok: false,
      status: 409,
    });
    const claimed = claimNeed(db, officer1, goodApplication, at("2026-04-22 11:00"));
    expect(claimed.ok).toBe(true);
    expect(declineApplication(db, officer1, goodApplication, { reason: "not_eligible", note: "" }, at("2026-04-22 12:00"))).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringContaining("已受理"),
    });
  });
});

describe("service levels count only what the institution could act on", () => {
  // Posted 2026-04-21 10:00 (Tuesday): the 3-working-day deadline is Friday 04-24 10:00.
  const MAY = at("2026-05-01 00:00");

  it("a knocked-out firm's need is no breach; an eligible application left unclaimed is, against its bank", () => {
    const badOpen = applicationBefore038(E_BAD, P2, "2026-04-21 10:00"); // to 乙, never answered
    const goodLate = postNeed(db, good, needInput(P2), at("2026-04-21 10:00")); // to 乙, never answered
    if (!goodLate.ok) throw new Error();
    const april = serviceLevelBreaches(db, at("2026-04-01 00:00"), MAY, MAY);
    const b2 = april.byInstitution.find((i) => i.institutionId === B2);
    // 乙: only E_GOOD's application; E_BAD's (knocked out since 04-01) is not counted.
    expect(b2?.unclaimedApplications).toBe(1);
    // 甲: E_FAR's application, outside its queue but answerable (no knock-out), counts; the declined one does not.
    expect(april.byInstitution.find((i) => i.institutionId === B1)?.unclaimedApplications).toBe(1);
    // City-wide: E_GOOD's and E_FAR's, not E_BAD's application nor its open need.
    expect(april.unclaimedNeeds).toBe(2);
    expect(standingBreaches(db, MAY).unclaimedNeeds).toBe(2);

    flagServiceLevelBreaches(db, MAY);
    const flagged = new Set(
      db
        .select({ needId: needEvents.needId })
        .from(needEvents)
        .where(eq(needEvents.type, "sla_flagged"))
        .all()
        .map((e) => e.needId),
    );
    expect(flagged.has(goodLate.needId)).toBe(true);
    expect(flagged.has(farApplication)).toBe(true);
    expect(flagged.has(badOpen)).toBe(false);
    const toldB2 = db
      .select()
      .from(notifications)
      .where(and(eq(notifications.institutionId, B2), eq(notifications.kind, "sla.unclaimed")))
      .all();
    expect(toldB2.map((n) => n.body)).toEqual([`需求 #${goodLate.needId} 已超过3个工作日无人受理，请尽快处理`]);
    expect(toldB2[0]?.link).toBe("/bank/applications");
  });

  it("an application declined before its deadline is no breach; one declined after it still is", () => {
    const early = postNeed(db, good, needInput(P2), at("2026-06-01 10:00")); // Monday: due Thursday 06-04 10:00
    const late = postNeed(db, good, needInput(P2), at("2026-06-01 10:00"));
    if (!early.ok || !late.ok) throw new Error();
    expect(declineApplication(db, officer2, early.needId, { reason: "outside_scope", note: "" }, at("2026-06-02 10:00")).ok).toBe(true);
    expect(declineApplication(db, officer2, late.needId, { reason: "outside_scope", note: "" }, at("2026-06-08 10:00")).ok).toBe(true);
    const july = at("2026-07-01 00:00");
    const june = serviceLevelBreaches(db, at("2026-06-01 00:00"), july, july);
    expect(june.byInstitution.find((i) => i.institutionId === B2)?.unclaimedApplications).toBe(1);
  });
});
