/** 推荐名单: who gets on, review with a reason, pushing (audited, told), and what officers see. */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { buildList, institutionLists, listView, pushList, removeEntry } from "~/services/recommendations.server";
import { currentScore } from "~/services/scoring.server";
import { seedDemoCity } from "~db/seed";
import { auditLog, enterprises, institutions, needs, notifications, users } from "~db/schema";
import { cleanHistory, ingest } from "../support/credit";
import { createTestDatabase } from "../support/db";
import { at } from "../support/facts";

const { db } = createTestDatabase();
const NOW = at("2026-11-20 10:00");
const DISTRICT = "320508";
let good: { id: number; uscc: string }[];
let bureauId: string;
let banks: number[];

beforeAll(async () => {
  await seedDemoCity(db, { seed: 21, enterprises: 40, months: 3, asOf: "2026-11-01" });
  db.update(needs).set({ status: "withdrawn" }).run();
  const all = db.select().from(enterprises).orderBy(enterprises.id).limit(8).all();
  for (const e of all)
    db.update(enterprises).set({ districtCode: DISTRICT, establishedOn: "2012-05-01" }).where(eq(enterprises.id, e.id)).run();
  good = all.slice(0, 6);
  ingest(
    db,
    "monthly",
    good.flatMap((e) => cleanHistory(e.uscc, "2026-10", 24)),
    NOW - 3600_000,
  );
  // Good record but knocked out; good record but no open need; ordinary record with an open need.
  ingest(
    db,
    "event",
    [
      {
        uscc: good[4]!.uscc,
        kind: "dishonest_entry",
        occurredOn: "2026-09-01",
        reference: "SX-1",
        authority: "苏州市发展改革委",
        description: "列入严重失信主体名单",
      },
    ],
    NOW - 3600_000,
  );
  const withNeeds = [...good.slice(0, 5), all[6]!];
  for (const e of withNeeds) {
    db.insert(needs)
      .values({
        enterpriseId: e.id,
        amountFen: 100_000_000,
        termMonths: 12,
        purpose: "流动资金",
        postedAt: NOW - 86_400_000,
        expiresOn: "2026-12-31",
        updatedAt: NOW,
      })
      .run();
  }
  bureauId = db.select().from(users).where(eq(users.username, "bureau")).get()!.id;
  banks = db
    .select({ id: institutions.id })
    .from(institutions)
    .orderBy(institutions.id)
    .limit(2)
    .all()
    .map((i) => i.id);
});

describe("recommendation lists", () => {
  it("lists A/B enterprises of the district with open needs, never a knocked-out one", () => {
    expect(good.slice(0, 4).every((e) => ["A", "B"].includes(currentScore(db, e.id)!.grade))).toBe(true);
    expect(currentScore(db, good[4]!.id)!.knockedOut).toBe(true);
    const { added } = buildList(db, bureauId, DISTRICT, "2026-11", NOW);
    expect(added).toBe(4);
    const view = listView(db, DISTRICT, "2026-11", NOW)!;
    expect(new Set(view.entries.map((e) => e.enterpriseId))).toEqual(new Set(good.slice(0, 4).map((e) => e.id)));
    expect(view.entries.every((e) => e.openNeeds === 1)).toBe(true);
    expect(buildList(db, bureauId, DISTRICT, "2026-11", NOW).added).toBe(0);
  });

  it("removes an entry with its reason, and building again does not bring it back", () => {
    const view = listView(db, DISTRICT, "2026-11", NOW)!;
    const entry = view.entries[0]!;
    expect(removeEntry(db, bureauId, entry.id, "企业申请暂不对接银行", NOW)).toEqual({ ok: true });
    expect(removeEntry(db, bureauId, entry.id, "重复移出", NOW)).toMatchObject({ ok: false, status: 409 });
    buildList(db, bureauId, DISTRICT, "2026-11", NOW);
    const after = listView(db, DISTRICT, "2026-11", NOW)!;
    expect(after.entries.find((e) => e.id === entry.id)).toMatchObject({ removalReason: "企业申请暂不对接银行" });
    expect(after.entries.filter((e) => e.removedAt === null)).toHaveLength(3);
  });

  it("pushes to chosen institutions only, audited and told; officers see the standing entries", () => {
    const view = listView(db, DISTRICT, "2026-11", NOW)!;
    expect(pushList(db, bureauId, view.id, [banks[0]!], NOW)).toEqual({ ok: true, pushed: 1 });
    expect(pushList(db, bureauId, view.id, [banks[0]!], NOW + 1000)).toEqual({ ok: true, pushed: 0 });
    expect(pushList(db, bureauId, view.id, [999_999], NOW)).toMatchObject({ ok: false, field: "institutionIds" });
    const audits = db.select().from(auditLog).where(eq(auditLog.action, "recommendation.push")).all();
    expect(audits).toHaveLength(2);
    expect(JSON.parse(audits[0]!.detail)).toMatchObject({ institutionIds: [banks[0]], entries: 3 });
    expect(
      db
        .select()
        .from(notifications)
        .where(and(eq(notifications.institutionId, banks[0]!), eq(notifications.kind, "recommendation.pushed")))
        .all(),
    ).toHaveLength(1);
    const seen = institutionLists(db, banks[0]!, NOW);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.entries).toHaveLength(3);
    expect(institutionLists(db, banks[1]!, NOW)).toEqual([]);
  });
});
