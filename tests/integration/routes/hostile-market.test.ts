/**
 * Issue 17, the marketplace's hostile-user findings, over the built app:
 * - a token disbursement (放款) cannot close a need, end other banks' claims and count a 首贷户;
 * - a need's authorization ends with its purpose: after a disbursement only the lender reads the
 *   profile (贷后管理); after expiry only the banks still handling a claim;
 * - an officer cannot walk every firm's id: a firm the bank has no business with does not exist for it;
 * - a bank's claim timeline shows its own claim's events and the need's neutral ones, nothing of
 *   another bank's claim — not even what the firm did with that bank's offer.
 */
import { currentCommitment } from "~/domain/commitments";
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { formatMoney } from "~/lib/money";
import { addDays, dateOf } from "~/lib/time";
import { liveAuthorization, settleClosedNeedAuthorizations } from "~/services/authorizations.server";
import { claimNeed, grantClaim } from "~/services/claims.server";
import { expireNeeds, postNeed } from "~/services/needs.server";
import { claims, creditQueryLog, loans, needs } from "~db/schema";
import { startTestApp, type TestApp } from "../../support/app";
import { enterpriseUser, sessionOf } from "../../support/credit";

const DEMO = "9132050852601815XM";
const WAN = 1_000_000;

let app: TestApp;
let today: string;
const cookies: Record<string, string> = {};
let sz: number;
let icbc: number;
/** A third bank, with no business with any firm below. */
let third: { id: number; username: string };
let product: { id: number; amountMinFen: number; rateMinBp: number };

type Firm = { id: number; uscc: string };
let firms: Firm[];

const logRows = (enterpriseId: number, institutionId: number) =>
  app.db
    .select({ n: count() })
    .from(creditQueryLog)
    .where(and(eq(creditQueryLog.enterpriseId, enterpriseId), eq(creditQueryLog.institutionId, institutionId)))
    .get()!.n;
const loansOf = (enterpriseId: number) => app.db.select().from(loans).where(eq(loans.enterpriseId, enterpriseId)).all();
const claimStatus = (claimId: number) => app.db.select({ status: claims.status }).from(claims).where(eq(claims.id, claimId)).get()!.status;
const needStatus = (needId: number) => app.db.select({ status: needs.status }).from(needs).where(eq(needs.id, needId)).get()!.status;

/** The firm posts a need open to every bank; the named banks claim it. */
function needClaimedBy(firm: Firm, amountWan: number, officers: string[]) {
  const now = Date.now();
  const posted = postNeed(
    app.db,
    enterpriseUser(app.db, firm.id),
    {
      amountFen: amountWan * WAN,
      termMonths: 12,
      purpose: "流动资金周转：支付供应商货款",
      guaranteeMode: null,
      rateCeilingBp: null,
      expiresOn: addDays(today, 30),
      targetProductId: null,
      commitmentVersion: currentCommitment("need").version,
    },
    now,
  );
  if (!posted.ok) throw new Error(posted.message);
  const claimIds = officers.map((username) => {
    const claimed = claimNeed(app.db, sessionOf(app.db, username), posted.needId, now);
    if (!claimed.ok) throw new Error(claimed.message);
    return claimed.claimId;
  });
  return { needId: posted.needId, claimIds };
}

function grant(claimId: number, amountWan: number) {
  const granted = grantClaim(
    app.db,
    sessionOf(app.db, "szbank_officer"),
    claimId,
    { productId: product.id, amount: amountWan * WAN, rate: product.rateMinBp, termMonths: 12, guaranteeMode: "credit" },
    Date.now(),
  );
  if (!granted.ok) throw new Error(granted.message);
}

beforeAll(async () => {
  app = await startTestApp();
  today = dateOf(Date.now());
  sz = sessionOf(app.db, "szbank_officer").institutionId!;
  icbc = sessionOf(app.db, "icbc_officer").institutionId!;
  const sqlite = app.db.$client;
  // 苏州银行's listed credit product that takes a 160万, 12-month credit loan from any firm.
  product = sqlite
    .prepare(
      `SELECT id, amount_min_fen AS amountMinFen, rate_min_bp AS rateMinBp FROM products
       WHERE institution_id = ? AND listed = 1 AND min_grade IS NULL AND amount_min_fen > 1 AND amount_min_fen <= ? AND amount_max_fen >= ?
         AND term_min_months <= 12 AND term_max_months >= 12 AND EXISTS (SELECT 1 FROM json_each(guarantee_modes) WHERE value = 'credit')
       ORDER BY id LIMIT 1`,
    )
    .get(sz, 20 * WAN, 160 * WAN) as typeof product;
  // Scored firms that are not knocked out, with no open need and no live authorization: nobody's business yet.
  firms = sqlite
    .prepare(
      `SELECT e.id, e.uscc FROM enterprises e JOIN credit_scores s ON s.enterprise_id = e.id AND s.is_current = 1 AND s.knocked_out = 0
       WHERE e.uscc <> ? AND NOT EXISTS (SELECT 1 FROM needs n WHERE n.enterprise_id = e.id AND n.status = 'open')
         AND NOT EXISTS (SELECT 1 FROM authorizations a WHERE a.enterprise_id = e.id AND a.revoked_at IS NULL AND a.expires_at > ?)
       ORDER BY e.id LIMIT 4`,
    )
    .all(DEMO, Date.now()) as Firm[];
  expect(firms).toHaveLength(4);
  third = sqlite
    .prepare(
      `SELECT u.institution_id AS id, u.username FROM users u WHERE u.role = 'bank_officer' AND u.institution_id NOT IN (?, ?)
         AND NOT EXISTS (SELECT 1 FROM claims c JOIN needs n ON n.id = c.need_id WHERE c.institution_id = u.institution_id AND n.enterprise_id IN (SELECT value FROM json_each(?)))
         AND NOT EXISTS (SELECT 1 FROM loans l WHERE l.institution_id = u.institution_id AND l.enterprise_id IN (SELECT value FROM json_each(?)))
       ORDER BY u.institution_id LIMIT 1`,
    )
    .get(sz, icbc, JSON.stringify(firms.map((f) => f.id)), JSON.stringify(firms.map((f) => f.id))) as typeof third;
  for (const username of ["szbank_officer", "icbc_officer", third.username, ...firms.map((f) => f.uscc)])
    cookies[username] = await app.signIn(username);
});

describe("a disbursement (放款) must be a real one", () => {
  let firm: Firm;
  let need: { needId: number; claimIds: number[] };
  const disburse = (form: Record<string, string>) =>
    app.request(`/bank/claims/${need.claimIds[0]}`, {
      cookie: cookies.szbank_officer,
      form: { intent: "disburse", disbursedOn: today, ...form },
    });

  beforeAll(() => {
    firm = firms[0]!;
    // A 160万 need open to all, claimed by 苏州银行 and 工商银行; 苏州银行 grants it in full.
    need = needClaimedBy(firm, 160, ["szbank_officer", "icbc_officer"]);
    grant(need.claimIds[0]!, 160);
  });

  it("refuses 1 fen — below the product's minimum — at the field, and changes nothing", async () => {
    const response = await disburse({ amount: "0.000001" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(`放款金额不能低于产品最低额度 ${formatMoney(product.amountMinFen)}`);
    expect(html).toContain('id="amount-error"');
    expect(loansOf(firm.id)).toEqual([]);
    expect(needStatus(need.needId)).toBe("open");
    expect(claimStatus(need.claimIds[0]!)).toBe("granted");
    expect(claimStatus(need.claimIds[1]!)).toBe("claimed");
  });

  it("asks the officer to confirm an amount under half of the grant", async () => {
    const response = await disburse({ amount: "20" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("放款金额不足授信金额");
    expect(html).toContain("请勾选确认");
    expect(html).toContain('id="confirmBelowHalf-error"');
    expect(loansOf(firm.id)).toEqual([]);
    expect(claimStatus(need.claimIds[1]!)).toBe("claimed");
  });

  it("records it once the officer ticks the confirmation", async () => {
    // Before: the need's authorization opens the profile to every bank, 工商银行 included.
    const before = await (await app.request(`/bank/enterprises/${firm.id}`, { cookie: cookies.icbc_officer })).text();
    expect(before).toContain("本次查询已记入该企业可见的查询记录");
    expect(logRows(firm.id, icbc)).toBe(1);

    const response = await disburse({ amount: "20", confirmBelowHalf: "yes" });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("已登记放款");
    expect(loansOf(firm.id).map((l) => l.amountFen)).toEqual([20 * WAN]);
    expect(needStatus(need.needId)).toBe("fulfilled");
    expect(claimStatus(need.claimIds[1]!)).toBe("cancelled");
  });

  it("after it, the other bank sees the summary only and no read is logged; the lender still reads, for 贷后管理", async () => {
    const other = await app.request(`/bank/enterprises/${firm.id}`, { cookie: cookies.icbc_officer });
    expect(other.status).toBe(200);
    const otherHtml = await other.text();
    expect(otherHtml).toContain("该企业未向本机构授权查询信用数据");
    expect(otherHtml).not.toContain("本次查询已记入");
    expect(logRows(firm.id, icbc)).toBe(1);

    const lender = await (await app.request(`/bank/enterprises/${firm.id}`, { cookie: cookies.szbank_officer })).text();
    expect(lender).toContain("本次查询已记入该企业可见的查询记录");
    expect(lender).toContain(`融资需求 #${need.needId} 贷后管理（仅限放款机构）`);
    expect(lender).toContain("授权本机构");
    expect(logRows(firm.id, sz)).toBe(1);
    expect(
      app.db
        .select()
        .from(creditQueryLog)
        .where(and(eq(creditQueryLog.enterpriseId, firm.id), eq(creditQueryLog.institutionId, sz)))
        .get()!.purpose,
    ).toContain("贷后管理");
  });

  it("shows the enterprise the change under 授权管理: the need's authorization ended, the lender's after-care one in force", async () => {
    const html = await (await app.request("/sme/authorizations", { cookie: cookies[firm.uscc] })).text();
    expect(html).toContain(`融资需求 #${need.needId} 贷后管理（仅限放款机构）`);
    const rows = app.db.$client
      .prepare("SELECT institution_id AS institutionId, purpose, revoked_at AS revokedAt FROM authorizations WHERE need_id = ? ORDER BY id")
      .all(need.needId);
    expect(rows).toEqual([
      { institutionId: null, purpose: `融资需求 #${need.needId} 贷前审查`, revokedAt: expect.any(Number) },
      { institutionId: sz, purpose: `融资需求 #${need.needId} 贷后管理（仅限放款机构）`, revokedAt: null },
    ]);
  });

  it("a bank with no business with the firm gets 404, as for a firm that does not exist", async () => {
    const response = await app.request(`/bank/enterprises/${firm.id}`, { cookie: cookies[third.username] });
    expect(response.status).toBe(404);
    const missing = await app.request("/bank/enterprises/999999", { cookie: cookies[third.username] });
    expect(missing.status).toBe(404);
    expect(await response.text()).not.toContain(
      app.db.$client.prepare("SELECT name FROM enterprises WHERE id = ?").pluck().get(firm.id) as string,
    );
    expect(logRows(firm.id, third.id)).toBe(0);
  });
});

describe("a need past its last day", () => {
  it("stays open to the banks still handling a claim and closes to the rest, before and after the sweep", async () => {
    const firm = firms[1]!;
    const need = needClaimedBy(firm, 50, ["icbc_officer"]);
    // While the need is open, every bank may look (a need it could claim).
    expect(await (await app.request(`/bank/enterprises/${firm.id}`, { cookie: cookies[third.username] })).text()).toContain(
      "本次查询已记入",
    );
    // Its last day passes (the sweep has not run yet: the need is still marked open).
    app.db
      .update(needs)
      .set({ expiresOn: addDays(today, -1) })
      .where(eq(needs.id, need.needId))
      .run();

    expect((await app.request(`/bank/enterprises/${firm.id}`, { cookie: cookies[third.username] })).status).toBe(404);
    const handling = await (await app.request(`/bank/enterprises/${firm.id}`, { cookie: cookies.icbc_officer })).text();
    expect(handling).toContain(`融资需求 #${need.needId} 贷前审查（需求到期后继续办理，仅限受理机构）`);
    expect(handling).toContain("本次查询已记入");

    const now = Date.now();
    expect(expireNeeds(app.db, now)).toBeGreaterThanOrEqual(1);
    expect(settleClosedNeedAuthorizations(app.db, now)).toBe(0);
    expect(liveAuthorization(app.db, firm.id, third.id, now)).toBeNull();
    expect(liveAuthorization(app.db, firm.id, icbc, now)?.purpose).toContain("需求到期后继续办理");

    // 工商银行 turns it down: its reading ends too.
    const rejected = await app.request(`/bank/claims/${need.claimIds[0]}`, {
      cookie: cookies.icbc_officer,
      form: { intent: "reject", reasonCode: "credit_record", note: "" },
    });
    expect(rejected.status).toBe(200);
    const after = await (await app.request(`/bank/enterprises/${firm.id}`, { cookie: cookies.icbc_officer })).text();
    expect(after).toContain("该企业未向本机构授权查询信用数据");
  });

  it("the sweep narrows a need expired without any request touching it", () => {
    const firm = firms[2]!;
    const need = needClaimedBy(firm, 50, ["szbank_officer"]);
    app.db
      .update(needs)
      .set({ expiresOn: addDays(today, -1) })
      .where(eq(needs.id, need.needId))
      .run();
    const now = Date.now();
    expect(liveAuthorization(app.db, firm.id, third.id, now)).not.toBeNull();
    expireNeeds(app.db, now);
    expect(liveAuthorization(app.db, firm.id, third.id, now)).toBeNull();
    expect(liveAuthorization(app.db, firm.id, icbc, now)).toBeNull();
    expect(liveAuthorization(app.db, firm.id, sz, now)?.institutionId).toBe(sz);
  });
});

describe("firms a bank may look up", () => {
  it("a firm on a recommendation list pushed to the bank shows its summary; taken off the list, it is gone again", async () => {
    const firm = firms[3]!;
    const path = `/bank/enterprises/${firm.id}`;
    expect((await app.request(path, { cookie: cookies[third.username] })).status).toBe(404);
    const sqlite = app.db.$client;
    const listId = Number(
      sqlite.prepare("INSERT INTO recommendation_lists (district_code, month, created_at) VALUES ('320508', '2000-01', 0)").run()
        .lastInsertRowid,
    );
    const entryId = Number(
      sqlite
        .prepare(
          "INSERT INTO recommendation_entries (list_id, enterprise_id, score, grade, model_version, added_at) VALUES (?, ?, 700, 'B', 'v1', 0)",
        )
        .run(listId, firm.id).lastInsertRowid,
    );
    sqlite.prepare("INSERT INTO recommendation_pushes (list_id, institution_id, pushed_at) VALUES (?, ?, 0)").run(listId, third.id);
    const listed = await app.request(path, { cookie: cookies[third.username] });
    expect(listed.status).toBe(200);
    expect(await listed.text()).toContain("该企业未向本机构授权查询信用数据");
    sqlite.prepare("UPDATE recommendation_entries SET removed_at = 1 WHERE id = ?").run(entryId);
    expect((await app.request(path, { cookie: cookies[third.username] })).status).toBe(404);
  });
});

describe("a bank's claim timeline", () => {
  it("shows its own claim and the need's neutral events, nothing of another bank's claim or the firm's answer to it", async () => {
    const firm = firms[3]!;
    const need = needClaimedBy(firm, 60, ["szbank_officer", "icbc_officer"]);
    grant(need.claimIds[0]!, 60);
    // The firm turns down 苏州银行's offer.
    const declined = await app.request(`/sme/needs/${need.needId}`, {
      cookie: cookies[firm.uscc],
      form: { intent: "decline", claimId: String(need.claimIds[0]) },
    });
    expect(declined.status).toBe(200);

    const icbcPage = await (await app.request(`/bank/claims/${need.claimIds[1]}`, { cookie: cookies.icbc_officer })).text();
    const timeline = icbcPage.slice(icbcPage.indexOf('aria-label="进度"'));
    expect(timeline).toContain("发布融资需求");
    expect(timeline).toContain("受理了需求");
    expect(timeline).not.toContain("企业放弃该授信");
    expect(timeline).not.toContain("苏州银行");
    expect(timeline).not.toContain("授信 ");

    const szPage = await (await app.request(`/bank/claims/${need.claimIds[0]}`, { cookie: cookies.szbank_officer })).text();
    expect(szPage.slice(szPage.indexOf('aria-label="进度"'))).toContain("企业放弃该授信");
  });
});
