/** The sync client against the mocked city platform: paging, retries, resuming, idempotence, bad rows. */
import { and, asc, eq } from "drizzle-orm";
import { delay, http, HttpResponse } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import {
  CreditSyncError,
  syncCredit,
  type SyncOptions,
  type SyncProgress,
  type SyncResult,
  type SyncTarget,
} from "~/services/credit-sync.server";
import type { AppDatabase } from "~db/connection";
import { creditBatches, creditEvents, creditMonthly, creditTaxGrades, enterprises, syncStaging } from "~db/schema";
import usccExamples from "../fixtures/uscc-examples.json";
import { CREDIT_PLATFORM_TOKEN, CREDIT_PLATFORM_URL, creditPlatform, monthlyItems, requestedOffset } from "../mocks/credit-platform";
import { mockServer } from "../mocks/server";
import { createTestDatabase } from "../support/db";
import { at, createFacts, registerEnterprises } from "../support/facts";

const NOW = at("2026-11-20 10:00");
const PERIOD = "2026-10";
const PLATFORM = { baseUrl: CREDIT_PLATFORM_URL, token: CREDIT_PLATFORM_TOKEN };
const ENDPOINT = `${CREDIT_PLATFORM_URL}/v1/credit/:kind`;

/** Every request that reached the platform (or an override standing in for it), in order. */
const requests: { url: URL; offset: number; authorization: string | null }[] = [];
mockServer.events.on("request:start", ({ request }) => {
  if (!request.url.startsWith(CREDIT_PLATFORM_URL)) return;
  requests.push({ url: new URL(request.url), offset: requestedOffset(request), authorization: request.headers.get("authorization") });
});
const sleeps: number[] = [];
const progress: SyncProgress[] = [];

beforeEach(() => {
  creditPlatform.reset();
  requests.length = 0;
  sleeps.length = 0;
  progress.length = 0;
});

/** A fresh database with seven registered enterprises: the fixture's five USCCs and two more. */
function city(): { db: AppDatabase; usccs: string[] } {
  const { db } = createTestDatabase();
  registerEnterprises(db, usccExamples.valid);
  const more = { district: "320508", industry: "C", size: "small" as const, registered: "2026-01-10 09:00" };
  const f = createFacts(db);
  f.enterprise(more);
  f.enterprise(more);
  return {
    db,
    usccs: db
      .select({ uscc: enterprises.uscc })
      .from(enterprises)
      .orderBy(asc(enterprises.id))
      .all()
      .map((e) => e.uscc),
  };
}

/** Seven rows in pages of two: four pages. Sleeps are recorded, not waited. */
function sync(db: AppDatabase, target: SyncTarget = "electricity", options: SyncOptions = {}, period = PERIOD): Promise<SyncResult> {
  return syncCredit(db, PLATFORM, target, period, {
    pageSize: 2,
    now: () => NOW,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onProgress: (p) => progress.push(p),
    ...options,
  });
}

function ingested(result: SyncResult) {
  if (result.status !== "ingested") throw new Error(`expected a batch, got ${result.status}`);
  return result.report;
}

/** The month's current and superseded values by enterprise, comparable across databases. */
function monthlyState(db: AppDatabase, source = "electricity") {
  return db
    .select({
      uscc: enterprises.uscc,
      quantity: creditMonthly.quantity,
      billedFen: creditMonthly.billedFen,
      paidFen: creditMonthly.paidFen,
      paidOnTime: creditMonthly.paidOnTime,
      arrearsFen: creditMonthly.arrearsFen,
      headcount: creditMonthly.headcount,
      taxPaidFen: creditMonthly.taxPaidFen,
      superseded: creditMonthly.supersededAt,
    })
    .from(creditMonthly)
    .innerJoin(enterprises, eq(enterprises.id, creditMonthly.enterpriseId))
    .where(and(eq(creditMonthly.source, source as "electricity"), eq(creditMonthly.month, PERIOD)))
    .orderBy(asc(enterprises.uscc), asc(creditMonthly.id))
    .all();
}

const offsets = () => requests.map((r) => r.offset);
const staged = (db: AppDatabase) =>
  db
    .select({ page: syncStaging.page })
    .from(syncStaging)
    .orderBy(asc(syncStaging.page))
    .all()
    .map((p) => p.page);
const batches = (db: AppDatabase) => db.select().from(creditBatches).orderBy(asc(creditBatches.id)).all();

describe("syncCredit", () => {
  it("follows the cursor through every page and applies all rows as one batch, amounts in fen", async () => {
    const { db, usccs } = city();
    creditPlatform.publish("monthly", "electricity", PERIOD, { batchId: "ELEC-2026-10-A", items: monthlyItems("electricity", usccs) });

    const result = await sync(db);

    expect(result).toMatchObject({
      status: "ingested",
      key: "monthly:electricity:2026-10",
      platformBatchId: "ELEC-2026-10-A",
      pagesFetched: 4,
      pagesResumed: 0,
      rows: 7,
    });
    expect(offsets()).toEqual([0, 2, 4, 6]);
    expect(requests.every((r) => r.url.searchParams.get("source") === "electricity" && r.url.searchParams.get("period") === PERIOD)).toBe(
      true,
    );
    expect(progress.filter((p) => p.phase === "fetch").map((p) => p.phase === "fetch" && [p.pages, p.rows, p.total, p.last])).toEqual([
      [1, 2, 7, false],
      [2, 4, 7, false],
      [3, 6, 7, false],
      [4, 7, 7, true],
    ]);
    const [batch, ...others] = batches(db);
    expect(others).toEqual([]);
    expect(batch).toMatchObject({
      origin: "sync",
      providerId: null,
      kind: "monthly",
      source: "electricity",
      month: PERIOD,
      externalId: "ELEC-2026-10-A",
      status: "applied",
      rowsTotal: 7,
      rowsAccepted: 7,
    });
    expect(ingested(result)).toMatchObject({ batchId: batch!.id, status: "applied", duplicate: false, rowsAccepted: 7 });
    const rows = monthlyState(db);
    expect(rows).toHaveLength(7);
    // 1000.10 元 billed and paid on time; the fourth enterprise paid 500 元 of 1750.13 元, late.
    expect(rows.find((r) => r.uscc === usccs[0])).toMatchObject({
      quantity: 20_000,
      billedFen: 100_010,
      paidFen: 100_010,
      paidOnTime: true,
      arrearsFen: 0,
    });
    expect(rows.find((r) => r.uscc === usccs[3])).toMatchObject({
      quantity: 23_000,
      billedFen: 175_013,
      paidFen: 50_000,
      paidOnTime: false,
      arrearsFen: 125_013,
    });
    expect(staged(db)).toEqual([]);
  });

  it("sends the token as a bearer token on every request", async () => {
    const { db, usccs } = city();
    creditPlatform.publish("monthly", "gas", PERIOD, { batchId: "GAS-2026-10", items: monthlyItems("gas", usccs) });
    await sync(db, "gas");
    expect(requests.map((r) => r.authorization)).toEqual(Array(4).fill(`Bearer ${CREDIT_PLATFORM_TOKEN}`));
  });

  it("retries a 5xx answer and a dropped connection with growing waits, then succeeds", async () => {
    const { db, usccs } = city();
    creditPlatform.publish("monthly", "electricity", PERIOD, { batchId: "ELEC-2026-10-A", items: monthlyItems("electricity", usccs) });
    const retries: string[] = [];
    mockServer.use(
      http.get(ENDPOINT, () => HttpResponse.json({ code: "internal", message: "服务暂时不可用" }, { status: 503 }), { once: true }),
      http.get(ENDPOINT, () => HttpResponse.error(), { once: true }),
    );

    const result = await sync(db, "electricity", { onRetry: (n) => retries.push(`${n.attempt}/${n.maxAttempts} ${n.reason}`) });

    expect(ingested(result)).toMatchObject({ status: "applied", rowsAccepted: 7 });
    expect(requests).toHaveLength(6);
    // Base 1 s, doubling, jitter drawn at the middle: 750 ms, then 1,500 ms.
    expect(sleeps).toEqual([750, 1_500]);
    expect(retries).toEqual(["1/5 HTTP 503：服务暂时不可用", expect.stringMatching(/^2\/5 网络错误/)]);
  });

  it("waits as long as a 429's Retry-After says, in seconds or as a date, within the cap", async () => {
    const { db, usccs } = city();
    creditPlatform.publish("monthly", "electricity", PERIOD, { batchId: "ELEC-2026-10-A", items: monthlyItems("electricity", usccs) });
    const tooMany = (retryAfter: string) =>
      http.get(
        ENDPOINT,
        () => HttpResponse.json({ code: "rate_limited", message: "请求过于频繁" }, { status: 429, headers: { "Retry-After": retryAfter } }),
        { once: true },
      );
    mockServer.use(tooMany("7"), tooMany(new Date(NOW + 12_000).toUTCString()), tooMany("86400"));

    const result = await sync(db, "electricity", { maxRetryAfterMs: 60_000 });

    expect(sleeps).toEqual([7_000, 12_000, 60_000]);
    expect(ingested(result).status).toBe("applied");
  });

  it("retries a request that times out", async () => {
    const { db, usccs } = city();
    creditPlatform.publish("monthly", "electricity", PERIOD, { batchId: "ELEC-2026-10-A", items: monthlyItems("electricity", usccs) });
    mockServer.use(http.get(ENDPOINT, () => delay("infinite"), { once: true }));

    const result = await sync(db, "electricity", { timeoutMs: 50 });

    expect(ingested(result).rowsAccepted).toBe(7);
    expect(requests).toHaveLength(5);
    expect(sleeps).toHaveLength(1);
  });

  it("gives up after the last attempt times out, with a clear message, and records nothing", async () => {
    const { db, usccs } = city();
    creditPlatform.publish("monthly", "electricity", PERIOD, { batchId: "ELEC-2026-10-A", items: monthlyItems("electricity", usccs) });
    mockServer.use(http.get(ENDPOINT, () => delay("infinite")));

    const error = await sync(db, "electricity", { timeoutMs: 50, maxAttempts: 3 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CreditSyncError);
    expect((error as CreditSyncError).message).toMatch(/^连续 3 次请求公共信用信息共享平台失败（最后一次：请求超时（0\.05 秒内无应答））/);
    expect(requests).toHaveLength(3);
    expect(sleeps).toEqual([750, 1_500]);
    expect(batches(db)).toEqual([]);
    expect(staged(db)).toEqual([]);
  });

  it("fails at once on 401 with the platform's message", async () => {
    const { db, usccs } = city();
    creditPlatform.publish("monthly", "electricity", PERIOD, { batchId: "ELEC-2026-10-A", items: monthlyItems("electricity", usccs) });

    const error = await syncCredit(db, { ...PLATFORM, token: "expired" }, "electricity", PERIOD, {
      sleep: async (ms) => void sleeps.push(ms),
    }).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: "rejected",
      status: 401,
      message: "公共信用信息共享平台拒绝了请求（HTTP 401 unauthorized）：访问令牌无效或已过期",
    });
    expect(requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(batches(db)).toEqual([]);
  });

  it("resumes a crashed run at the page it stopped at and ends as an uninterrupted run would", async () => {
    const crashed = city();
    const items = monthlyItems("electricity", crashed.usccs);
    creditPlatform.publish("monthly", "electricity", PERIOD, { batchId: "ELEC-2026-10-A", items });
    // Page 3 (items 4–5) fails for as long as the override stays.
    mockServer.use(
      http.get(ENDPOINT, ({ request }) =>
        requestedOffset(request) === 4 ? HttpResponse.json({ code: "internal", message: "数据库维护中" }, { status: 500 }) : undefined,
      ),
    );

    await expect(sync(crashed.db, "electricity", { maxAttempts: 2 })).rejects.toThrow(/^连续 2 次.*HTTP 500：数据库维护中/);
    expect(staged(crashed.db)).toEqual([1, 2]);
    expect(monthlyState(crashed.db)).toEqual([]);
    expect(batches(crashed.db)).toEqual([]);

    mockServer.resetHandlers();
    requests.length = 0;
    progress.length = 0;
    const resumed = await sync(crashed.db);

    expect(offsets()).toEqual([4, 6]);
    expect(resumed).toMatchObject({ status: "ingested", pagesResumed: 2, pagesFetched: 2, rows: 7 });
    expect(progress[0]).toMatchObject({ phase: "fetch", pages: 3, rows: 6, resumedPages: 2 });
    expect(staged(crashed.db)).toEqual([]);

    const straight = city();
    const report = ingested(await sync(straight.db));
    expect(monthlyState(crashed.db)).toEqual(monthlyState(straight.db));
    expect(monthlyState(crashed.db)).toHaveLength(7);
    const { batchId: _a, touchedEnterpriseIds: _b, ...resumedReport } = ingested(resumed);
    const { batchId: _c, touchedEnterpriseIds: _d, ...straightReport } = report;
    expect(resumedReport).toEqual(straightReport);
  });

  it("starts over when the platform republished the period between a crash and the resume", async () => {
    const { db, usccs } = city();
    creditPlatform.publish("monthly", "electricity", PERIOD, { batchId: "ELEC-2026-10-A", items: monthlyItems("electricity", usccs) });
    mockServer.use(http.get(ENDPOINT, ({ request }) => (requestedOffset(request) === 4 ? HttpResponse.error() : undefined)));
    await expect(sync(db, "electricity", { maxAttempts: 1 })).rejects.toThrow(CreditSyncError);
    expect(staged(db)).toEqual([1, 2]);

    mockServer.resetHandlers();
    requests.length = 0;
    creditPlatform.publish("monthly", "electricity", PERIOD, { batchId: "ELEC-2026-10-B", items: monthlyItems("electricity", usccs, 1) });
    const result = await sync(db);

    expect(offsets()).toEqual([4, 0, 2, 4, 6]);
    expect(result).toMatchObject({ status: "ingested", platformBatchId: "ELEC-2026-10-B", pagesResumed: 0, pagesFetched: 4 });
    expect(batches(db).map((b) => b.externalId)).toEqual(["ELEC-2026-10-B"]);
    expect(monthlyState(db).find((r) => r.uscc === usccs[0])).toMatchObject({ quantity: 20_001, billedFen: 100_110 });
  });

  it("refuses a second run on the same period while one is under way instead of interleaving pages", async () => {
    const { db, usccs } = city();
    creditPlatform.publish("monthly", "electricity", PERIOD, { batchId: "ELEC-2026-10-A", items: monthlyItems("electricity", usccs) });

    const [one, two] = await Promise.allSettled([sync(db), sync(db)]);

    expect(one).toMatchObject({ status: "fulfilled", value: { status: "ingested", rows: 7, pagesFetched: 4 } });
    expect(two).toMatchObject({
      status: "rejected",
      reason: { code: "concurrent", message: "另一个同步进程正在同步 monthly:electricity:2026-10，请等它结束后再运行" },
    });
    expect(monthlyState(db)).toHaveLength(7);
    expect(batches(db)).toHaveLength(1);
  });

  it("changes nothing when an applied period is synced again, and supersedes only what a correction changes", async () => {
    const { db, usccs } = city();
    const items = monthlyItems("electricity", usccs);
    creditPlatform.publish("monthly", "electricity", PERIOD, { batchId: "ELEC-2026-10-A", items });
    const first = ingested(await sync(db));
    const before = monthlyState(db);

    const again = ingested(await sync(db));
    expect(again).toMatchObject({ duplicate: true, batchId: first.batchId, status: "applied" });
    // The same content republished under a new id is the same data.
    creditPlatform.publish("monthly", "electricity", PERIOD, { batchId: "ELEC-2026-10-B", items });
    expect(ingested(await sync(db))).toMatchObject({ duplicate: true, batchId: first.batchId });
    expect(batches(db)).toHaveLength(1);
    expect(monthlyState(db)).toEqual(before);
    expect(staged(db)).toEqual([]);

    const corrected = items.map((item, i) => (i === 2 ? { ...item, paidOnTime: "否", arrearsFen: "80.00" } : item));
    creditPlatform.publish("monthly", "electricity", PERIOD, { batchId: "ELEC-2026-10-C", items: corrected });
    const correction = ingested(await sync(db));
    expect(correction).toMatchObject({ duplicate: false, status: "applied", rowsAccepted: 7, rowsSuperseded: 1, rowsUnchanged: 6 });
    const after = monthlyState(db).filter((r) => r.uscc === usccs[2]);
    expect(after.map((r) => [r.paidOnTime, r.arrearsFen, r.superseded === null])).toEqual([
      [true, 0, false],
      [false, 8_000, true],
    ]);
  });

  it("records a batch with a bad row as rejected, lists the row, and stores none of it", async () => {
    const { db, usccs } = city();
    const items = monthlyItems("water", usccs);
    items[4] = { ...items[4], billedFen: "一千" };
    items[5] = { ...items[5], month: "2026-09" };
    creditPlatform.publish("monthly", "water", PERIOD, { batchId: "WATER-2026-10", items });

    const report = ingested(await sync(db, "water"));

    expect(report).toMatchObject({ status: "rejected", rowsTotal: 7, rowsAccepted: 0, rowsRejected: 2 });
    expect(report.rejections).toEqual([
      { row: 5, field: "应缴金额", reason: "应缴金额应为不小于0的金额（元），最多两位小数", value: "一千" },
      { row: 6, field: "月份", reason: "与本批次的月份（2026-10）不一致", value: "2026-09" },
    ]);
    expect(batches(db)).toMatchObject([{ status: "rejected", externalId: "WATER-2026-10", rowsRejected: 2 }]);
    expect(monthlyState(db, "water")).toEqual([]);
    expect(staged(db)).toEqual([]);
  });

  it("syncs tax grades and public-record events by their own kind, and records nothing for an unpublished or empty period", async () => {
    const { db, usccs } = city();
    creditPlatform.publish("tax_grade", null, "2026-04", {
      batchId: "TAXGRADE-2025",
      items: usccs.slice(0, 3).map((uscc, i) => ({ uscc, year: 2025, grade: ["A", "B", "m"][i] })),
    });
    creditPlatform.publish("event", null, PERIOD, {
      batchId: "EVENT-2026-10",
      items: [
        {
          uscc: usccs[1],
          kind: "penalty",
          occurredOn: "2026-10-12",
          severity: "一般",
          reference: "苏市监罚〔2026〕101号",
          authority: "苏州市市场监督管理局",
          description: "未按规定公示年度报告",
        },
        {
          uscc: usccs[2],
          kind: "honour",
          occurredOn: "2026-10-20",
          reference: "苏信用〔2026〕7号",
          authority: "苏州市发展和改革委员会",
          description: "信用管理示范企业",
        },
      ],
    });
    creditPlatform.publish("monthly", "gas", PERIOD, { batchId: "GAS-2026-10-EMPTY", items: [] });

    expect(ingested(await sync(db, "tax_grade", {}, "2026-04"))).toMatchObject({ kind: "tax_grade", status: "applied", rowsAccepted: 3 });
    expect(ingested(await sync(db, "event"))).toMatchObject({ kind: "event", status: "applied", rowsAccepted: 2 });
    expect(await sync(db, "housing_fund")).toMatchObject({ status: "not_published", key: "monthly:housing_fund:2026-10" });
    expect(await sync(db, "gas")).toMatchObject({ status: "empty", platformBatchId: "GAS-2026-10-EMPTY" });

    expect(requests.map((r) => `${r.url.pathname} ${r.url.searchParams.get("source")} ${r.url.searchParams.get("period")}`)).toEqual([
      "/gateway/v1/credit/tax_grade null 2026-04",
      "/gateway/v1/credit/tax_grade null 2026-04",
      "/gateway/v1/credit/event null 2026-10",
      "/gateway/v1/credit/monthly housing_fund 2026-10",
      "/gateway/v1/credit/monthly gas 2026-10",
    ]);
    expect(
      db
        .select({ grade: creditTaxGrades.grade })
        .from(creditTaxGrades)
        .orderBy(asc(creditTaxGrades.enterpriseId))
        .all()
        .map((g) => g.grade),
    ).toEqual(["A", "B", "M"]);
    expect(
      db.select({ kind: creditEvents.kind, severity: creditEvents.severity }).from(creditEvents).orderBy(asc(creditEvents.id)).all(),
    ).toEqual([
      { kind: "penalty", severity: "general" },
      { kind: "honour", severity: null },
    ]);
    expect(batches(db).map((b) => b.kind)).toEqual(["tax_grade", "event"]);
    expect(staged(db)).toEqual([]);
  });

  it("syncs a repair and an exit naming their records, and rejects the period when one names a record the portal does not hold", async () => {
    const { db, usccs } = city();
    const record = (uscc: string, kind: string, occurredOn: string, reference: string, extra: Record<string, string> = {}) => ({
      uscc,
      kind,
      occurredOn,
      reference,
      authority: "国家税务总局苏州市税务局",
      description: `${kind} ${reference}`,
      ...extra,
    });
    creditPlatform.publish("event", null, "2026-09", {
      batchId: "EVENT-2026-09",
      items: [record(usccs[0]!, "dishonest_entry", "2026-09-03", "苏税稽失信〔2026〕1号")],
    });
    expect(ingested(await sync(db, "event", {}, "2026-09"))).toMatchObject({ status: "applied" });
    const exit = record(usccs[0]!, "dishonest_exit", "2026-10-08", "苏税稽移出〔2026〕1号", { listingReference: "苏税稽失信〔2026〕1号" });
    const repair = record(usccs[0]!, "credit_repair", "2026-10-20", "苏信修〔2026〕1号", { repairsReference: "苏税稽失信〔2026〕1号" });
    creditPlatform.publish("event", null, PERIOD, {
      batchId: "EVENT-2026-10",
      items: [
        exit,
        repair,
        record(usccs[1]!, "credit_repair", "2026-10-20", "苏信修〔2026〕2号", { repairsReference: "苏税稽失信〔2026〕1号" }),
      ],
    });
    const refused = ingested(await sync(db, "event"));
    expect(refused).toMatchObject({ status: "rejected", rowsRejected: 1 });
    expect(refused.rejections).toEqual([
      {
        row: 3,
        field: "修复对象文书号",
        reason: "修复对象不存在：该企业没有文书号为“苏税稽失信〔2026〕1号”的行政处罚或列入严重失信主体名单记录",
        value: "苏税稽失信〔2026〕1号",
      },
    ]);

    creditPlatform.publish("event", null, PERIOD, { batchId: "EVENT-2026-10-R1", items: [exit, repair] });
    expect(ingested(await sync(db, "event"))).toMatchObject({ status: "applied", rowsAccepted: 2 });
    expect(
      db
        .select({ kind: creditEvents.kind, listing: creditEvents.listingReference, repairs: creditEvents.repairsKind })
        .from(creditEvents)
        .where(eq(creditEvents.uscc, usccs[0]!))
        .orderBy(asc(creditEvents.id))
        .all(),
    ).toEqual([
      { kind: "dishonest_entry", listing: null, repairs: null },
      { kind: "dishonest_exit", listing: "苏税稽失信〔2026〕1号", repairs: null },
      { kind: "credit_repair", listing: null, repairs: "dishonest_entry" },
    ]);
  });
});
