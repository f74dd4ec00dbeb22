/**
 * `npm start` as an operator runs it (the built portal, app/cli/start.ts in its own process): it
 * refuses a bad environment with a readable list of problems, and what it writes to its log never
 * holds a password or a token sent to it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

type Started = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function startServer(env: Record<string, string>): Started {
  const child = spawn("node_modules/.bin/tsx", ["app/cli/start.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      SEED: "none",
      DATABASE_PATH: join(inject("testDatabaseDir"), `start-${randomUUID()}.sqlite`),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Waits for a line in the server's log; generous, since a loaded machine starts a process slowly (speed is the benchmarks' business). */
async function waitForOutput(server: Started, text: string, timeoutMs = 90_000) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline && !server.output().includes(text);)
    await new Promise((r) => setTimeout(r, 100));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) child.kill("SIGTERM");
});

describe("npm start with a bad environment", () => {
  it("refuses to start, lists every problem in Chinese and prints no stack trace", async () => {
    const server = startServer({ PORT: "30x0", SEED: "some", CREDIT_PLATFORM_URL: "http://credit.example.gov.cn" });
    running.push(server.child);
    expect(await server.exited).toBe(1);
    const output = server.output();
    expect(output).toContain("配置有误，平台未启动");
    expect(output).toContain("PORT 应为 1–65535 之间的整数端口号");
    expect(output).toContain("SEED 只能为 none");
    expect(output).toContain("缺少 CREDIT_PLATFORM_TOKEN");
    expect(output).not.toMatch(/\n\s+at /);
    expect(output).not.toContain("已启动");
  });
});

describe("a running server", () => {
  let server: Started;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    server = startServer({ PORT: String(port), HOST: "127.0.0.1" });
    running.push(server.child);
    base = `http://127.0.0.1:${port}`;
    await waitForOutput(server, "已启动");
    expect(server.output()).toContain("已启动");
  }, 120_000);

  const form = (fields: Record<string, string>) => ({
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    redirect: "manual" as const,
  });

  it("runs the periodic sweep, with this month's re-score, in its worker thread", async () => {
    await waitForOutput(server, "本月信用评分已按");
    expect(server.output()).toContain("例行处理：本月信用评分已按 expert-2026.2 重算 0 家企业");
    expect(server.output()).not.toContain("例行处理失败");
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  }, 120_000);

  it("never logs a password from a failed login or registration, nor a pushed token", async () => {
    const password = "Secret#Pass-7f3a91";
    const token = `xyd_${"Q".repeat(20)}known-token-1b2c`;
    const login = await fetch(`${base}/login`, form({ username: "nobody", password }));
    expect(login.status).toBe(401);
    expect(await login.text()).not.toContain(password);
    const register = await fetch(`${base}/register`, form({ uscc: "not-a-code", name: "某公司", password, passwordConfirm: password }));
    expect(register.status).toBe(400);
    expect(await register.text()).not.toContain(password);
    const push = await fetch(`${base}/api/v1/credit-data/batches`, {
      method: "POST",
      body: JSON.stringify({ batchId: "b1", kind: "monthly", rows: [{ token, password }] }),
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    });
    expect(push.status).toBe(401);
    expect(JSON.stringify(await push.json())).not.toContain(token);
    // Let anything the requests logged reach the pipe.
    await new Promise((r) => setTimeout(r, 300));
    expect(server.output()).not.toContain(password);
    expect(server.output()).not.toContain(token);
    expect(server.output()).not.toContain("known-token");
  });

  it("refuses a form body past 1 MB, declared or chunked, in Chinese — and the client always reads the refusal", async () => {
    // The server answers 413 at once and drains what the client is still sending (within a bound) before
    // it lets the connection go, so the client's write never fails with EPIPE before it reads the answer.
    const big = { username: "bureau", password: "x".repeat(2 * 1024 * 1024) };
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${base}/login`, form(big));
      expect(response.status).toBe(413);
      expect(await response.text()).toContain("提交的内容过大");
    }
    const json = await fetch(`${base}/login`, {
      ...form(big),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    });
    expect(json.status).toBe(413);
    expect((await json.json()).error.code).toBe("body_too_large");
    // No Content-Length at all: a streamed (chunked) body is counted as it arrives.
    const bytes = new TextEncoder().encode(new URLSearchParams(big).toString());
    const chunked = await fetch(`${base}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new ReadableStream({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 64 * 1024) controller.enqueue(bytes.slice(at, at + 64 * 1024));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await chunked.text()).toContain("提交的内容过大");
    // An ordinary form still gets through to the login check.
    expect((await fetch(`${base}/login`, form({ username: "bureau", password: "Wrong#Pass2026" }))).status).toBe(401);
  });
});
