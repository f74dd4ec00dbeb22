/**
 * 信用修复 in the browser: a firm with a 一般 penalty applies from its phone (the 承诺书 must be ticked,
 * a PDF attached), the bureau accepts on its queue, and the firm's score page shows the higher score;
 * a bank's officer records a 违诺 on a claimed need.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMonthsToDate, dateOf } from "~/lib/time";
import { ingestBatch } from "~/services/credit-ingest.server";
import { openDatabase } from "~db/connection";
import { launchBrowser, screenshot, signedInPage, type RunningPortal, startPortal } from "../support/browser";

const PHONE = { width: 390, height: 844 };
const REFERENCE = "苏相市监罚〔E2E〕9号";
let portal: RunningPortal;
let browser: Browser;
let firm: { uscc: string; name: string; id: number };
const errors: string[] = [];

const scoreOf = (enterpriseId: number) => {
  const db = openDatabase(portal.databasePath);
  const row = db.$client.prepare("SELECT score FROM credit_scores WHERE enterprise_id = ? AND is_current = 1").get(enterpriseId) as {
    score: number;
  };
  db.$client.close();
  return row.score;
};

beforeAll(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
  const db = openDatabase(portal.databasePath);
  // A scored firm with no public record at all: its penalty below is the only thing to repair.
  firm = db.$client
    .prepare(
      `SELECT e.uscc, e.name, e.id FROM enterprises e JOIN credit_scores s ON s.enterprise_id = e.id AND s.is_current = 1 AND s.knocked_out = 0
       WHERE NOT EXISTS (SELECT 1 FROM credit_events c WHERE c.enterprise_id = e.id) ORDER BY e.id LIMIT 1`,
    )
    .get() as typeof firm;
  const now = Date.now();
  ingestBatch(
    db,
    {
      origin: "upload",
      providerId: null,
      kind: "event",
      allowedSources: null,
      rows: [
        {
          uscc: firm.uscc,
          kind: "penalty",
          severity: "一般",
          occurredOn: addMonthsToDate(dateOf(now), -4),
          reference: REFERENCE,
          authority: "苏州市相城区市场监督管理局",
          description: "未按规定公示年度报告",
        },
      ],
    },
    now,
  );
  db.$client.close();
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

describe("a firm repairs a penalty", () => {
  let penalized: number;

  it("applies from the phone: the 承诺书 must be ticked and a PDF attached", async () => {
    penalized = scoreOf(firm.id);
    const { context, page } = await signedInPage(browser, portal, firm.uscc, errors, PHONE);
    await page.goto(`${portal.baseUrl}/sme/score`);
    await page.getByText("对符合条件的行政处罚申请信用修复，可提高约 10 分").waitFor();
    await page.goto(`${portal.baseUrl}/sme/repairs`);
    const row = page.getByRole("row", { name: new RegExp(REFERENCE.replace(/[〔〕]/g, ".")) });
    await row.getByRole("link", { name: "申请信用修复" }).click();
    await page.getByRole("heading", { level: 1, name: "申请信用修复" }).waitFor();
    await page.getByLabel("整改说明").fill("已补报 2025 年度报告并缴纳罚款，指定专人负责年报工作，建立年报提醒制度。");
    await page.getByLabel("证明材料").setInputFiles({
      name: "罚款缴纳凭证.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"),
    });
    await page.getByRole("button", { name: "提交修复申请" }).click();
    await page.getByText("请阅读并勾选信用修复承诺书").waitFor();
    // The file input is emptied by the failed submit, as browsers do: attach again.
    await page.getByLabel("证明材料").setInputFiles({
      name: "罚款缴纳凭证.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"),
    });
    await page.getByLabel("我已阅读并承诺遵守上述信用修复承诺书").check();
    await page.getByRole("button", { name: "提交修复申请" }).click();
    await page.getByText("修复申请已提交").waitFor();
    await page.getByRole("link", { name: "罚款缴纳凭证.pdf" }).waitFor();
    await screenshot(page, "sme-repair-filed-phone");
    await context.close();
  });

  it("the bureau finds it on its queue with its deadline and accepts it", async () => {
    const { context, page } = await signedInPage(browser, portal, "bureau", errors);
    await page.getByRole("navigation", { name: "功能导航" }).getByRole("link", { name: "信用修复" }).click();
    await page.getByRole("heading", { level: 1, name: "信用修复审核" }).waitFor();
    await page
      .getByRole("row", { name: new RegExp(firm.name) })
      .getByRole("link")
      .first()
      .click();
    await page.getByText("罚款缴纳凭证.pdf").waitFor();
    await page.getByText(`审核期限`).waitFor();
    await page.getByRole("button", { name: "同意修复" }).click();
    await page.getByText("已同意修复：修复记录已写入企业信用数据").waitFor();
    await screenshot(page, "bureau-repair-accepted");
    await context.close();
  });

  it("the firm's score page shows the higher score and the message says by how much", async () => {
    const repaired = scoreOf(firm.id);
    expect(repaired).toBe(penalized + 10);
    const { context, page } = await signedInPage(browser, portal, firm.uscc, errors, PHONE);
    await page.goto(`${portal.baseUrl}/sme/score`);
    await page
      .locator("strong")
      .filter({ hasText: new RegExp(`^${repaired}$`) })
      .first()
      .waitFor();
    await page.goto(`${portal.baseUrl}/account/notifications`);
    await page.getByText(`${penalized} 分 → ${repaired} 分`).first().waitFor();
    await screenshot(page, "sme-repair-notified-phone");
    await context.close();
  });
});

describe("a bank records a 违诺", () => {
  it("on a need it claimed, from the claim's 记录违诺 page", async () => {
    const db = openDatabase(portal.databasePath);
    const claimId = (
      db.$client
        .prepare(
          `SELECT c.id FROM claims c JOIN users u ON u.id = c.officer_user_id JOIN commitments m ON m.kind = 'need' AND m.subject_id = c.need_id
           WHERE u.username = 'szbank_officer' AND NOT EXISTS (SELECT 1 FROM commitment_breaches b WHERE b.commitment_id = m.id) ORDER BY c.id DESC LIMIT 1`,
        )
        .get() as { id: number }
    ).id;
    db.$client.close();
    const { context, page } = await signedInPage(browser, portal, "szbank_officer", errors);
    await page.goto(`${portal.baseUrl}/bank/claims/${claimId}/breach`);
    await page.getByText("融资需求信用承诺").first().waitFor();
    await page.getByRole("button", { name: "记录违诺" }).click();
    await page.getByText("请填写违诺事由").waitFor();
    await page.getByLabel("违诺事由").fill("企业提交的购销合同经向对方核实系伪造");
    await page.getByRole("button", { name: "记录违诺" }).click();
    await page.getByText("已记录违诺").waitFor();
    await page.getByText(/违诺：苏州银行于/).waitFor();
    await screenshot(page, "bank-breach-recorded");
    await context.close();
  });

  it("had no script errors", () => {
    expect(errors).toEqual([]);
  });
});
