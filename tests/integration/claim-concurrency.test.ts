/**
 * Officers of two banks click "受理" on the same need at the same moment, each in its own process
 * on the same database file. Policy: a need open to all is claimed once per institution; a need
 * applying to one product only by that product's institution, once.
 */
import { currentCommitment } from "~/domain/commitments";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { postNeed } from "~/services/needs.server";
import { seedDemoCity } from "~db/seed";
import { claims, enterprises, institutions, products, users } from "~db/schema";
import { createTestDatabase } from "../support/db";

const run = promisify(execFile);
const { db, path } = createTestDatabase();
const SZBANK = ["szbank_officer", "szbank_officer2", "szbank_officer3"];
const ICBC = ["icbc_officer", "icbc_officer2", "icbc_officer3"];

let enterpriseUser: { id: string; username: string; role: "enterprise"; displayName: string; enterpriseId: number; institutionId: null };

beforeAll(async () => {
  await seedDemoCity(db, { seed: 3, enterprises: 30, months: 3, asOf: "2026-11-15" });
  const e = db.select().from(enterprises).where(eq(enterprises.uscc, "9132050852601815XM")).get()!;
  const u = db.select().from(users).where(eq(users.enterpriseId, e.id)).get()!;
  enterpriseUser = {
    id: u.id,
    username: u.username,
    role: "enterprise",
    displayName: u.displayName,
    enterpriseId: e.id,
    institutionId: null,
  };
});

async function race(needId: number, usernames: string[]) {
  const startAt = Date.now() + 1500; // time for every process to load before the start
  const results = await Promise.all(
    usernames.map((username) =>
      run(process.execPath, ["--import", "tsx", "tests/support/claim-worker.ts", path, String(needId), username, String(startAt)]).then(
        ({ stdout }) => JSON.parse(stdout),
      ),
    ),
  );
  return results as {
    username: string;
    institutionId: number;
    outcome?: { ok: boolean; status?: number; message?: string };
    error?: string;
  }[];
}

const needInput = {
  amountFen: 100_000_000,
  termMonths: 12,
  purpose: "流动资金周转：采购原材料",
  guaranteeMode: null,
  rateCeilingBp: null,
  expiresOn: "2099-12-31",
  commitmentVersion: currentCommitment("need").version,
};

describe("claiming under concurrency", () => {
  it("lets each institution claim a need open to all exactly once", async () => {
    const posted = postNeed(db, enterpriseUser, { ...needInput, targetProductId: null }, Date.now());
    if (!posted.ok) throw new Error(posted.message);
    const results = await race(posted.needId, [...SZBANK, ...ICBC]);
    expect(results.filter((r) => r.error)).toEqual([]);
    for (const bank of [SZBANK, ICBC]) {
      const mine = results.filter((r) => bank.includes(r.username));
      expect(mine.filter((r) => r.outcome!.ok)).toHaveLength(1);
      for (const loser of mine.filter((r) => !r.outcome!.ok)) {
        expect(loser.outcome).toMatchObject({ status: 409, message: expect.stringContaining("本机构已受理该需求") });
      }
    }
    const stored = db.select().from(claims).where(eq(claims.needId, posted.needId)).all();
    expect(new Set(stored.map((c) => c.institutionId)).size).toBe(2);
    expect(stored).toHaveLength(2);
  });

  it("lets only the product's institution claim a need applying to that product, once", async () => {
    const szbank = db.select().from(institutions).where(eq(institutions.shortName, "苏州银行")).get()!;
    const productId = db
      .insert(products)
      .values({
        institutionId: szbank.id,
        name: "苏科贷",
        amountMinFen: 1_000_000,
        amountMaxFen: 1_000_000_000,
        rateMinBp: 350,
        rateMaxBp: 600,
        termMinMonths: 1,
        termMaxMonths: 36,
        guaranteeModes: ["credit"],
        tags: [],
        listed: true,
        createdAt: 0,
        updatedAt: 0,
      })
      .returning()
      .get().id;
    const posted = postNeed(db, enterpriseUser, { ...needInput, targetProductId: productId }, Date.now());
    if (!posted.ok) throw new Error(posted.message);
    const results = await race(posted.needId, [...SZBANK, ...ICBC]);
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(results.filter((r) => r.outcome!.ok).map((r) => r.institutionId)).toEqual([szbank.id]);
    for (const other of results.filter((r) => ICBC.includes(r.username))) expect(other.outcome).toMatchObject({ ok: false, status: 404 });
    expect(db.select().from(claims).where(eq(claims.needId, posted.needId)).all()).toHaveLength(1);
  });
});
