/**
 * The push API over the built portal: a provider's token is issued on the bureau's page (shown once),
 * then used to push batches. Answers as docs/push-api.md says, and what reaches the database.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_BATCH_BYTES, MAX_BATCH_ROWS } from "~/lib/validation/credit-batches";
import { addMonths, monthOf } from "~/lib/time";
import { creditBatches, creditEvents, creditMonthly, dataProviders, enterprises, providerTokens } from "~db/schema";
import { startTestApp, type TestApp } from "../../support/app";

const API = "/api/v1/credit-data/batches";
const TOKEN = /xyd_[A-Za-z0-9_-]{43}/;
const month = addMonths(monthOf(Date.now()), -1);

let app: TestApp;
let bureau: string;
let powerToken: string;
let usccs: string[];

async function createProvider(name: string, sources: string[]) {
  const form = new URLSearchParams({ intent: "create_provider", name });
  for (const s of sources) form.append("sources", s);
  const response = await app.request("/bureau/credit-data/providers", { cookie: bureau, body: form });
  expect(response.status).toBe(200);
  return app.db.select().from(dataProviders).where(eq(dataProviders.name, name)).get()!.id;
}

async function issueToken(providerId: number, label = "生产环境") {
  const response = await app.request("/bureau/credit-data/providers", {
    cookie: bureau,
    form: { intent: "issue_token", providerId: String(providerId), label },
  });
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).toContain("令牌只显示这一次");
  return TOKEN.exec(html)![0];
}

function push(body: unknown, token: string | null = powerToken, headers: Record<string, string> = {}) {
  return app.request(API, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
  });
}

const electricityRow = (uscc: string, kwh: number) => ({ uscc, quantity: kwh, billedFen: "1000.50", paidFen: "1000.50", paidOnTime: "是" });
const batchCount = () => app.db.select().from(creditBatches).all().length;
/** The demo city's own credit batches, there before any push. */
let seededBatches: number;

beforeAll(async () => {
  app = await startTestApp();
  bureau = await app.signIn("bureau");
  usccs = app.db
    .select({ uscc: enterprises.uscc })
    .from(enterprises)
    .limit(3)
    .all()
    .map((e) => e.uscc);
  seededBatches = batchCount();
  const power = await createProvider("国网苏州供电公司（推送接口测试）", ["electricity"]);
  powerToken = await issueToken(power);
});

describe("provider tokens on the bureau's page", () => {
  it("shows a token only once and keeps only its prefix", async () => {
    const page = await (await app.request("/bureau/credit-data/providers", { cookie: bureau })).text();
    expect(page).toContain("国网苏州供电公司");
    expect(page).toContain(powerToken.slice(0, 10));
    expect(page).not.toContain(powerToken);
    const stored = app.db.select().from(providerTokens).all();
    expect(stored.map((t) => t.tokenHash)).not.toContain(powerToken);
    expect(JSON.stringify(stored)).not.toContain(powerToken);
  });

  it("refuses a provider without any allowed data, at the field", async () => {
    const response = await app.request("/bureau/credit-data/providers", {
      cookie: bureau,
      form: { intent: "create_provider", name: "某某单位" },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("请至少选择一项可报送数据");
  });
});

describe("POST /api/v1/credit-data/batches", () => {
  it("answers 401 without a token, with a wrong one, and to a signed-in browser session", async () => {
    const body = { batchId: "b-401", kind: "monthly", source: "electricity", month, rows: [electricityRow(usccs[0]!, 100)] };
    for (const response of [await push(body, null), await push(body, "xyd_not-a-real-token"), await push(body, null, { Cookie: bureau })]) {
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe("unauthorized");
    }
    expect(batchCount()).toBe(seededBatches);
  });

  it("answers 405 to GET and 415 to a body that is not JSON", async () => {
    const get = await app.request(API, { headers: { Authorization: `Bearer ${powerToken}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("POST");
    const text = await push("batchId=1", powerToken, { "Content-Type": "text/plain" });
    expect(text.status).toBe(415);
    expect((await text.json()).error.code).toBe("unsupported_media_type");
  });

  it("answers 400 with per-field issues for a malformed body", async () => {
    const bad = await push({ batchId: "", kind: "weekly", rows: "nope" });
    expect(bad.status).toBe(400);
    const { error } = await bad.json();
    expect(error.code).toBe("invalid_body");
    expect(error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["batchId", "kind", "rows"]);
    const broken = await push('{"batchId": "x", ');
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.code).toBe("invalid_body");
    const notObjects = await push({ batchId: "b-400", kind: "monthly", rows: [1, "two"] });
    expect((await notObjects.json()).error.issues[0]).toEqual({ path: "rows.0", message: "每一行应为 JSON 对象" });
  });

  it("bounds the body and the rows with a clear error", async () => {
    const huge = await push(`{"batchId":"big","kind":"monthly","rows":["${"x".repeat(MAX_BATCH_BYTES)}"]}`);
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.message).toContain("20 MB");
    const many = await push({
      batchId: "many",
      kind: "monthly",
      source: "electricity",
      month,
      rows: Array.from({ length: MAX_BATCH_ROWS + 1 }, () => ({})),
    });
    expect(many.status).toBe(400);
    expect((await many.json()).error.issues[0].message).toContain("最多 200,000 行");
    expect(batchCount()).toBe(seededBatches);
  });

  it("refuses a whole batch of a source the provider does not own (403), recording nothing", async () => {
    const response = await push({
      batchId: "water-1",
      kind: "monthly",
      source: "water",
      month,
      rows: [{ uscc: usccs[0], quantity: 5, billedFen: 10, paidFen: 10, paidOnTime: "是" }],
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("source_not_allowed");
    expect((await push({ batchId: "grade-1", kind: "tax_grade", rows: [{ uscc: usccs[0], year: 2024, grade: "A" }] })).status).toBe(403);
    expect(batchCount()).toBe(seededBatches);
  });

  it("applies a good batch (201 with the report), then answers a resend with the same report and changes nothing", async () => {
    const body = {
      batchId: "2026-power-001",
      kind: "monthly",
      source: "electricity",
      month,
      rows: usccs.map((u, i) => electricityRow(u, 1000 + i)),
    };
    const first = await push(body);
    expect(first.status).toBe(201);
    const report = await first.json();
    expect(report).toMatchObject({
      batchId: "2026-power-001",
      status: "applied",
      duplicate: false,
      kind: "monthly",
      source: "electricity",
      month,
      rowsTotal: 3,
      rowsAccepted: 3,
      rowsRejected: 0,
      rejections: [],
    });
    expect(report).not.toHaveProperty("touchedEnterpriseIds");
    const stored = app.db.select().from(creditMonthly).where(eq(creditMonthly.batchId, report.portalBatchId)).all();
    expect(stored.map((r) => [r.quantity, r.billedFen, r.paidOnTime])).toEqual([
      [1000, 100050, true],
      [1001, 100050, true],
      [1002, 100050, true],
    ]);
    expect(app.db.select().from(providerTokens).get()!.lastUsedAt).not.toBeNull();

    const monthlyRows = app.db.select().from(creditMonthly).all().length;
    const again = await push(body);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ portalBatchId: report.portalBatchId, duplicate: true, status: "applied", rowsAccepted: 3 });
    expect(app.db.select().from(creditMonthly).all()).toHaveLength(monthlyRows);
  });

  it("answers 409 when a batch id is reused for different content", async () => {
    const before = batchCount();
    const response = await push({
      batchId: "2026-power-001",
      kind: "monthly",
      source: "electricity",
      month,
      rows: [electricityRow(usccs[0]!, 5)],
    });
    expect(response.status).toBe(409);
    expect((await response.json()).error).toMatchObject({ code: "batch_id_conflict", message: expect.stringContaining("新的批次号") });
    expect(batchCount()).toBe(before);
  });

  it("rejects a batch with a bad row as a whole, listing row, field and reason", async () => {
    const before = app.db.select().from(creditMonthly).all().length;
    const response = await push({
      batchId: "2026-power-002",
      kind: "monthly",
      month,
      // Each row names its source, so the provider's rights are checked row by row.
      rows: [
        { ...electricityRow(usccs[0]!, 7), source: "electricity" },
        { ...electricityRow(usccs[1]!, 8), source: "electricity", paidFen: "-3" },
        { ...electricityRow(usccs[2]!, 9), source: "water" },
      ],
    });
    expect(response.status).toBe(201);
    const report = await response.json();
    expect(report).toMatchObject({ status: "rejected", rowsAccepted: 0, rowsRejected: 2 });
    expect(report.rejections).toEqual([
      { row: 2, field: "实缴金额", reason: "实缴金额应为不小于0的金额（元），最多两位小数", value: "-3" },
      { row: 3, field: "数据源", reason: "无权报送该数据源", value: "water" },
    ]);
    expect(app.db.select().from(creditMonthly).all()).toHaveLength(before);
  });

  it("takes an exit that names the listing it ends, and rejects one naming a listing the portal does not hold", async () => {
    const eventToken = await issueToken(await createProvider("苏州市公共信用信息中心（推送接口测试）", ["event"]));
    const dishonest = "91320583131860916J";
    const listing = app.db
      .select({ reference: creditEvents.reference })
      .from(creditEvents)
      .where(and(eq(creditEvents.uscc, dishonest), eq(creditEvents.kind, "dishonest_entry")))
      .get()!.reference;
    const exit = (listingReference: string) => ({
      uscc: dishonest,
      kind: "dishonest_exit",
      occurredOn: `${month}-20`,
      reference: "苏税稽移出〔2026〕99号",
      authority: "国家税务总局苏州市税务局",
      description: "已缴清税款，移出重大税收违法失信主体名单",
      listingReference,
    });
    const wrong = await push({ batchId: "2026-exit-001", kind: "event", rows: [exit("苏税稽失信〔2020〕1号")] }, eventToken);
    expect(wrong.status).toBe(201);
    expect((await wrong.json()).rejections).toEqual([
      {
        row: 1,
        field: "移出对象文书号",
        reason: "移出对象不存在：该企业没有文书号为“苏税稽失信〔2020〕1号”的列入严重失信主体名单记录",
        value: "苏税稽失信〔2020〕1号",
      },
    ]);
    const right = await push({ batchId: "2026-exit-002", kind: "event", rows: [exit(listing)] }, eventToken);
    expect(await right.json()).toMatchObject({ status: "applied", rowsAccepted: 1 });
    const stored = app.db.select().from(creditEvents).where(eq(creditEvents.kind, "dishonest_exit")).all();
    expect(stored.filter((e) => e.uscc === dishonest).map((e) => e.listingReference)).toEqual([listing]);
  });

  it("stops accepting a revoked token or a disabled provider's token", async () => {
    const providerId = app.db.select().from(dataProviders).where(eq(dataProviders.name, "国网苏州供电公司")).get()!.id;
    const spare = await issueToken(providerId, "备用");
    const body = { batchId: "2026-power-003", kind: "monthly", source: "electricity", month, rows: [electricityRow(usccs[0]!, 11)] };
    await app.request("/bureau/credit-data/providers", { cookie: bureau, form: { intent: "disable", providerId: String(providerId) } });
    expect((await push(body, spare)).status).toBe(401);
    await app.request("/bureau/credit-data/providers", { cookie: bureau, form: { intent: "enable", providerId: String(providerId) } });
    const spareId = app.db.select().from(providerTokens).where(eq(providerTokens.label, "备用")).get()!.id;
    const revoke = await app.request("/bureau/credit-data/providers", {
      cookie: bureau,
      form: { intent: "revoke_token", tokenId: String(spareId) },
    });
    expect(await revoke.text()).toContain("令牌已吊销");
    const response = await push(body, spare);
    expect(response.status).toBe(401);
    expect((await push(body, powerToken)).status).toBe(201);
  });
});

describe("push rate limits", () => {
  it("answers 429 with Retry-After past 60 requests a minute from one provider, and not to another", async () => {
    const gas = await issueToken(await createProvider("港华燃气（限流测试）", ["gas"]));
    for (let i = 0; i < 60; i++) expect((await push({}, gas)).status, `request ${i + 1}`).toBe(400);
    const refused = await push({}, gas);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await refused.json()).error).toMatchObject({ code: "rate_limited", message: expect.stringContaining("推送过于频繁") });
    expect((await push({}, powerToken)).status).toBe(400);
  });

  it("stops an address that keeps sending wrong tokens, but not a right one sent from it", async () => {
    const guess = (token: string) =>
      app.request(API, {
        method: "POST",
        body: "{}",
        clientAddress: "192.0.2.99",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      });
    for (let i = 0; i < 20; i++) expect((await guess(`xyd_guess${i}`)).status).toBe(401);
    const refused = await guess("xyd_guess20");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    // Someone else's guessing behind the same address must not lock the provider out (issue 17).
    expect((await guess(powerToken)).status).toBe(400);
  });
});
