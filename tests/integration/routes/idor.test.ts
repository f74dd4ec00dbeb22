/**
 * Every route whose path names an object, opened by every role with an object someone else owns
 * (another enterprise's need or dispute, another bank's product or claim). Generated from the route
 * table: a new route with an object in its path fails here until it is classed as owned or shared.
 * Owned objects answer 404 to everyone but their owner — the same as an id that does not exist, so
 * nothing tells an outsider the object is there — and a form sent at one changes nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "~/domain/accounts";
import { startTestApp, type TestApp } from "../../support/app";
import { DEMO_LOGIN, foreignObjects, ROUTE_ACCESS, type SeedIds } from "../../support/route-table";

/** Routes whose object belongs to one enterprise or institution. */
const OWNED = [
  "routes/sme.needs.$needId",
  "routes/sme.needs.$needId.edit",
  "routes/sme.objections.$objectionId",
  "routes/sme.objections.new",
  "routes/bank.products.$productId",
  "routes/bank.claims.$claimId",
  "routes/bank.claims.$claimId_.breach",
  // A loan is its enterprise's and its lender's: another enterprise or bank gets 404, and its renewal forms change nothing.
  "routes/sme.loans.$loanId",
  "routes/bank.loans.$loanId",
  // A firm is "owned" by the banks it does business with (a need it may claim, its claim or loan, a
  // pushed recommendation list) or has authorized; to any other bank it does not exist.
  "routes/bank.enterprises.$enterpriseId",
  // A policy targeted at other firms does not exist for an enterprise that does not qualify.
  "routes/sme.policies.$policyId",
  // A bank files 代偿 only on its own loans; another bank's loan does not exist for it.
  "routes/bank.compensations.new",
  // A firm's 信用修复 application and its records are its own.
  "routes/sme.repairs.$repairId",
  "routes/sme.repairs.new",
];

/** Routes whose object is not owned by the viewer's side, and why that is right. */
const SHARED: Record<string, string> = {
  "routes/products.$productId": "listed products are public in the 金融超市",
  "routes/bureau.objections.$objectionId": "the bureau resolves every enterprise's objections",
  "routes/bureau.credit-data.batches.$batchId": "the bureau manages every provider's batches",
  "routes/bureau.credit-data.batches.$batchId[.csv]": "the bureau manages every provider's batches",
  "routes/admin.registration-disputes.$disputeId": "the admin decides every 冒名注册 dispute",
  "routes/bureau.policies.$policyId": "the bureau publishes every policy",
  "routes/bureau.pools.$poolId": "the bureau runs every risk-compensation pool",
  "routes/bureau.repairs.$repairId": "the bureau reviews every 信用修复 application",
  "routes/repairs.files.$fileId":
    "the bureau reads every application's evidence; the firm and banks (only under a live authorization) are checked in credit-repairs-http.test.ts",
};

/** What a form might try on someone else's object: every intent the object's screens use. */
const HOSTILE_FORMS: Record<string, string>[] = [
  { intent: "withdraw" },
  { intent: "decline", claimId: "1" },
  { intent: "reject", reasonCode: "other", note: "越权操作测试" },
  { intent: "grant", productId: "1", amount: "10", rate: "4.35", termMonths: "12", guaranteeMode: "credit" },
  { intent: "disburse", amount: "10", disbursedOn: "2026-11-01" },
  { intent: "delist", confirm: "yes" },
  { intent: "list", confirm: "yes" },
  { intent: "cancel", note: "越权操作测试", confirm: "yes" },
  { intent: "override", reason: "越权记录豁免的测试理由" },
  { intent: "request", amount: "10", termMonths: "12", note: "越权续贷测试", consent: "yes" },
  { intent: "withdraw", renewalId: "1" },
  { intent: "approve", renewalId: "1", rate: "4.35", channel: "ecny", disbursedOn: "" },
  { intent: "decline", renewalId: "1", reason: "越权不同意续贷测试" },
  { loss: "10", documentsRef: "越权代偿测试" },
  {
    amount: "50",
    termMonths: "12",
    purpose: "流动资金周转",
    expiresOn: "2026-12-31",
    itemType: "monthly",
    itemId: "1",
    reason: "越权提出异议的测试理由",
  },
];

let app: TestApp;
let foreign: SeedIds;
const cookies = {} as Record<Role, string>;

beforeAll(async () => {
  app = await startTestApp();
  for (const role of ROLES) cookies[role] = await app.signIn(DEMO_LOGIN[role]);
  foreign = foreignObjects(app);
});

const dataVersion = () => app.db.$client.pragma("data_version", { simple: true }) as number;

describe("objects owned by someone else", () => {
  it("classes every route that names an object as owned or shared", () => {
    const withObjects = Object.entries(ROUTE_ACCESS)
      .filter(([, r]) => typeof r.path === "function")
      .map(([id]) => id);
    expect(withObjects.filter((id) => !OWNED.includes(id) && !(id in SHARED))).toEqual([]);
  });

  for (const routeId of OWNED) {
    const { path, access } = ROUTE_ACCESS[routeId]!;
    if (typeof path === "string" || typeof access === "string") throw new Error(`${routeId} must name an object and roles`);

    it.each([...access])(`${routeId}: %s gets 404 for someone else's object`, async (role) => {
      const response = await app.request(path(foreign), { cookie: cookies[role] });
      expect(response.status).toBe(404);
    });

    it.each([...access])(`${routeId}: %s cannot act on someone else's object`, async (role) => {
      if (!app.build.routes[routeId]?.module.action) return;
      for (const form of HOSTILE_FORMS) {
        const before = dataVersion();
        const response = await app.request(path(foreign), { cookie: cookies[role], form });
        expect(response.status, JSON.stringify(form)).toBeGreaterThanOrEqual(400);
        expect(response.status, JSON.stringify(form)).toBeLessThan(500);
        expect(dataVersion(), `${JSON.stringify(form)} changed the database`).toBe(before);
      }
    });
  }
});
