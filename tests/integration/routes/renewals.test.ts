/**
 * 无还本续贷 over the built portal: the demo enterprise asks to renew its 苏州银行 loan from the loan
 * page, 苏州银行's officer decides from 续贷申请 and the loan page; every bad input answers at its
 * field in zh-CN, refusals stay on the page, and no other bank or role gets in.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { maturityDateOf } from "~/domain/maturity";
import { addDays, dateOf, startOfDate } from "~/lib/time";
import { startTestApp, type TestApp } from "../../support/app";
import { DEMO_LOGIN } from "../../support/route-table";

let app: TestApp;
let loanId: number;
let maturesOn: string;
const cookies: Record<string, string> = {};
const textOf = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");
const today = dateOf(Date.now());

beforeAll(async () => {
  app = await startTestApp();
  for (const who of ["enterprise", "bank_officer"] as const) cookies[who] = await app.signIn(DEMO_LOGIN[who]);
  cookies.icbc = await app.signIn("icbc_officer");
  // The demo enterprise's loan at 苏州银行, moved to mature 20 days from today (the seed's "today" is fixed).
  loanId = (
    app.db.$client
      .prepare(
        `SELECT l.id FROM loans l JOIN enterprises e ON e.id = l.enterprise_id JOIN institutions i ON i.id = l.institution_id
         WHERE e.uscc = ? AND i.short_name = '苏州银行' ORDER BY l.id DESC LIMIT 1`,
      )
      .get(DEMO_LOGIN.enterprise) as { id: number }
  ).id;
  const disbursedOn = maturityDateOf(addDays(today, 20), -12);
  app.db.$client
    .prepare("UPDATE loans SET disbursed_on = ?, disbursed_at = ?, term_months = 12, status = 'normal' WHERE id = ?")
    .run(disbursedOn, startOfDate(disbursedOn), loanId);
  app.db.$client.prepare("DELETE FROM loan_status_reports WHERE loan_id = ?").run(loanId);
  maturesOn = maturityDateOf(disbursedOn, 12);
});

const asEnterprise = (path: string, form?: Record<string, string>) => app.request(path, { cookie: cookies.enterprise, form });
const asOfficer = (path: string, form?: Record<string, string>) => app.request(path, { cookie: cookies.bank_officer, form });
const openRenewalId = () =>
  (app.db.$client.prepare("SELECT id FROM loan_renewals WHERE loan_id = ? AND status = 'requested'").get(loanId) as { id: number }).id;

describe("the enterprise asks for a renewal", () => {
  it("shows the loan, its maturity and the request form with what the authorization covers", async () => {
    const html = await textOf(await asEnterprise(`/sme/loans/${loanId}`));
    expect(html).toContain(`贷款 #${loanId}`);
    expect(html).toContain(`${maturesOn}（还有 20 天）`);
    expect(html).toContain("提交续贷申请");
    expect(html).toContain(`用途：续贷审查（贷款 #${loanId}）`);
    expect(html).toContain("放款渠道");
    // Its home links the loan and says it may be renewed.
    const home = await textOf(await asEnterprise("/sme"));
    expect(home).toContain(`href="/sme/loans/${loanId}"`);
    expect(home).toContain("可申请续贷");
  });

  it("answers bad input at its field, in zh-CN", async () => {
    const path = `/sme/loans/${loanId}`;
    const base = { intent: "request", amount: "100", termMonths: "12", note: "", consent: "yes" };
    let response = await asEnterprise(path, { ...base, consent: "" });
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain("请勾选授权：银行须查询贵企业当前的信用信息才能审查续贷申请");
    response = await asEnterprise(path, { ...base, amount: "一百" });
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain("续贷金额请填写数字（单位：万元，最多6位小数）");
    response = await asEnterprise(path, { ...base, termMonths: "61" });
    expect(await textOf(response)).toContain("续贷期限不能超过 60个月");
    response = await asEnterprise(path, { ...base, amount: "99999" });
    expect(response.status).toBe(400);
    expect(await textOf(response)).toMatch(/续贷金额不能超过原贷款金额 [\d,.]+ 万元/);
    expect(app.db.$client.prepare("SELECT count(*) FROM loan_renewals WHERE loan_id = ?").pluck().get(loanId)).toBe(0);
  });

  it("files the request; the page then shows it awaiting the bank, with 撤回", async () => {
    const response = await asEnterprise(`/sme/loans/${loanId}`, {
      intent: "request",
      amount: "100",
      termMonths: "12",
      note: "订单稳定，周转需要",
      consent: "yes",
    });
    expect(response.status).toBe(200);
    expect(await textOf(response)).toContain("续贷申请已提交");
    const html = await textOf(await asEnterprise(`/sme/loans/${loanId}`));
    expect(html).toContain("待银行审批");
    expect(html).toContain("撤回申请");
    expect(await textOf(await asEnterprise("/sme"))).toContain("续贷审批中");
    // A second request is refused on the page, not with an error page.
    const again = await asEnterprise(`/sme/loans/${loanId}`, { intent: "request", amount: "100", termMonths: "12", consent: "yes" });
    expect(again.status).toBe(409);
    expect(await textOf(again)).toContain("该笔贷款已有待银行审批的续贷申请");
  });
});

describe("the bank decides", () => {
  it("lists the request in 续贷申请 with the maturity date, linking the loan page", async () => {
    const html = await textOf(await asOfficer("/bank/renewals"));
    expect(html).toContain("续贷申请");
    expect(html).toContain(`href="/bank/loans/${loanId}"`);
    expect(html).toContain(`${maturesOn}（还有 20 天）`);
    expect(html).toContain("待审批");
    expect(await textOf(await asOfficer("/bank/maturities"))).toContain(`href="/bank/loans/${loanId}"`);
  });

  it("answers bad approval and decline input at the field, in zh-CN", async () => {
    const path = `/bank/loans/${loanId}`;
    const renewalId = String(openRenewalId());
    const approve = { intent: "approve", renewalId, rate: "4.35", channel: "ecny", disbursedOn: "" };
    let response = await asOfficer(path, { ...approve, rate: "四点三" });
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain("续贷年利率请填写百分数，最多两位小数，如 4.35");
    response = await asOfficer(path, { ...approve, disbursedOn: addDays(today, 1) });
    expect(await textOf(response)).toContain("放款日期不能晚于今天");
    response = await asOfficer(path, { ...approve, channel: "cash" });
    expect(await textOf(response)).toContain("请选择放款渠道");
    response = await asOfficer(path, { ...approve, rate: "0.01" });
    expect(response.status).toBe(400);
    expect(await textOf(response)).toMatch(/年利率须在产品利率 [\d.]+%–[\d.]+% 内/);
    response = await asOfficer(path, { intent: "decline", renewalId, reason: "" });
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain("请填写不同意续贷的原因");
    expect(app.db.$client.prepare("SELECT status FROM loan_renewals WHERE id = ?").pluck().get(Number(renewalId))).toBe("requested");
  });

  it("another bank's officer gets 404 for the loan and cannot decide", async () => {
    expect((await app.request(`/bank/loans/${loanId}`, { cookie: cookies.icbc })).status).toBe(404);
    const response = await app.request(`/bank/loans/${loanId}`, {
      cookie: cookies.icbc,
      form: { intent: "approve", renewalId: String(openRenewalId()), rate: "4.35", channel: "ecny", disbursedOn: "" },
    });
    expect(response.status).toBe(404);
    expect(app.db.$client.prepare("SELECT count(*) FROM loans WHERE renews_loan_id = ?").pluck().get(loanId)).toBe(0);
  });

  it("approves into the e-CNY wallet: the renewal loan's page shows the chain and the channel", async () => {
    const rate = (app.db.$client.prepare("SELECT rate_bp FROM loans WHERE id = ?").pluck().get(loanId) as number) / 100;
    const response = await asOfficer(`/bank/loans/${loanId}`, {
      intent: "approve",
      renewalId: String(openRenewalId()),
      rate: rate.toFixed(2),
      channel: "ecny",
      disbursedOn: "",
    });
    expect(response.status).toBe(200);
    expect(await textOf(response)).toContain("已同意续贷");
    const renewal = app.db.$client.prepare("SELECT id, channel, disbursed_on AS d FROM loans WHERE renews_loan_id = ?").get(loanId) as {
      id: number;
      channel: string;
      d: string;
    };
    expect(renewal).toMatchObject({ channel: "ecny", d: today });
    const html = await textOf(await asOfficer(`/bank/loans/${renewal.id}`));
    expect(html).toContain("数字人民币钱包");
    expect(html).toContain(`原贷款 #${loanId}`);
    expect(html).toContain(`第 1 次续贷 #${renewal.id}（本笔）`);
    const sme = await textOf(await asEnterprise(`/sme/loans/${renewal.id}`));
    expect(sme).toContain(maturityDateOf(today, 12));
    expect(sme).toContain(`原贷款 #${loanId}`);
    // The old loan: settled, renewed — its page says so instead of offering the form.
    const old = await asEnterprise(`/sme/loans/${loanId}`);
    expect(old.status).toBe(200);
    expect(await textOf(old)).toContain("该笔贷款已办理续贷");
  });
});

describe("e-CNY disbursement and pool cover", () => {
  it("the disbursement form takes the channel (checked), and the loan records it", async () => {
    const claim = app.db.$client
      .prepare(
        `SELECT c.id, c.granted_amount_fen AS fen FROM claims c JOIN users u ON u.id = c.officer_user_id
         WHERE u.username = 'szbank_officer' AND c.status = 'granted' ORDER BY c.id DESC LIMIT 1`,
      )
      .get() as { id: number; fen: number };
    const form = { intent: "disburse", amount: String(claim.fen / 1_000_000), disbursedOn: today, channel: "cash" };
    const refused = await asOfficer(`/bank/claims/${claim.id}`, form);
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toContain("请选择放款渠道");
    expect((await asOfficer(`/bank/claims/${claim.id}`, { ...form, channel: "ecny" })).status).toBe(200);
    expect(app.db.$client.prepare("SELECT channel FROM loans WHERE claim_id = ?").pluck().get(claim.id)).toBe("ecny");
    const html = await textOf(await asOfficer(`/bank/claims/${claim.id}`));
    expect(html).toContain("放款渠道 数字人民币钱包");
  });

  it("shows the pool cover, and 申请代偿 on a covered loan reported npl", async () => {
    // The renewal loan approved above, enrolled in a test pool by hand.
    const {
      id: renewed,
      fen,
      at,
    } = app.db.$client.prepare("SELECT id, amount_fen AS fen, disbursed_at AS at FROM loans WHERE renews_loan_id = ?").get(loanId) as {
      id: number;
      fen: number;
      at: number;
    };
    const pool = app.db.$client
      .prepare(
        `INSERT INTO risk_pools (name, capital_fen, loss_share_bp, cap_per_loan_fen, cap_per_year_fen, leverage_limit, created_at)
         VALUES ('测试风险补偿资金池', 100000000000, 5000, 1000000000, 5000000000, 10, 0) RETURNING id`,
      )
      .pluck()
      .get() as number;
    // Whatever the seeded pools did with it at approval, it is in this pool now.
    app.db.$client.prepare("DELETE FROM risk_pool_enrolments WHERE loan_id = ?").run(renewed);
    app.db.$client
      .prepare("INSERT INTO risk_pool_enrolments (pool_id, loan_id, amount_fen, enrolled_at) VALUES (?, ?, ?, ?)")
      .run(pool, renewed, fen, at);
    const sme = await textOf(await asEnterprise(`/sme/loans/${renewed}`));
    expect(sme).toContain("已纳入测试风险补偿资金池");
    expect(await textOf(await asOfficer(`/bank/loans/${renewed}`))).not.toContain("申请代偿");
    app.db.$client.prepare("UPDATE loans SET status = 'npl' WHERE id = ?").run(renewed);
    expect(await textOf(await asOfficer(`/bank/loans/${renewed}`))).toContain(`href="/bank/compensations/new?loanId=${renewed}"`);
  });
});

describe("roles", () => {
  it("keeps the loan pages to their sides", async () => {
    expect((await asOfficer(`/sme/loans/${loanId}`)).status).toBe(403);
    expect((await asEnterprise(`/bank/loans/${loanId}`)).status).toBe(403);
    expect((await asEnterprise("/bank/renewals")).status).toBe(403);
    expect((await app.request(`/sme/loans/${loanId}`)).status).toBe(302);
    expect((await asEnterprise("/sme/loans/abc")).status).toBe(404);
  });
});
