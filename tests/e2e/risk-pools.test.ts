/**
 * 代偿 in the browser: 苏州银行's officer files a claim on an npl loan enrolled in the city's pool;
 * the bureau approves it on the pool page, seeing the payout and the limit that set it before
 * confirming, and the pool's balance falls by the payout; the pool page's charts draw.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatMoney, formatWanYuan } from "~/lib/money";
import { monthOf } from "~/lib/time";
import { reportLoanStatus } from "~/services/loans.server";
import { payoutPreview } from "~/services/compensation-claims.server";
import { poolBalanceFen } from "~/services/risk-pools.server";
import { openDatabase } from "~db/connection";
import { launchBrowser, screenshot, signedInPage, startPortal, type RunningPortal } from "../support/browser";
import { sessionOf } from "../support/credit";

let portal: RunningPortal;
let browser: Browser;
const errors: string[] = [];
let loan: { id: number; amountFen: number; enterpriseName: string; poolId: number; poolName: string };
let normalLoanId: number | undefined;

const withDb = <T>(work: (db: ReturnType<typeof openDatabase>) => T): T => {
  const db = openDatabase(portal.databasePath);
  try {
    return work(db);
  } finally {
    db.$client.close();
  }
};

beforeAll(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
  withDb((db) => {
    const officer = sessionOf(db, "szbank_officer");
    const enrolled = (status: string) =>
      db.$client
        .prepare(
          `SELECT l.id, l.amount_fen AS amountFen, e.name AS enterpriseName, p.id AS poolId, p.name AS poolName
           FROM risk_pool_enrolments r JOIN loans l ON l.id = r.loan_id JOIN enterprises e ON e.id = l.enterprise_id
           JOIN risk_pools p ON p.id = r.pool_id
           WHERE l.institution_id = ? AND r.released_at IS NULL AND l.status ${status}
             AND NOT EXISTS (SELECT 1 FROM compensation_claims c WHERE c.loan_id = l.id AND c.status IN ('filed', 'approved'))
           ORDER BY r.enrolled_at LIMIT 1`,
        )
        .get(officer.institutionId) as typeof loan | undefined;
    // An enrolled loan of the bank that went bad; if the demo city has none, the officer reports one npl this month.
    loan = enrolled("= 'npl'") ?? enrolled("<> 'settled'")!;
    const reported = reportLoanStatus(db, officer, loan.id, monthOf(Date.now()), "npl", Date.now());
    if (!reported.ok && reported.status !== 409) throw new Error(reported.message);
    normalLoanId = enrolled("= 'normal'")?.id;
  });
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

const signedIn = (username: string) => signedInPage(browser, portal, username, errors);

describe("代偿 on an npl loan", () => {
  it("the bank officer files a claim from 风险补偿", async () => {
    const { context, page } = await signedIn("szbank_officer");
    await page.getByRole("navigation", { name: "功能导航" }).getByRole("link", { name: "风险补偿" }).click();
    await page.getByRole("heading", { level: 1, name: "风险补偿" }).waitFor();
    await page.getByRole("heading", { name: "本机构入池贷款" }).waitFor();
    await screenshot(page, "bank-pools");
    await page.getByRole("link", { name: "代偿申请与回收" }).click();
    await page
      .getByRole("row", { name: new RegExp(loan.enterpriseName) })
      .getByRole("link", { name: "申请代偿" })
      .click();
    await page.getByRole("heading", { level: 1, name: "申请代偿" }).waitFor();
    await page.getByText(loan.poolName).waitFor();
    // More than the loan: refused at the field.
    await page.getByLabel("损失金额（万元）").fill(String(loan.amountFen / 1_000_000 + 1));
    await page.getByLabel("材料编号").fill("苏银核销〔2026〕88号");
    await page.getByRole("button", { name: "提交代偿申请" }).click();
    await page.getByText(/损失金额应在 0.01 元至贷款金额/).waitFor();
    await page.getByLabel("损失金额（万元）").fill(String(Math.floor(loan.amountFen / 2 / 10_000) / 100));
    await page.getByRole("button", { name: "提交代偿申请" }).click();
    await page.getByText("代偿申请已提交，待金融管理部门审核").waitFor();
    await page
      .getByRole("row", { name: new RegExp(loan.enterpriseName) })
      .getByText("待审核")
      .first()
      .waitFor();
    await screenshot(page, "bank-compensations");
    if (normalLoanId !== undefined) {
      await page.goto(`${portal.baseUrl}/bank/compensations/new?loanId=${normalLoanId}`);
      await page.getByText("仅不良贷款可申请代偿，该贷款当前为“正常”").waitFor();
    }
    await context.close();
  });

  it("the bureau approves it and sees the pool page with its chart and the balance fallen by the payout", async () => {
    const before = withDb((db) => poolBalanceFen(db, loan.poolId));
    const claimId = withDb(
      (db) =>
        (db.$client.prepare("SELECT id FROM compensation_claims WHERE loan_id = ? AND status = 'filed'").get(loan.id) as { id: number }).id,
    );
    const preview = withDb((db) => payoutPreview(db, claimId, Date.now())!);
    expect(preview.payoutFen).toBeGreaterThan(0);

    const { context, page } = await signedIn("bureau");
    await page.getByRole("navigation", { name: "功能导航" }).getByRole("link", { name: "风险补偿" }).click();
    await page.getByRole("heading", { level: 1, name: "风险补偿资金池" }).waitFor();
    await screenshot(page, "bureau-pools");
    await page.getByRole("link", { name: loan.poolName }).click();
    await page.getByRole("heading", { level: 1, name: loan.poolName }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll("canvas[data-drawn='true']").length === 2);
    const row = page.getByRole("row", { name: new RegExp(loan.enterpriseName) }).filter({ hasText: "待审核" });
    await row.getByText(`按规则应代偿 ${formatMoney(preview.payoutFen)}（${preview.limitLabel}）`).waitFor();
    await screenshot(page, "bureau-pool-before");
    await row.getByRole("button", { name: `确认代偿 ${formatMoney(preview.payoutFen)}` }).click();
    await page.getByText(`已代偿 ${formatMoney(preview.payoutFen)}`).waitFor();

    const after = withDb((db) => poolBalanceFen(db, loan.poolId));
    expect(after).toBe(before - preview.payoutFen);
    // The notice comes with the action's answer; the figures with the page's reload right after it.
    const balance = page.getByRole("region", { name: "资金池概况" }).locator(".stat").first();
    await balance.filter({ hasText: formatWanYuan(after) }).waitFor();
    expect(await balance.textContent()).toBe(`${formatWanYuan(after)} 万元`);
    await page.waitForFunction(() => document.querySelectorAll("canvas[data-drawn='true']").length === 2);
    await screenshot(page, "bureau-pool-after");
    await context.close();
    expect(errors).toEqual([]);
  });
});
