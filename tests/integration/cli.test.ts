/** The command-line tools as an operator runs them, each in its own process. */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { addMonths, monthOf } from "~/lib/time";
import { authenticate } from "~/services/accounts.server";
import { openDatabase } from "~db/connection";
import { creditBatches, creditMonthly, enterprises, users } from "~db/schema";
import usccExamples from "../fixtures/uscc-examples.json";
import { answerCreditPlatform, CREDIT_PLATFORM_TOKEN, creditPlatform, monthlyItems } from "../mocks/credit-platform";
import { createTestDatabase } from "../support/db";
import { registerEnterprises } from "../support/facts";

const run = promisify(execFile);

async function cli(script: string, args: string[], stdin?: string, env: Record<string, string> = {}) {
  const child = run("node_modules/.bin/tsx", [`app/cli/${script}.ts`, ...args], {
    env: { ...process.env, NODE_ENV: "production", ...env },
  });
  if (stdin !== undefined) {
    child.child.stdin?.end(stdin);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const tempDatabase = () => join(inject("testDatabaseDir"), `cli-${randomUUID()}.sqlite`);

describe("npm run admin:create", () => {
  it("reads the password from standard input and creates an administrator who can sign in", async () => {
    const database = tempDatabase();
    const result = await cli(
      "admin-create",
      ["--username", "Ops.Admin", "--display-name", "运维值班", "--database", database],
      "Ops#Admin2026\n",
    );
    expect(result.stdout).toContain("已创建系统管理员 ops.admin");
    const db = openDatabase(database);
    expect(db.select().from(users).where(eq(users.username, "ops.admin")).get()).toMatchObject({ role: "admin", displayName: "运维值班" });
    expect(await authenticate(db, "ops.admin", "Ops#Admin2026", Date.now())).toMatchObject({ ok: true, role: "admin" });
  });

  it("refuses a weak password and has no password flag at all", async () => {
    const database = tempDatabase();
    const weak = await cli("admin-create", ["--username", "ops", "--database", database], "password\n");
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain("密码需包含");
    const flag = await cli("admin-create", ["--username", "ops", "--password", "Ops#Admin2026", "--database", database], "");
    expect(flag.code).not.toBe(0);
    expect(flag.stderr).toContain("unknown option '--password'");
    expect(openDatabase(database).select({ n: count() }).from(users).get()!.n).toBe(0);
  });
});

describe("npm run seed", () => {
  it("seeds with progress lines, refuses a database with data, and rebuilds it with --reset", async () => {
    const database = tempDatabase();
    const first = await cli("seed", ["--enterprises", "80", "--months", "6", "--as-of", "2026-11-15", "--database", database]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/\[3\/\d+\] 入驻企业：80 家企业/);
    const again = await cli("seed", ["--enterprises", "80", "--months", "6", "--database", database]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("已有数据");
    const reset = await cli("seed", ["--enterprises", "40", "--months", "6", "--as-of", "2026-11-15", "--database", database, "--reset"]);
    expect(reset.code).toBe(0);
    expect(openDatabase(database).select({ n: count() }).from(enterprises).get()!.n).toBe(40);
  });

  it("explains bad options instead of failing obscurely", async () => {
    const result = await cli("seed", ["--months", "lots", "--database", tempDatabase()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--months必须是整数");
  });
});

describe("npm run report", () => {
  it("writes a month's report as XLSX or CSV and refuses a malformed month", async () => {
    const database = tempDatabase();
    await cli("seed", ["--enterprises", "40", "--months", "3", "--as-of", "2026-11-15", "--database", database]);
    const out = join(inject("testDatabaseDir"), `${randomUUID()}.csv`);
    const result = await cli("report", ["--month", "2026-10", "--format", "csv", "--out", out, "--database", database]);
    expect(result.stdout).toContain("（草稿）");
    const text = readFileSync(out, "utf8");
    expect(text.startsWith("\uFEFF2026年10月苏州市信易贷工作统计表（草稿）")).toBe(true);
    const bad = await cli("report", ["--month", "2026-1", "--format", "pdf", "--out", out, "--database", database]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("月份格式应为 YYYY-MM");
  });
});

describe("npm run credit:sync", () => {
  // The command runs in its own process, out of msw's reach: the same mock platform answers over real HTTP.
  const server = createServer((req, res) => {
    const headers = new Headers(
      Object.entries(req.headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value] as [string, string]] : [])),
    );
    const answer = answerCreditPlatform(new Request(`http://127.0.0.1${req.url}`, { headers }));
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    void answer.text().then((body) => res.end(body));
  });
  let platformUrl = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    platformUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gateway`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("says what is missing when the platform address is not configured", async () => {
    const result = await cli("credit-sync", ["--month", "2026-10", "--database", tempDatabase()], undefined, {
      CREDIT_PLATFORM_URL: "",
      CREDIT_PLATFORM_TOKEN: "x",
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("未配置 CREDIT_PLATFORM_URL");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("syncs every source of a month with a summary, fails on a refused token, and repeats as a duplicate", async () => {
    const { db, path } = createTestDatabase();
    registerEnterprises(db, usccExamples.valid);
    // Last month, whenever the test runs: the platform only holds closed months.
    const month = addMonths(monthOf(Date.now()), -1);
    creditPlatform.reset();
    creditPlatform.publish("monthly", "electricity", month, {
      batchId: `ELEC-${month}`,
      items: monthlyItems("electricity", usccExamples.valid),
    });
    const env = { CREDIT_PLATFORM_URL: platformUrl, CREDIT_PLATFORM_TOKEN };

    const refused = await cli("credit-sync", ["--month", month, "--database", path], undefined, {
      ...env,
      CREDIT_PLATFORM_TOKEN: "revoked",
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("同步失败：公共信用信息共享平台拒绝了请求（HTTP 401 unauthorized）：访问令牌无效或已过期");
    expect(refused.stderr).not.toMatch(/\n\s+at /);

    const first = await cli("credit-sync", ["--month", month, "--database", path], undefined, env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`[1/8] 用电 ${month}`);
    expect(first.stdout).toMatch(/已入库：批次 #\d+，共 5 条，接收 5 条（替换旧值 0 条，与现值相同 0 条），拒收 0 条/);
    expect(first.stdout).toContain(`[2/8] 用水 ${month}\n  平台尚未发布该期数据`);
    expect(first.stdout).toContain(`[8/8] 信用事件 ${month}`);
    expect(first.stdout.trim().endsWith("同步完成；7 项平台尚未发布，发布后请再同步")).toBe(true);
    expect(db.select({ n: count() }).from(creditMonthly).get()!.n).toBe(5);

    const again = await cli("credit-sync", ["--month", month, "--source", "electricity", "--database", path], undefined, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/重复：与此前已入库的批次 #\d+ 相同，本次未做任何更改/);
    expect(db.select({ n: count() }).from(creditBatches).get()!.n).toBe(1);
  });

  it("exits non-zero and lists the first problems when the platform's batch is rejected", async () => {
    const { db, path } = createTestDatabase();
    registerEnterprises(db, usccExamples.valid);
    const month = addMonths(monthOf(Date.now()), -1);
    creditPlatform.reset();
    const items = monthlyItems("tax", usccExamples.valid).map((item, i) => (i === 1 ? { ...item, taxPaidFen: "-3" } : item));
    creditPlatform.publish("monthly", "tax", month, {
      batchId: `TAX-${month}`,
      items: [...items, { ...items[0], uscc: "91350100M000100Y44" }],
    });

    const result = await cli("credit-sync", ["--month", month, "--source", "tax", "--database", path], undefined, {
      CREDIT_PLATFORM_URL: platformUrl,
      CREDIT_PLATFORM_TOKEN,
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/已拒收：批次 #\d+，共 6 条，接收 0 条（替换旧值 0 条，与现值相同 0 条），拒收 2 条，整批未写入/);
    expect(result.stdout).toContain("第 2 条 纳税额：纳税额应为不小于0的金额（元），最多两位小数（值：-3）");
    expect(result.stdout).toContain("第 6 条 统一社会信用代码：");
    expect(result.stderr).toContain("有 1 项数据被拒收");
    expect(db.select({ n: count() }).from(creditMonthly).get()!.n).toBe(0);
  });
});
