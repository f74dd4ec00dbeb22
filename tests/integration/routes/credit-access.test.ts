/**
 * Who sees what of an enterprise's credit data, over the built app: a bank without authorization
 * sees no figures, with one it sees them and the read is logged; enterprises see only their own
 * objections; a decided objection cannot be decided again.
 */
import { currentCommitment } from "~/domain/commitments";
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays, addMonths, dateOf, monthOf } from "~/lib/time";
import { listAuthorizations, liveAuthorization, revokeAuthorization } from "~/services/authorizations.server";
import { postNeed } from "~/services/needs.server";
import { LOAN_PURPOSES } from "~/domain/marketplace";
import { enterpriseCreditData, hasBusinessWith } from "~/services/credit-profile.server";
import { fileObjection } from "~/services/objections.server";
import { currentScore } from "~/services/scoring.server";
import { creditQueryLog, enterprises, objections } from "~db/schema";
import { startTestApp, type TestApp } from "../../support/app";
import { enterpriseUser, ingest, sessionOf } from "../../support/credit";

let app: TestApp;
const DEMO = "9132050852601815XM";
const month = addMonths(monthOf(Date.now()), -1);
/** Figures nobody else in the city has, so their absence from a page means something. */
const power = { quantity: 987_654, billedFen: "77,123.45", paidFen: "77,123.45", paidOnTime: "是" };

let target: { id: number; uscc: string };
let demo: { id: number; waterId: number; objectionId: number };
let sz: number;
const cookies: Record<string, string> = {};
const logCount = (enterpriseId: number) =>
  app.db.select({ n: count() }).from(creditQueryLog).where(eq(creditQueryLog.enterpriseId, enterpriseId)).get()!.n;

beforeAll(async () => {
  app = await startTestApp();
  const now = Date.now();
  sz = sessionOf(app.db, "szbank_officer").institutionId!;
  // An enterprise that has not (or no longer) authorized 苏州银行 — found through the service itself.
  const candidates = app.db.select({ id: enterprises.id, uscc: enterprises.uscc }).from(enterprises).all();
  target = candidates.find((e) => e.uscc !== DEMO && liveAuthorization(app.db, e.id, sz, now) === null)!;
  // It asks every bank for a loan (so 苏州银行 has reason to look it up) but withdraws the
  // authorization that came with the need: the need stays open, the figures closed.
  const owner = enterpriseUser(app.db, target.id);
  const posted = postNeed(
    app.db,
    owner,
    {
      amountFen: 50 * 1_000_000,
      termMonths: 12,
      purpose: "流动资金周转：支付供应商货款",
      guaranteeMode: null,
      rateCeilingBp: null,
      expiresOn: addDays(dateOf(now), 30),
      targetProductId: null,
      commitmentVersion: currentCommitment("need").version,
    },
    now,
  );
  if (!posted.ok) throw new Error(posted.message);
  for (const a of listAuthorizations(app.db, target.id, now).filter((a) => a.status === "active"))
    revokeAuthorization(app.db, owner, a.id, now);
  expect(liveAuthorization(app.db, target.id, sz, now)).toBeNull();
  expect(hasBusinessWith(app.db, target.id, sz, now)).toBe(true);
  ingest(app.db, "monthly", [{ uscc: target.uscc, source: "electricity", month, ...power }], now);

  const sme = sessionOf(app.db, DEMO);
  ingest(
    app.db,
    "monthly",
    [
      {
        uscc: DEMO,
        source: "water",
        month,
        quantity: 4321,
        billedFen: "1,000.00",
        paidFen: "1,000.00",
        paidOnTime: "否",
        arrearsFen: "120.00",
      },
    ],
    now,
  );
  const waterId = enterpriseCreditData(app.db, sme.enterpriseId!, month, month).monthly.water[0]!.id;
  const filed = fileObjection(app.db, sme, { itemType: "monthly", itemId: waterId, reason: "水费已按时缴纳，有银行回单为证" }, now);
  if (!filed.ok) throw new Error(filed.message);
  demo = { id: sme.enterpriseId!, waterId, objectionId: filed.objectionId };

  for (const username of ["szbank_officer", "bureau", DEMO, target.uscc]) cookies[username] = await app.signIn(username);
});

/** The firm posts a need open to every bank (authorized), so any bank has business with it. */
async function postNeedOpenToEveryBank(uscc: string, amountWan: string) {
  const posted = await app.request("/sme/needs/new", {
    cookie: await app.signIn(uscc),
    form: {
      amount: amountWan,
      termMonths: "12",
      purposeCategory: LOAN_PURPOSES[0],
      purpose: "支付供应商货款",
      authorize: "yes",
      commitment: currentCommitment("need").version,
    },
  });
  expect(posted.status).toBe(302);
}

describe("an officer's view of an enterprise", () => {
  it("shows a seeded firm's real grade: the dishonest demo firm is D with its knock-outs, not 暂未评级", async () => {
    const dishonest = app.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.uscc, "91320583131860916J")).get()!;
    // A bank looks a firm up when it has business with it: here the firm asks every bank for a loan.
    await postNeedOpenToEveryBank("91320583131860916J", "50");
    const html = await (await app.request(`/bank/enterprises/${dishonest.id}`, { cookie: cookies.szbank_officer })).text();
    expect(currentScore(app.db, dishonest.id)).toMatchObject({ grade: "D", knockedOut: true });
    expect(html).toContain("D 差");
    expect(html).toContain("触及以下否决项，信用等级为 D 级");
    expect(html).toContain("列入严重失信主体名单");
    expect(html).toContain("存在未结案的法院强制执行");
    expect(html).not.toContain("暂未评级");
  });

  it("without authorization shows the summary and no figures, and logs nothing", async () => {
    const response = await app.request(`/bank/enterprises/${target.id}`, { cookie: cookies.szbank_officer });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("该企业未向本机构授权查询信用数据");
    // Its real grade and score, as stored for it; the reasons behind them wait for an authorization.
    const stored = currentScore(app.db, target.id)!;
    expect(stored).not.toBeNull();
    expect(html).toContain(`<strong>${stored.score}</strong> 分`);
    expect(html).toContain(`${stored.grade} ${{ A: "优", B: "良", C: "中", D: "差" }[stored.grade]}`);
    expect(html).not.toContain("暂未评级");
    expect(html).toContain("评分的加减分原因依据企业的详细信用数据，企业授权后可查看");
    expect(html).not.toContain("减分的主要原因");
    expect(html).not.toContain("987,654");
    expect(html).not.toContain("77,123.45");
    expect(logCount(target.id)).toBe(0);
  });

  it("once the enterprise authorizes the bank, shows the figures and logs the read the enterprise then sees", async () => {
    const granted = await app.request("/sme/authorizations", {
      cookie: cookies[target.uscc],
      form: { intent: "create", institution: String(sz), purpose: "流动资金贷款贷前审查", expiresOn: addDays(dateOf(Date.now()), 30) },
    });
    expect(granted.status).toBe(200);
    expect(await granted.text()).toContain("授权已生效");

    const html = await (await app.request(`/bank/enterprises/${target.id}`, { cookie: cookies.szbank_officer })).text();
    expect(html).toContain("987,654");
    expect(html).toContain("加分的主要原因");
    for (const reason of currentScore(app.db, target.id)!.reasons.down.slice(0, 3)) expect(html).toContain(reason);
    expect(html).toContain("本次查询已记入该企业可见的查询记录");
    expect(logCount(target.id)).toBe(1);

    const log = await (await app.request("/sme/query-log", { cookie: cookies[target.uscc] })).text();
    expect(log).toContain("流动资金贷款贷前审查");
    const officer = sessionOf(app.db, "szbank_officer").displayName;
    expect(log).not.toContain(officer);
    expect(log).toContain(`${[...officer][0]}*`);
  });

  it("marks a credit-repaired penalty 已信用修复 for the bank, and its repair names it", async () => {
    const LATE = "91320571908301663W"; // the demo firm whose 一般 penalty was credit-repaired (README)
    const late = app.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.uscc, LATE)).get()!;
    const events = enterpriseCreditData(app.db, late.id, month, month).events;
    const penalty = events.find((e) => e.kind === "penalty")!;
    const repair = events.find((e) => e.kind === "credit_repair")!;
    expect(penalty.repairedOn).toBe(repair.occurredOn);
    // Asking every bank for a loan, with the credit profile authorized to them.
    await postNeedOpenToEveryBank(LATE, "30");
    // The public-record tab of the firm's page.
    const html = (
      await (await app.request(`/bank/enterprises/${late.id}?tab=events`, { cookie: cookies.szbank_officer })).text()
    ).replaceAll("<!-- -->", "");
    expect(html).toContain(penalty.reference);
    expect(html).toContain(`已信用修复（${penalty.repairedOn}）`);
    expect(html).toContain(`（修复对象：${penalty.reference}）`);
  });

  it("answers 404 for an enterprise that does not exist", async () => {
    expect((await app.request("/bank/enterprises/999999", { cookie: cookies.szbank_officer })).status).toBe(404);
  });
});

describe("objections over HTTP", () => {
  it("shows an enterprise its own objection and the disputed item marked, and hides it from another enterprise", async () => {
    const own = await app.request(`/sme/objections/${demo.objectionId}`, { cookie: cookies[DEMO] });
    expect(own.status).toBe(200);
    expect(await own.text()).toContain("水费已按时缴纳，有银行回单为证");
    const credit = await (await app.request("/sme/credit", { cookie: cookies[DEMO] })).text();
    expect(credit).toContain("异议处理中");

    const other = await app.request(`/sme/objections/${demo.objectionId}`, { cookie: cookies[target.uscc] });
    expect(other.status).toBe(404);
    expect(await other.text()).not.toContain("银行回单");
  });

  it("refuses an objection to another enterprise's data", async () => {
    const response = await app.request("/sme/objections/new", {
      cookie: cookies[target.uscc],
      form: { itemType: "monthly", itemId: String(demo.waterId), reason: "这不是我们企业的数据，但想试试看" },
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("找不到该数据");
    expect(app.db.select({ n: count() }).from(objections).where(eq(objections.itemId, demo.waterId)).get()!.n).toBe(1);
  });

  it("says at the field what is wrong with a reason", async () => {
    const item = enterpriseCreditData(app.db, target.id, month, month).monthly.electricity[0]!;
    const response = await app.request("/sme/objections/new", {
      cookie: cookies[target.uscc],
      form: { itemType: "monthly", itemId: String(item.id), reason: "不对" },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("异议理由至少10个字");
  });

  it("lets the bureau decide once; a second decision is refused with 409", async () => {
    const path = `/bureau/objections/${demo.objectionId}`;
    const queue = await (await app.request("/bureau/objections", { cookie: cookies.bureau })).text();
    expect(queue).toContain(`href="${path}"`);
    const first = await app.request(path, {
      cookie: cookies.bureau,
      form: {
        decision: "upheld",
        resolution: "经自来水公司核实，缴费按时",
        quantity: "4321",
        billedFen: "1000.00",
        paidFen: "1000.00",
        paidOnTime: "是",
        arrearsFen: "",
      },
    });
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("已采纳并更正数据");
    const second = await app.request(path, { cookie: cookies.bureau, form: { decision: "rejected", resolution: "再次处理" } });
    expect(second.status).toBe(409);
    expect(await second.text()).toContain("不能重复处理");
    const credit = await (await app.request("/sme/credit", { cookie: cookies[DEMO] })).text();
    expect(credit).not.toContain("异议处理中");
  });
});
