/**
 * kill -9 of the real server (the built portal, as `npm start` runs it), then a restart on the same
 * database: (a) while enterprises post needs and officers claim them, (b) while a 100,000-row pushed
 * credit batch is being applied. Nothing is corrupted, every answered write is there, no write is
 * there by halves, sessions survive, and the cut-off batch goes through whole when sent again.
 */
import { currentCommitment } from "~/domain/commitments";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { dateOf, monthOf } from "~/lib/time";
import { openDatabase, type AppDatabase } from "~db/connection";
import { currentRowSql } from "~db/schema";
import { seedDemoCity } from "~db/seed";
import { createTestDatabase } from "../support/db";
import { launchPortal, signInOverHttp, type PortalProcess } from "../support/portal-process";
import { issueProviderToken, pushBatchRequest, taxHistoryBatch } from "../support/push-batches";
import { comparable, enginePeriods, referencePeriods } from "../support/statistics-reference";

const ENTERPRISES = 1_000;
const TAX_MONTHS = 100; // 100,000 rows
const WRITERS = 8;

let templatePath: string;
let token: string;
let usccs: string[];
/** Enterprises without an open need, so each can post up to ten. */
let posters: string[];
const running: PortalProcess[] = [];

beforeAll(async () => {
  const { db, path } = createTestDatabase();
  await seedDemoCity(db, { seed: 11, enterprises: ENTERPRISES, months: 3, asOf: dateOf(Date.now()) });
  token = issueProviderToken(db, "苏州市税务局", ["tax"]);
  usccs = (db.$client.prepare("SELECT uscc FROM enterprises ORDER BY id").all() as { uscc: string }[]).map((r) => r.uscc);
  posters = (
    db.$client
      .prepare(
        "SELECT u.username FROM users u WHERE u.role = 'enterprise' AND NOT EXISTS (SELECT 1 FROM needs n WHERE n.enterprise_id = u.enterprise_id AND n.status = 'open') ORDER BY u.enterprise_id LIMIT ?",
      )
      .all(WRITERS) as { username: string }[]
  ).map((r) => r.username);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  templatePath = path;
}, 120_000);

afterEach(async () => {
  for (const portal of running.splice(0)) await portal.kill();
});

function freshCity(): string {
  const path = join(inject("testDatabaseDir"), `crash-${randomUUID()}.sqlite`);
  copyFileSync(templatePath, path);
  return path;
}

async function start(path: string): Promise<PortalProcess> {
  const portal = await launchPortal(path, { SEED: "none" });
  running.push(portal);
  return portal;
}

/** What a reopened database must pass whatever was cut off. */
function expectIntact(db: AppDatabase) {
  expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
  expect(db.$client.pragma("foreign_key_check")).toEqual([]);
}

const rows = (db: AppDatabase, sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params);
const count = (db: AppDatabase, sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;

const NEED_FORM = {
  amount: "200",
  termMonths: "12",
  purposeCategory: "原材料采购",
  purpose: "采购原材料备货",
  guaranteeMode: "",
  rateCeiling: "",
  expiresOn: "",
  authorize: "yes",
  commitment: currentCommitment("need").version,
};

describe("kill -9 during writes", () => {
  it("restarts intact: answered writes kept, each need whole, statistics equal a recount, sessions valid", async () => {
    const path = freshCity();
    const portal = await start(path);
    const origin = portal.baseUrl;
    const enterpriseCookies = await Promise.all(posters.map((u) => signInOverHttp(origin, u)));
    const officerCookies = await Promise.all(["szbank_officer", "icbc_officer"].map((u) => signInOverHttp(origin, u)));

    const postedNeeds: number[] = [];
    /** The needs the first enterprise posted: it reads one of its own after the restart. */
    const firstEnterpriseNeeds: number[] = [];
    const claimed: number[] = [];
    const answers = new Map<number, number>();
    const failures: unknown[] = [];
    let killed = false;
    const post = (path: string, cookie: string, form: Record<string, string>) =>
      fetch(`${origin}${path}`, {
        method: "POST",
        headers: { Cookie: cookie, Origin: origin },
        body: new URLSearchParams(form),
        redirect: "manual",
      });
    /** Repeats `step` until the server is killed (its requests then fail) and records the answers. */
    const loop = async (step: () => Promise<Response>, onRedirect: (location: string) => void) => {
      while (!killed) {
        try {
          const response = await step();
          answers.set(response.status, (answers.get(response.status) ?? 0) + 1);
          if (response.status === 302) onRedirect(response.headers.get("Location") ?? "");
          await response.arrayBuffer();
        } catch (error) {
          // After the kill requests fail by design; before it, a failure is a finding.
          if (!killed) failures.push(error);
          return;
        }
      }
    };
    const loops = [
      ...enterpriseCookies.map((cookie, i) =>
        loop(
          () => post("/sme/needs/new", cookie, NEED_FORM),
          (location) => {
            const id = Number(/\/sme\/needs\/(\d+)/.exec(location)![1]);
            postedNeeds.push(id);
            if (i === 0) firstEnterpriseNeeds.push(id);
          },
        ),
      ),
      ...officerCookies.map((cookie) => {
        // Each officer claims every posted need in turn, reading its queue while it waits for new ones.
        let next = 0;
        return loop(
          () =>
            next < postedNeeds.length
              ? post("/bank/applicants", cookie, { needId: String(postedNeeds[next++]) })
              : fetch(`${origin}/bank/applicants`, { headers: { Cookie: cookie }, redirect: "manual" }),
          (location) => claimed.push(Number(/\/bank\/claims\/(\d+)/.exec(location)![1])),
        );
      }),
    ];
    const deadline = Date.now() + 30_000;
    while ((postedNeeds.length < 30 || claimed.length < 5) && failures.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    // Mid-way: every loop has a request in flight or about to be.
    killed = true;
    await portal.kill();
    await Promise.all(loops);
    expect(failures).toEqual([]);
    expect(portal.child.signalCode).toBe("SIGKILL");
    expect(postedNeeds.length).toBeGreaterThanOrEqual(30);
    expect(claimed.length).toBeGreaterThanOrEqual(5);
    expect([...answers.keys()].filter((status) => status >= 500)).toEqual([]);

    const db = openDatabase(path);
    try {
      expectIntact(db);
      // Every write the server answered is there.
      const needIds = new Set((rows(db, "SELECT id FROM needs") as { id: number }[]).map((r) => r.id));
      expect(postedNeeds.filter((id) => !needIds.has(id))).toEqual([]);
      const claimIds = new Set((rows(db, "SELECT id FROM claims") as { id: number }[]).map((r) => r.id));
      expect(claimed.filter((id) => !claimIds.has(id))).toEqual([]);
      // No need or claim by halves: each need has its posting event and its own authorization, each claim its event.
      expect(
        rows(db, "SELECT id FROM needs n WHERE (SELECT count(*) FROM need_events e WHERE e.need_id = n.id AND e.type = 'posted') <> 1"),
      ).toEqual([]);
      expect(
        rows(
          db,
          "SELECT n.id FROM needs n LEFT JOIN authorizations a ON a.id = n.authorization_id AND a.need_id = n.id WHERE n.status = 'open' AND a.id IS NULL",
        ),
      ).toEqual([]);
      expect(
        rows(db, "SELECT id FROM claims c WHERE (SELECT count(*) FROM need_events e WHERE e.claim_id = c.id AND e.type = 'claimed') <> 1"),
      ).toEqual([]);
      // The statistics cells, kept by triggers in the same transactions, equal a recount from the facts.
      const month = monthOf(Date.now());
      expect(comparable(enginePeriods(db, month))).toEqual(comparable(referencePeriods(db, month)));
    } finally {
      db.$client.close();
    }

    const again = await start(path);
    // The sessions signed in before the kill still open the role pages.
    expect(firstEnterpriseNeeds.length).toBeGreaterThan(0);
    const mine = await fetch(`${again.baseUrl}/sme/needs/${firstEnterpriseNeeds[0]}`, {
      headers: { Cookie: enterpriseCookies[0]! },
      redirect: "manual",
    });
    expect(mine.status).toBe(200);
    expect(await mine.text()).toContain("采购原材料备货");
    expect((await fetch(`${again.baseUrl}/bank/applicants`, { headers: { Cookie: officerCookies[0]! }, redirect: "manual" })).status).toBe(
      200,
    );
    // And writing goes on.
    const next = await fetch(`${again.baseUrl}/bank/applicants`, {
      method: "POST",
      headers: { Cookie: officerCookies[1]!, Origin: again.baseUrl },
      body: new URLSearchParams({ needId: String(postedNeeds[0]) }),
      redirect: "manual",
    });
    expect([302, 409]).toContain(next.status);
  }, 120_000);
});

describe("kill -9 during a credit import", () => {
  it("leaves nothing of the batch visible, rolls it back at start-up, and the same batch sent again is applied whole", async () => {
    const path = freshCity();
    const batch = taxHistoryBatch(`tax-backfill-${randomUUID()}`, usccs, TAX_MONTHS);
    expect(batch.rows.length).toBe(100_000);
    const before = openDatabase(path);
    const baseline = {
      batches: count(before, "SELECT count(*) AS n FROM credit_batches"),
      monthly: count(before, "SELECT count(*) AS n FROM credit_monthly"),
      current: count(before, "SELECT count(*) AS n FROM credit_monthly WHERE superseded_by_batch_id IS NULL"),
    };
    before.$client.close();

    const portal = await start(path);
    let answered = false;
    const pushed = pushBatchRequest(portal.baseUrl, token, batch).then(
      () => (answered = true),
      () => "cut off" as const,
    );
    // The import writes the batch in chunks under status "applying" until the last one commits: a
    // chunk of its rows committed (and no answer yet) means the server is mid-apply. Read-only probe.
    const probe = new Database(path, { readonly: true });
    let midApply = false;
    const deadline = Date.now() + 60_000;
    while (!midApply && !answered && Date.now() < deadline) {
      midApply =
        (probe
          .prepare("SELECT count(*) FROM credit_monthly WHERE batch_id IN (SELECT id FROM credit_batches WHERE status = 'applying')")
          .pluck()
          .get() as number) > 0;
      await new Promise((r) => setTimeout(r, 15));
    }
    probe.close();
    expect(answered, "the import finished before it could be cut off").toBe(false);
    expect(midApply).toBe(true);
    await portal.kill();
    expect(await pushed).toBe("cut off");

    const cut = openDatabase(path);
    try {
      expectIntact(cut);
      // Half of it is on disk, none of it visible: no applied batch, no current row of it.
      expect(count(cut, "SELECT count(*) AS n FROM credit_batches WHERE status <> 'applying'")).toBe(baseline.batches);
      expect(count(cut, `SELECT count(*) AS n FROM credit_monthly m WHERE ${currentRowSql("m")}`)).toBe(baseline.current);
    } finally {
      cut.$client.close();
    }

    // At start-up the maintenance sweep rolls the abandoned batch back.
    const again = await start(path);
    const swept = openDatabase(path);
    try {
      const until = Date.now() + 30_000;
      while (count(swept, "SELECT count(*) AS n FROM credit_batches") !== baseline.batches && Date.now() < until)
        await new Promise((r) => setTimeout(r, 100));
    } finally {
      swept.$client.close();
    }

    const db = openDatabase(path);
    try {
      expectIntact(db);
      expect(count(db, "SELECT count(*) AS n FROM credit_batches")).toBe(baseline.batches);
      expect(count(db, "SELECT count(*) AS n FROM credit_monthly")).toBe(baseline.monthly);
    } finally {
      db.$client.close();
    }

    // The sender does what docs/push-api.md says: sends the same batch, same batchId, again.
    const resent = await pushBatchRequest(again.baseUrl, token, batch);
    expect(resent.status).toBe(201);
    expect(await resent.json()).toMatchObject({
      batchId: batch.batchId,
      status: "applied",
      duplicate: false,
      rowsAccepted: 100_000,
      rowsRejected: 0,
    });
    const twice = await pushBatchRequest(again.baseUrl, token, batch);
    expect(twice.status).toBe(200);
    expect(await twice.json()).toMatchObject({ duplicate: true, rowsAccepted: 100_000 });

    const after = openDatabase(path);
    try {
      expectIntact(after);
      expect(count(after, "SELECT count(*) AS n FROM credit_batches")).toBe(baseline.batches + 1);
      expect(count(after, "SELECT count(*) AS n FROM credit_monthly")).toBe(baseline.monthly + 100_000);
    } finally {
      after.$client.close();
    }
  }, 120_000);
});
