/**
 * The built portal as `npm start` runs it with WEB_CONCURRENCY=2: two server processes over one SQLite
 * file, the primary running imports and the sweep. A session made by one process is honoured by the
 * other, a rate limit counts the attempts sent to both, writes made through one are read through the
 * other, a pushed batch is imported once (by the primary), and a server process killed mid-write is
 * replaced while the other keeps answering, leaving nothing by halves.
 */
import { currentCommitment } from "~/domain/commitments";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dateOf, monthOf } from "~/lib/time";
import { openDatabase, type AppDatabase } from "~db/connection";
import { seedDemoCity } from "~db/seed";
import { DEMO_PASSWORD } from "~db/seed/accounts";
import { createTestDatabase } from "../support/db";
import { launchPortal, type PortalProcess } from "../support/portal-process";
import { issueProviderToken, pushBatchRequest } from "../support/push-batches";
import { comparable, enginePeriods, referencePeriods } from "../support/statistics-reference";

type Answer = { status: number; servedBy: string; location: string; cookie: string | undefined; body: string };

let portal: PortalProcess;
let path: string;
let token: string;
let usccs: string[];
let posters: string[];

/**
 * One request on a connection of its own, so that the cluster hands it to the next server process.
 * Written on a plain socket: the test set-up's request interception (msw) rewrites node:http requests.
 */
function send(
  pathname: string,
  {
    method = "GET",
    cookie,
    form,
    timeoutMs = 10_000,
  }: { method?: string; cookie?: string; form?: Record<string, string>; timeoutMs?: number } = {},
) {
  const body = form ? new URLSearchParams(form).toString() : "";
  const head = [
    `${form ? "POST" : method} ${pathname} HTTP/1.1`,
    `Host: 127.0.0.1:${portal.port}`,
    "Connection: close",
    ...(cookie ? [`Cookie: ${cookie}`] : []),
    ...(form
      ? ["Content-Type: application/x-www-form-urlencoded", `Content-Length: ${Buffer.byteLength(body)}`, `Origin: ${portal.baseUrl}`]
      : []),
  ];
  return new Promise<Answer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(portal.port, "127.0.0.1", () => socket.write(`${head.join("\r\n")}\r\n\r\n${body}`));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    socket.on("end", () => {
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf("\r\n\r\n");
      if (split < 0) return reject(new Error("connection closed before an answer"));
      const [statusLine, ...lines] = raw.subarray(0, split).toString("latin1").split("\r\n");
      const headers = new Map(
        lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
      );
      let rest = raw.subarray(split + 4);
      if (headers.get("transfer-encoding") === "chunked") {
        const parts: Buffer[] = [];
        for (;;) {
          const lineEnd = rest.indexOf("\r\n");
          const size = parseInt(rest.subarray(0, lineEnd).toString("latin1"), 16);
          if (!size) break;
          parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
          rest = rest.subarray(lineEnd + 2 + size + 2);
        }
        rest = Buffer.concat(parts);
      }
      resolve({
        status: Number(statusLine!.split(" ")[1]),
        servedBy: headers.get("x-served-by") ?? "",
        location: headers.get("location") ?? "",
        cookie: headers.get("set-cookie")?.split(";")[0],
        body: rest.toString("utf8"),
      });
    });
  });
}

/**
 * Sends through the other process than `not`: round-robin hands each new connection to the next
 * process, so once `not` has answered a /healthz the next request goes to the other one (checked).
 */
async function sendElsewhere(not: string, pathname: string, options: Parameters<typeof send>[1] = {}): Promise<Answer> {
  for (let attempt = 0; attempt < 10 && (await send("/healthz")).servedBy !== not; attempt++);
  const answer = await send(pathname, options);
  expect(answer.servedBy).not.toBe(not);
  return answer;
}

async function signIn(username: string, password = DEMO_PASSWORD) {
  const answer = await send("/login", { form: { username, password } });
  expect(answer.status).toBe(302);
  return { cookie: answer.cookie!, servedBy: answer.servedBy };
}

/** The server processes the primary runs now. */
function serverPids(): number[] {
  const pid = portal.child.pid!;
  return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
}

const count = (db: AppDatabase, sql: string, ...params: unknown[]) => (db.$client.prepare(sql).get(...params) as { n: number }).n;

beforeAll(async () => {
  const created = createTestDatabase();
  await seedDemoCity(created.db, { seed: 5, enterprises: 80, months: 3, asOf: dateOf(Date.now()) });
  token = issueProviderToken(created.db, "苏州市供电公司", ["electricity"]);
  usccs = (created.db.$client.prepare("SELECT uscc FROM enterprises ORDER BY id").all() as { uscc: string }[]).map((r) => r.uscc);
  posters = (
    created.db.$client
      .prepare(
        "SELECT u.username FROM users u WHERE u.role = 'enterprise' AND NOT EXISTS (SELECT 1 FROM needs n WHERE n.enterprise_id = u.enterprise_id AND n.status = 'open') ORDER BY u.enterprise_id LIMIT 6",
      )
      .all() as { username: string }[]
  ).map((r) => r.username);
  created.db.$client.close();
  path = created.path;
  portal = await launchPortal(path, { SEED: "none", WEB_CONCURRENCY: "2" });
}, 120_000);

afterAll(async () => {
  await portal?.kill();
});

const NEED_FORM = {
  amount: "150",
  termMonths: "12",
  purposeCategory: "原材料采购",
  purpose: "跨进程测试：采购原材料",
  authorize: "yes",
  commitment: currentCommitment("need").version,
};

describe("two server processes over one database", () => {
  it("starts two server processes under the primary and says so once", async () => {
    expect(serverPids()).toHaveLength(2);
    await expect.poll(() => portal.output().match(/已启动/g)?.length, { timeout: 30_000 }).toBe(1);
    expect(portal.output()).toContain("2 个服务进程");
  });

  it("honours a session made by one process in the other, and reads there what was written here", async () => {
    const enterprise = await signIn(posters[0]!);
    const home = await sendElsewhere(enterprise.servedBy, "/sme", { cookie: enterprise.cookie });
    expect(home.status).toBe(200);

    const posted = await send("/sme/needs/new", { cookie: enterprise.cookie, form: NEED_FORM });
    expect(posted.status).toBe(302);
    const needId = Number(/\/sme\/needs\/(\d+)/.exec(posted.location)![1]);

    // An officer, signed in wherever, claims the need through the other process than the one that stored it.
    const officer = await signIn("szbank_officer");
    const claimed = await sendElsewhere(posted.servedBy, "/bank/applicants", { cookie: officer.cookie, form: { needId: String(needId) } });
    expect(claimed.status).toBe(302);
    expect(claimed.location).toMatch(/\/bank\/claims\/\d+/);

    // Both processes show the enterprise its need as claimed.
    const seenBy = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const page = await send(`/sme/needs/${needId}`, { cookie: enterprise.cookie });
      expect(page.status).toBe(200);
      expect(page.body).toContain("跨进程测试：采购原材料");
      expect(page.body).toContain("已受理");
      seenBy.add(page.servedBy);
    }
    expect(seenBy.size).toBe(2);
  });

  it("counts failed sign-ins sent to both processes against one limit", async () => {
    const username = posters[1]!;
    const servedBy = new Set<string>();
    // Five failures are free (docs/decisions/024-login-throttling.md), whichever process answers them …
    for (let i = 0; i < 5; i++) {
      const answer = await send("/login", { form: { username, password: "not-the-password-1" } });
      expect(answer.status).toBe(401);
      servedBy.add(answer.servedBy);
    }
    expect(servedBy.size).toBe(2);
    // … the sixth is refused by both, even with the right password.
    for (let i = 0; i < 2; i++) {
      const answer = await send("/login", { form: { username, password: DEMO_PASSWORD } });
      expect(answer.status).toBe(429);
      servedBy.add(answer.servedBy);
    }
  });

  it("imports a pushed batch once, in the primary, whichever process received it", async () => {
    const month = monthOf(Date.now() - 40 * 86_400_000);
    const batch = {
      batchId: `cluster-push-${Date.now()}`,
      kind: "monthly",
      source: "electricity",
      month,
      rows: usccs.slice(0, 50).map((uscc) => ({ uscc, quantity: "4200", billedFen: "52000", paidFen: "52000", paidOnTime: "是" })),
    };
    const [first, again] = [await pushBatchRequest(portal.baseUrl, token, batch), await pushBatchRequest(portal.baseUrl, token, batch)];
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ status: "applied", duplicate: false, rowsAccepted: 50 });
    expect(await again.json()).toMatchObject({ status: "applied", duplicate: true });
    const db = openDatabase(path);
    try {
      expect(count(db, "SELECT count(*) AS n FROM credit_batches WHERE external_id = ?", batch.batchId)).toBe(1);
    } finally {
      db.$client.close();
    }
  });

  it(
    "replaces a server process killed mid-write while the other keeps answering; nothing is half-written",
    { timeout: 60_000 },
    async () => {
      const cookies = await Promise.all(posters.slice(2).map(async (u) => (await signIn(u)).cookie));
      const [victim, survivor] = serverPids();
      const answered: number[] = [];
      const statuses: number[] = [];
      let killed = false;
      const writers = cookies.map(async (cookie) => {
        for (let i = 0; i < 8; i++) {
          try {
            const answer = await send("/sme/needs/new", { cookie, form: NEED_FORM, timeoutMs: 5_000 });
            statuses.push(answer.status);
            if (answer.status === 302) answered.push(Number(/\/sme\/needs\/(\d+)/.exec(answer.location)![1]));
          } catch {
            // A request the killed process held is cut off (or, handed to it in the instant it died, left
            // unanswered: Node's cluster limitation, docs/decisions/028); the client sends the next one.
            expect(killed).toBe(true);
          }
          if (answered.length >= 6 && !killed) {
            killed = true;
            process.kill(victim!, "SIGKILL");
          }
        }
      });
      await Promise.all(writers);
      expect(killed).toBe(true);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      // The other process answered throughout, and the primary started a new one beside it.
      await expect.poll(() => serverPids().length, { timeout: 30_000 }).toBe(2);
      expect(serverPids()).toContain(survivor);
      expect(serverPids()).not.toContain(victim);
      expect(portal.output()).toContain("意外退出");
      expect((await send("/healthz")).status).toBe(200);

      const db = openDatabase(path);
      try {
        expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
        const stored = new Set((db.$client.prepare("SELECT id FROM needs").all() as { id: number }[]).map((r) => r.id));
        expect(answered.filter((id) => !stored.has(id))).toEqual([]);
        expect(
          db.$client
            .prepare("SELECT id FROM needs n WHERE (SELECT count(*) FROM need_events e WHERE e.need_id = n.id AND e.type = 'posted') <> 1")
            .all(),
        ).toEqual([]);
        const month = monthOf(Date.now());
        expect(comparable(enginePeriods(db, month))).toEqual(comparable(referencePeriods(db, month)));
      } finally {
        db.$client.close();
      }
    },
  );
});
