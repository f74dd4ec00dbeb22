/** The command-line tools as an operator runs them, each in its own process. */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { count, eq } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { authenticate } from "~/services/accounts.server";
import { openDatabase } from "~db/connection";
import { enterprises, users } from "~db/schema";

const run = promisify(execFile);

async function cli(script: string, args: string[], stdin?: string) {
  const child = run("node_modules/.bin/tsx", [`app/cli/${script}.ts`, ...args], { env: { ...process.env, NODE_ENV: "production" } });
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
    const result = await cli("admin-create", ["--username", "Ops.Admin", "--display-name", "运维值班", "--database", database], "Ops#Admin2026\n");
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
