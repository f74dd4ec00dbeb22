/**
 * Interception over the built app (decision 021): the claim, grant and disbursement forms for a
 * knocked-out enterprise's need answer 409 with the reason in zh-CN and change nothing; only the
 * institution's admin may record an override, after which the claim goes through and the claim page
 * shows the warning.
 */
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays, dateOf } from "~/lib/time";
import {
  claims,
  enterprises,
  interceptionOverrides,
  interceptions,
  loans,
  needEvents,
  needs,
  notifications,
  products,
  users,
} from "~db/schema";
import { startTestApp, type TestApp } from "../../support/app";

/** The demo city's firm on the serious-dishonesty list (db/seed/credit.ts CREDIT_DEMO.dishonest). */
const DISHONEST = "91320583131860916J";

let app: TestApp;
let needId: number;
const cookies: Record<string, string> = {};
const rows = (table: typeof claims | typeof needEvents | typeof notifications | typeof interceptions | typeof interceptionOverrides) =>
  app.db.select({ n: count() }).from(table).get()!.n;
const snapshot = () => ({
  claims: rows(claims),
  needEvents: rows(needEvents),
  notifications: rows(notifications),
  overrides: rows(interceptionOverrides),
});

beforeAll(async () => {
  app = await startTestApp();
  const now = Date.now();
  const firm = app.db.select().from(enterprises).where(eq(enterprises.uscc, DISHONEST)).get()!;
  needId = app.db
    .insert(needs)
    .values({
      enterpriseId: firm.id,
      amountFen: 100 * 1_000_000,
      termMonths: 12,
      purpose: "流动资金周转：支付供应商货款",
      postedAt: now,
      expiresOn: addDays(dateOf(now), 30),
      updatedAt: now,
    })
    .returning({ id: needs.id })
    .get().id;
  for (const username of ["szbank_officer", "szbank_admin"]) cookies[username] = await app.signIn(username);
});

describe("claiming a knocked-out firm's need", () => {
  it("answers 409 with the reason in zh-CN and changes nothing but the interception record", async () => {
    const before = snapshot();
    const refusedBefore = rows(interceptions);
    const response = await app.request("/bank/applicants", { cookie: cookies.szbank_officer, form: { needId: String(needId) } });
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain("该企业存在否决项，不能受理");
    expect(html).toContain("列入严重失信主体名单");
    expect(html).toContain("需由本机构管理员记录豁免理由后才能受理");
    expect(snapshot()).toEqual(before);
    expect(app.db.select().from(needs).where(eq(needs.id, needId)).get()!.status).toBe("open");
    expect(rows(interceptions)).toBe(refusedBefore + 1);
  });

  it("lets only the admin record an override, with a reason at the field, and then the claim goes through", async () => {
    const officer = await app.request("/bank/applicants", {
      cookie: cookies.szbank_officer,
      form: { intent: "override", needId: String(needId), reason: "企业已缴清欠税，移出名单在办" },
    });
    expect(officer.status).toBe(403);
    expect(await officer.text()).toContain("只有本机构管理员可以记录豁免");
    const short = await app.request("/bank/applicants", {
      cookie: cookies.szbank_admin,
      form: { intent: "override", needId: String(needId), reason: "已核实" },
    });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("豁免理由至少10个字");
    expect(rows(interceptionOverrides)).toBe(0);

    const recorded = await app.request("/bank/applicants", {
      cookie: cookies.szbank_admin,
      form: { intent: "override", needId: String(needId), reason: "企业已缴清全部欠税及滞纳金，移出名单手续在办" },
    });
    expect(recorded.status).toBe(200);
    expect(await recorded.text()).toContain(`已记录需求 #${needId} 的豁免`);

    const claimed = await app.request("/bank/applicants", { cookie: cookies.szbank_officer, form: { needId: String(needId) } });
    expect(claimed.status).toBe(302);
    const location = claimed.headers.get("Location")!;
    expect(location).toMatch(/^\/bank\/claims\/\d+\?claimed=1$/);
    const page = await (await app.request(location, { cookie: cookies.szbank_officer })).text();
    expect(page).toContain("风险提示");
    expect(page).toContain("本机构已豁免");
    expect(page).toContain("机构管理员记录豁免：企业存在否决项");
  });
});

describe("granting and disbursing for a knocked-out firm", () => {
  /** A claim of 苏州银行 on a new need of the dishonest firm, made before its listing (no override for this need). */
  function claimOnNewNeed(status: "claimed" | "granted") {
    const now = Date.now();
    const firm = app.db.select().from(enterprises).where(eq(enterprises.uscc, DISHONEST)).get()!;
    const officer = app.db.select().from(users).where(eq(users.username, "szbank_officer")).get()!;
    const product = app.db
      .select()
      .from(products)
      .where(eq(products.institutionId, officer.institutionId!))
      .all()
      .find((p) => p.minGrade === null)!;
    const need = app.db
      .insert(needs)
      .values({
        enterpriseId: firm.id,
        amountFen: product.amountMaxFen,
        termMonths: product.termMinMonths,
        purpose: "流动资金周转：支付供应商货款",
        postedAt: now - 86_400_000,
        expiresOn: addDays(dateOf(now), 30),
        updatedAt: now,
      })
      .returning({ id: needs.id })
      .get().id;
    const granted =
      status === "granted"
        ? {
            decidedAt: now - 3_600_000,
            grantedAt: now - 3_600_000,
            grantedProductId: product.id,
            grantedAmountFen: product.amountMinFen,
            grantedRateBp: product.rateMinBp,
            grantedTermMonths: product.termMinMonths,
            grantedGuaranteeMode: product.guaranteeModes[0]!,
          }
        : {};
    const claimId = app.db
      .insert(claims)
      .values({
        needId: need,
        institutionId: officer.institutionId!,
        officerUserId: officer.id,
        status,
        claimedAt: now - 7_200_000,
        ...granted,
      })
      .returning({ id: claims.id })
      .get().id;
    return { claimId, product };
  }

  it("answers the grant form with 409 and the reason in zh-CN, and leaves the claim as it was", async () => {
    const { claimId, product } = claimOnNewNeed("claimed");
    const refusedBefore = rows(interceptions);
    const response = await app.request(`/bank/claims/${claimId}`, {
      cookie: cookies.szbank_officer,
      form: {
        intent: "grant",
        productId: String(product.id),
        amount: String(product.amountMinFen / 1_000_000),
        rate: (product.rateMinBp / 100).toFixed(2),
        termMonths: String(product.termMinMonths),
        guaranteeMode: product.guaranteeModes[0]!,
      },
    });
    expect(response.status).toBe(409);
    const html = (await response.text()).replaceAll("<!-- -->", "");
    expect(html).toContain("该企业存在否决项，不能授信：列入严重失信主体名单");
    expect(html).toContain("如确需办理，须由本机构管理员记录豁免理由");
    expect(app.db.select().from(claims).where(eq(claims.id, claimId)).get()!.status).toBe("claimed");
    expect(rows(interceptions)).toBe(refusedBefore + 1);
  });

  it("answers the disbursement form with 409 and the reason in zh-CN, and records no loan", async () => {
    const { claimId, product } = claimOnNewNeed("granted");
    const loansBefore = app.db.select({ n: count() }).from(loans).get()!.n;
    const response = await app.request(`/bank/claims/${claimId}`, {
      cookie: cookies.szbank_officer,
      form: { intent: "disburse", amount: String(product.amountMinFen / 1_000_000), disbursedOn: dateOf(Date.now()) },
    });
    expect(response.status).toBe(409);
    const html = (await response.text()).replaceAll("<!-- -->", "");
    expect(html).toContain("该企业存在否决项，不能放款：列入严重失信主体名单");
    expect(app.db.select({ n: count() }).from(loans).get()!.n).toBe(loansBefore);
    expect(app.db.select().from(claims).where(eq(claims.id, claimId)).get()!.status).toBe("granted");
  });
});
