/**
 * The enterprise's workbench (/sme) from one service call: needs in progress, offers waiting for the
 * firm's decision, its score with the change since last month, unread messages, loans nearing maturity
 * and the policies it qualifies for — its own only, never another firm's.
 *
 * "Now" is 2026-11-20 10:00 (Asia/Shanghai).
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rescoreEnterprises } from "~/services/scoring.server";
import { enterpriseWorkbench } from "~/services/workbench.server";
import { writeTransaction } from "~db/connection";
import { creditScores, needs, notifications, policies, policyDeliveries } from "~db/schema";
import { notify } from "~/services/notifications.server";
import { enterpriseUser } from "../support/credit";
import { createTestDatabase } from "../support/db";
import { at, createFacts } from "../support/facts";

const { db } = createTestDatabase();
const f = createFacts(db);
const NOW = at("2026-11-20 10:00");

const FIRM = f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2026-01-05 09:00" });
const OTHER = f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2026-01-05 09:00" });
const BANK = f.institution({ name: "甲银行", joined: "2026-01-01 09:00" });
const BANK2 = f.institution({ name: "乙银行", joined: "2026-01-01 09:00" });
const firm = enterpriseUser(db, FIRM);

let waiting: number;
let claimed: number;
let offered: number;
let expiredButHandled: number;
let offerClaim: number;
let dueSoon: number;

function policy(title: string, validTo: string) {
  return db
    .insert(policies)
    .values({
      title,
      body: "正文",
      issuer: "苏州市地方金融管理局",
      benefitKind: "interest_subsidy",
      validFrom: "2026-01-01",
      validTo,
      status: "published",
      createdAt: at("2026-10-01 09:00"),
      publishedAt: at("2026-10-01 09:00"),
    })
    .returning()
    .get().id;
}

beforeAll(() => {
  waiting = f.need(FIRM, 80, "2026-11-19 09:00");
  claimed = f.need(FIRM, 300, "2026-11-10 09:00");
  f.claim(claimed, BANK, "2026-11-10 15:00");
  offered = f.need(FIRM, 150, "2026-11-05 09:00");
  f.claim(offered, BANK, "2026-11-05 12:00"); // rejected below: one bank said no …
  offerClaim = f.claim(offered, BANK2, "2026-11-06 09:00", { granted: "2026-11-18 16:00", amountWan: 120 }); // … another offers
  db.$client
    .prepare("UPDATE claims SET status = 'rejected', decided_at = ? WHERE need_id = ? AND institution_id = ?")
    .run(at("2026-11-08 09:00"), offered, BANK);
  // Past its date, but a bank still handles it: still in progress.
  expiredButHandled = f.need(FIRM, 60, "2026-09-01 09:00");
  db.update(needs).set({ expiresOn: "2026-10-01" }).where(eq(needs.id, expiredButHandled)).run();
  f.claim(expiredButHandled, BANK, "2026-09-02 09:00");
  // Not in progress: withdrawn, and past its date with nobody handling it.
  const withdrawn = f.need(FIRM, 10, "2026-08-01 09:00");
  db.update(needs)
    .set({ status: "withdrawn", closedAt: at("2026-08-02 09:00") })
    .where(eq(needs.id, withdrawn))
    .run();
  const lapsed = f.need(FIRM, 20, "2026-08-01 09:00");
  db.update(needs).set({ expiresOn: "2026-09-01" }).where(eq(needs.id, lapsed)).run();
  // Another firm's need and offer: never on this workbench.
  const theirs = f.need(OTHER, 500, "2026-11-19 09:00");
  f.claim(theirs, BANK, "2026-11-19 10:00", { granted: "2026-11-19 16:00", amountWan: 500 });

  // Loans: one maturing in 10 days, one in 5 months, one settled.
  dueSoon = f.loan(
    f.claim(f.need(FIRM, 100, "2025-11-01 09:00"), BANK, "2025-11-01 10:00", { granted: "2025-11-02 09:00", amountWan: 100 }),
    {
      disbursedOn: "2025-11-30",
      amountWan: 100,
      rateBp: 400,
      mode: "credit",
    },
  );
  f.loan(f.claim(f.need(FIRM, 50, "2026-04-01 09:00"), BANK2, "2026-04-01 10:00", { granted: "2026-04-02 09:00", amountWan: 50 }), {
    disbursedOn: "2026-04-20",
    amountWan: 50,
    rateBp: 420,
    mode: "credit",
  });
  db.$client.prepare("UPDATE claims SET status = 'disbursed' WHERE id IN (SELECT claim_id FROM loans)").run();
  db.$client.prepare("UPDATE needs SET status = 'fulfilled', closed_at = updated_at WHERE id IN (SELECT need_id FROM loans)").run();

  // Scores: today's (data month 2026-10), and last month's 17 points lower, the month before 40 lower.
  rescoreEnterprises(db, [FIRM], NOW);
  const current = db.select().from(creditScores).where(eq(creditScores.enterpriseId, FIRM)).get()!;
  const { id: _id, ...row } = current;
  db.insert(creditScores)
    .values([
      { ...row, asOfMonth: "2026-08", score: current.score - 40, computedAt: at("2026-09-05 04:00"), isCurrent: false },
      { ...row, asOfMonth: "2026-09", score: current.score - 17, computedAt: at("2026-10-05 04:00"), isCurrent: false },
    ])
    .run();

  // Messages: two unread and one read for the firm, one for the other firm.
  writeTransaction(db, (tx) => {
    notify(tx, {
      to: { enterpriseId: FIRM },
      kind: "claim.granted",
      title: "获得授信",
      body: "乙银行向您授信",
      link: `/sme/needs/${offered}`,
      at: at("2026-11-18 16:00"),
    });
    notify(tx, {
      to: { enterpriseId: FIRM },
      kind: "need.claimed",
      title: "金融机构已受理您的需求",
      body: "甲银行受理了您的需求",
      at: at("2026-11-10 15:00"),
    });
    notify(tx, { to: { enterpriseId: FIRM }, kind: "need.claimed", title: "已读的一条", body: "旧消息", at: at("2026-11-01 15:00") });
    notify(tx, { to: { enterpriseId: OTHER }, kind: "claim.granted", title: "别家的授信", body: "不该看到", at: at("2026-11-19 16:00") });
  });
  db.update(notifications).set({ readAt: NOW }).where(eq(notifications.title, "已读的一条")).run();

  // Policies: two live (one read), one expired.
  const read = policy("首贷贴息", "2027-06-30");
  policy("担保费补贴", "2027-12-31");
  policy("已过期的政策", "2026-06-30");
  db.insert(policyDeliveries)
    .values({ policyId: read, enterpriseId: FIRM, notifiedAt: at("2026-10-01 09:00"), readAt: at("2026-10-02 09:00") })
    .run();
});

describe("the enterprise workbench", () => {
  it("lists the needs still in progress, newest first, with where each stands", () => {
    const w = enterpriseWorkbench(db, firm, NOW)!;
    expect(w.needs.total).toBe(4);
    expect(w.needs.rows.map((n) => [n.id, n.stage, n.status, n.inProgress])).toEqual([
      [waiting, "waiting", "open", 0],
      [claimed, "claimed", "open", 1],
      [offered, "offer", "open", 1],
      [expiredButHandled, "claimed", "expired", 1],
    ]);
  });

  it("shows the offer waiting for its decision, and not another firm's", () => {
    const w = enterpriseWorkbench(db, firm, NOW)!;
    expect(w.offers).toEqual([
      {
        claimId: offerClaim,
        needId: offered,
        institution: "乙银行",
        amountFen: 120 * 1_000_000,
        rateBp: 400,
        termMonths: 12,
        guaranteeMode: null,
        grantedAt: at("2026-11-18 16:00"),
      },
    ]);
  });

  it("gives the score and grade with the change since last month's score", () => {
    const w = enterpriseWorkbench(db, firm, NOW)!;
    expect(w.score).toMatchObject({ asOfMonth: "2026-10", change: 17, previous: { asOfMonth: "2026-09", sameModel: true } });
    expect(w.score!.previous!.score).toBe(w.score!.score - 17);
    expect(["A", "B", "C", "D"]).toContain(w.score!.grade);
  });

  it("counts its unread messages and shows the latest, never another firm's", () => {
    const w = enterpriseWorkbench(db, firm, NOW)!;
    expect(w.messages.unread).toBe(2);
    expect(w.messages.latest.map((m) => m.title)).toEqual(["获得授信", "金融机构已受理您的需求"]);
  });

  it("flags the loan maturing within 30 days, not the later one", () => {
    const w = enterpriseWorkbench(db, firm, NOW)!;
    expect(w.loans).toHaveLength(2);
    expect(w.maturing.map((l) => [l.id, l.maturesOn, l.daysLeft, l.state])).toEqual([[dueSoon, "2026-11-30", 10, "due_soon"]]);
  });

  it("keeps the policies it qualifies for (可享政策), live ones only, with the unread count", () => {
    const w = enterpriseWorkbench(db, firm, NOW)!;
    expect(w.policies.total).toBe(2);
    expect(w.policies.unread).toBe(1);
    expect(w.policies.rows.map((p) => [p.title, p.read])).toEqual([
      ["担保费补贴", false],
      ["首贷贴息", true],
    ]);
  });

  it("is undefined for a user without an enterprise", () => {
    expect(enterpriseWorkbench(db, { ...firm, enterpriseId: null }, NOW)).toBeUndefined();
  });
});
