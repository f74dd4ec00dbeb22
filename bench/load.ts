/**
 * `npm run bench:load`: the built portal under load, on 127.0.0.1 only (issue 7, "Faults and load").
 *
 *   city:     a fresh temp database with the demo city, 2,000 enterprises and 12 months of history.
 *   ceiling:  GET /healthz alone, 10 connections, 30 s (`-- --seconds N` to change): what the server, Remix and the loopback can do.
 *   mix:      10 connections, 30 s, three autocannon instances side by side —
 *               6 × officers paging their ranked queue (GET /bank/applicants?page=N, 49 officers),
 *               3 × enterprises posting a need (POST /sme/needs/new, 200 enterprises, ≤ 10 open each),
 *               1 × the bureau opening /bureau/dashboard —
 *             while the tax bureau pushes 200,000 rows of tax history in one batch (started 5 s in).
 *
 * The portal runs as `npm start` runs it: WEB_CONCURRENCY server processes (`-- --processes N`, default
 * one per core) under a primary that runs the import. Prints requests/s, p50/p95/p99, answers by status,
 * errors and timeouts per kind (over the whole phase and while the import ran), the slowest answer and
 * when it came, the import's duration, the mix/ceiling throughput ratio, and the CPU each process used
 * in each phase.
 * Exits non-zero on any 5xx, any SQLITE_BUSY (or "database is locked") in the server's stderr, or an
 * import that was not applied. The benchmark client shares the machine with the server: on 2 cores
 * the figures are a floor, not the server's capacity.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon, { type Request, type Result } from "autocannon";
import { Command } from "commander";
import * as v from "valibot";
import { dateOf } from "~/lib/time";
import { openMigratedDatabase } from "~db/migrate";
import { seedDemoCity } from "~db/seed";
import { launchPortal, PROJECT_ROOT, signInOverHttp, type PortalProcess } from "../tests/support/portal-process";
import { issueProviderToken, pushBatchRequest, taxHistoryBatch } from "../tests/support/push-batches";

const CITY = { seed: 20240101, enterprises: 2_000, months: 12 };
const IMPORT_MONTHS = 100; // 2,000 enterprises × 100 months = 200,000 rows
const options = new Command()
  .name("npm run bench:load --")
  .option("--seconds <n>", "每个阶段的秒数（10–300）", "30")
  .option("--processes <n>", "服务进程数（WEB_CONCURRENCY，1–16）", String(availableParallelism()))
  .parse()
  .opts<{ seconds: string; processes: string }>();
const seconds = v.safeParse(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(10), v.maxValue(300)), options.seconds);
if (!seconds.success) {
  console.error("--seconds 应为 10 到 300 之间的整数");
  process.exit(2);
}
const PHASE_SECONDS = seconds.output;
const processes = v.safeParse(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(1), v.maxValue(16)), options.processes);
if (!processes.success) {
  console.error("--processes 应为 1 到 16 之间的整数");
  process.exit(2);
}
const PROCESSES = processes.output;
const IMPORT_DELAY_MS = 5_000;
const POSTING_ENTERPRISES = 200;
const SIGN_IN_CONCURRENCY = 4;

type Sample = { at: number; ms: number; status: number };
type Kind = { name: string; connections: number; expected: number; requests: Request[] };
type Measured = { kind: Kind; result: Result; samples: Sample[]; started: number };

// ---- setup ---------------------------------------------------------------------------------------

/** Builds when build/index.js is missing or older than any source file it is built from. */
function buildIfNeeded() {
  const built = join(PROJECT_ROOT, "build/index.js");
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  const newest = Math.max(
    ...readdirSync(join(PROJECT_ROOT, "app"), { recursive: true, encoding: "utf8" }).map(
      (f) => statSync(join(PROJECT_ROOT, "app", f)).mtimeMs,
    ),
  );
  if (builtAt > newest) return;
  console.log("构建门户（remix build）……");
  const result = spawnSync(join(PROJECT_ROOT, "node_modules/.bin/remix"), ["build"], { cwd: PROJECT_ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error("remix build failed");
}

async function prepareCity(path: string) {
  const db = openMigratedDatabase(path);
  const started = performance.now();
  await seedDemoCity(db, { ...CITY, asOf: dateOf(Date.now()) });
  console.log(`演示城市：${CITY.enterprises} 家企业、${CITY.months} 个月，生成用时 ${inSeconds(performance.now() - started)}`);
  const token = issueProviderToken(db, "苏州市税务局", ["tax"]);
  const column = (sql: string, ...params: unknown[]) => (db.$client.prepare(sql).all(...params) as { v: string }[]).map((r) => r.v);
  const accounts = {
    officers: column("SELECT username AS v FROM users WHERE role = 'bank_officer' ORDER BY username"),
    // Enterprises without an open need can each post ten before the limit answers 409.
    enterprises: column(
      "SELECT u.username AS v FROM users u WHERE u.role = 'enterprise' AND NOT EXISTS (SELECT 1 FROM needs n WHERE n.enterprise_id = u.enterprise_id AND n.status = 'open') ORDER BY u.enterprise_id LIMIT ?",
      POSTING_ENTERPRISES,
    ),
    bureau: column("SELECT username AS v FROM users WHERE role = 'bureau' ORDER BY username"),
  };
  const usccs = column("SELECT uscc AS v FROM enterprises ORDER BY id");
  db.$client.close();
  return { token, accounts, usccs };
}

/** Signs everyone in through /login, a few at a time (each sign-in is an argon2 verification). */
async function signInAll(baseUrl: string, usernames: string[]): Promise<string[]> {
  const cookies: string[] = new Array(usernames.length);
  let next = 0;
  const worker = async () => {
    while (next < usernames.length) {
      const i = next++;
      cookies[i] = await signInOverHttp(baseUrl, usernames[i]!);
    }
  };
  await Promise.all(Array.from({ length: SIGN_IN_CONCURRENCY }, worker));
  return cookies;
}

/** One request shape whose cookie (and path or body) rotates on every request. */
function rotating(base: Request, vary: (n: number) => { path?: string; headers: Record<string, string> }): Request[] {
  let n = 0;
  return [
    {
      ...base,
      setupRequest: (request) => {
        const v = vary(n++);
        return { ...request, ...v, headers: { ...request.headers, ...v.headers } };
      },
    },
  ];
}

// ---- measuring -------------------------------------------------------------------------------------

/** CPU seconds (user + system) each process of the portal has used so far: the primary and its server processes. */
function cpuSeconds(primaryPid: number): Map<string, number> {
  const ticks = (pid: number) => {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  };
  const children = readFileSync(`/proc/${primaryPid}/task/${primaryPid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
  const used = new Map([[`主进程 ${primaryPid}`, ticks(primaryPid)]]);
  for (const pid of children) used.set(`服务进程 ${pid}`, ticks(Number(pid)));
  return used;
}

/** What each process used between two samples, as CPU seconds and share of one core. */
function reportCpu(before: Map<string, number>, after: Map<string, number>, wallSeconds: number) {
  const parts = [...after].map(([name, total]) => {
    const used = total - (before.get(name) ?? 0);
    return `${name} ${used.toFixed(1)} 秒（${((used / wallSeconds) * 100).toFixed(0)}% 单核）`;
  });
  console.log(`  各进程 CPU：${parts.join("；")}`);
}

function run(baseUrl: string, kind: Kind, duration: number): Promise<Measured> {
  const samples: Sample[] = [];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: baseUrl, connections: kind.connections, duration, timeout: 10, requests: kind.requests },
      (error, result) => (error ? reject(error) : resolve({ kind, result, samples, started })),
    );
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => samples.push({ at: Date.now(), ms, status }));
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function latencies(samples: Sample[]): string {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const f = (p: number) => percentile(sorted, p).toFixed(0).padStart(5);
  return `p50 ${f(50)}  p95 ${f(95)}  p99 ${f(99)}  max ${f(100)} ms`;
}

const inSeconds = (ms: number) => `${(ms / 1000).toFixed(1)} 秒`;

function statusText(result: Result): string {
  return Object.entries(result.statusCodeStats)
    .map(([status, { count }]) => `${status}×${count}`)
    .join(" ");
}

function report(measured: Measured, window?: { from: number; to: number }) {
  const { kind, result, samples, started } = measured;
  const rps = result.requests.total / result.duration;
  const unexpected = samples.filter((s) => s.status !== kind.expected).length;
  console.log(`  ${kind.name}（${kind.connections} 连接）`);
  console.log(`    ${result.requests.total} 次，${rps.toFixed(1)} 次/秒；${latencies(samples)}`);
  console.log(`    状态：${statusText(result)}；非预期（≠${kind.expected}）${unexpected}；错误 ${result.errors}；超时 ${result.timeouts}`);
  const slowest = samples.reduce<Sample | undefined>((worst, s) => (worst && worst.ms >= s.ms ? worst : s), undefined);
  // When the slowest answer came, to set it against the import's window.
  if (slowest) console.log(`    最慢一次 ${slowest.ms.toFixed(0)} ms，于阶段开始后 ${inSeconds(slowest.at - started)}收到`);
  if (window) {
    const during = samples.filter((s) => s.at >= window.from && s.at <= window.to);
    console.log(
      `    导入期间（第 ${inSeconds(window.from - started)}至第 ${inSeconds(window.to - started)}）：${during.length} 次，${(during.length / ((window.to - window.from) / 1000)).toFixed(1)} 次/秒；${latencies(during)}`,
    );
  }
  return rps;
}

const p95 = (samples: Sample[]) =>
  percentile(
    samples.map((s) => s.ms).sort((a, b) => a - b),
    95,
  );

/** The issue's aims (issue 13), each with the figure measured: reached or not. */
function printAims(ratio: number, mix: Measured[], window: { from: number; to: number }) {
  const during = (m: Measured) => m.samples.filter((s) => s.at >= window.from && s.at <= window.to);
  const worstP95 = Math.max(...mix.map((m) => p95(m.samples)));
  const worstP95During = Math.max(...mix.map((m) => p95(during(m))));
  const slowestDuring = Math.max(...mix.flatMap((m) => during(m).map((s) => s.ms)));
  const aims: [string, boolean][] = [
    [`混合负载吞吐 ≥ 0.40 × healthz：${ratio.toFixed(3)}`, ratio >= 0.4],
    [`每类请求 p95 ≤ 100 ms（全程）：最高 ${worstP95.toFixed(0)} ms`, worstP95 <= 100],
    [`每类请求 p95 ≤ 250 ms（导入期间）：最高 ${worstP95During.toFixed(0)} ms`, worstP95During <= 250],
    [`导入期间最慢一次 ≤ 500 ms：${slowestDuring.toFixed(0)} ms`, slowestDuring <= 500],
  ];
  console.log("目标：");
  for (const [text, reached] of aims) console.log(`  ${reached ? "达成" : "未达成"}  ${text}`);
}

const count5xx = (results: Measured[]) =>
  results.reduce(
    (sum, m) =>
      sum + Object.entries(m.result.statusCodeStats).reduce((s, [status, { count }]) => s + (Number(status) >= 500 ? count : 0), 0),
    0,
  );

// ---- the run ---------------------------------------------------------------------------------------

async function main(): Promise<number> {
  buildIfNeeded();
  const dir = mkdtempSync(join(tmpdir(), "xyd-load-"));
  let portal: PortalProcess | undefined;
  try {
    const path = join(dir, "load.sqlite");
    const { token, accounts, usccs } = await prepareCity(path);
    const batch = taxHistoryBatch("load-tax-backfill", usccs, IMPORT_MONTHS);
    portal = await launchPortal(path, { SEED: "none", WEB_CONCURRENCY: String(PROCESSES) });
    const primaryPid = portal.child.pid!;
    const { baseUrl } = portal;
    const signInStarted = performance.now();
    const [officers, enterprises, bureau] = [
      await signInAll(baseUrl, accounts.officers),
      await signInAll(baseUrl, accounts.enterprises),
      await signInAll(baseUrl, accounts.bureau),
    ];
    console.log(
      `登录：${officers.length} 名客户经理、${enterprises.length} 家企业、${bureau.length} 名管理部门用户（${inSeconds(performance.now() - signInStarted)}）`,
    );
    console.log(
      `机器：${cpus().length} 核 ${cpus()[0]?.model ?? ""}，Node ${process.version}；服务器 ${baseUrl}，${PROCESSES} 个服务进程\n`,
    );

    console.log(`(a) 上限：仅 GET /healthz，${PHASE_SECONDS} 秒`);
    const ceilingCpu = cpuSeconds(primaryPid);
    const ceiling = await run(
      baseUrl,
      { name: "GET /healthz", connections: 10, expected: 200, requests: [{ method: "GET", path: "/healthz" }] },
      PHASE_SECONDS,
    );
    const ceilingRps = report(ceiling);
    reportCpu(ceilingCpu, cpuSeconds(primaryPid), ceiling.result.duration);

    const needForm = new URLSearchParams({
      amount: "200",
      termMonths: "12",
      purposeCategory: "原材料采购",
      purpose: "采购原材料备货（压力测试）",
      authorize: "yes",
    }).toString();
    const kinds: Kind[] = [
      {
        name: "客户经理翻阅需求队列 GET /bank/applicants?page=N",
        connections: 6,
        expected: 200,
        requests: rotating({ method: "GET" }, (n) => ({
          path: `/bank/applicants?page=${1 + (n % 3)}`,
          headers: { cookie: officers[n % officers.length]! },
        })),
      },
      {
        name: "企业发布需求 POST /sme/needs/new",
        connections: 3,
        expected: 302,
        requests: rotating({ method: "POST", path: "/sme/needs/new", body: needForm }, (n) => ({
          headers: { cookie: enterprises[n % enterprises.length]!, origin: baseUrl, "content-type": "application/x-www-form-urlencoded" },
        })),
      },
      {
        name: "管理部门打开看板 GET /bureau/dashboard",
        connections: 1,
        expected: 200,
        requests: rotating({ method: "GET", path: "/bureau/dashboard" }, (n) => ({ headers: { cookie: bureau[n % bureau.length]! } })),
      },
    ];

    console.log(
      `\n(b) 混合负载 ${PHASE_SECONDS} 秒，第 ${IMPORT_DELAY_MS / 1000} 秒起推送 ${batch.rows.length.toLocaleString("en-US")} 行纳税数据`,
    );
    const mixCpu = cpuSeconds(primaryPid);
    const mixStarted = Date.now();
    const mixing = Promise.all(kinds.map((kind) => run(baseUrl, kind, PHASE_SECONDS)));
    await new Promise((r) => setTimeout(r, IMPORT_DELAY_MS));
    const importStarted = Date.now();
    const pushed = await pushBatchRequest(baseUrl, token, batch);
    const importEnded = Date.now();
    const importReport = (await pushed.json()) as { status?: string; rowsAccepted?: number };
    const mix = await mixing;
    // The import may outlast the mix; "during the import" ends with the last answer of the mix.
    const mixEnded = Math.max(...mix.flatMap((m) => m.samples.map((s) => s.at)));
    const window = { from: importStarted, to: Math.min(importEnded, mixEnded) };
    const mixRps = mix.reduce((sum, m) => sum + report(m, window), 0);
    reportCpu(mixCpu, cpuSeconds(primaryPid), (Date.now() - mixStarted) / 1000);
    const imported = pushed.status === 201 && importReport.status === "applied" && importReport.rowsAccepted === batch.rows.length;
    console.log(
      `  导入：HTTP ${pushed.status}，${importReport.status}，${importReport.rowsAccepted ?? 0} 行，用时 ${inSeconds(importEnded - importStarted)}`,
    );

    const errors = portal.errors();
    const busy = (errors.match(/SQLITE_BUSY|database is locked/g) ?? []).length;
    const fiveXx = count5xx([ceiling, ...mix]);
    console.log(`\n混合负载吞吐 / healthz 吞吐 = ${mixRps.toFixed(1)} / ${ceilingRps.toFixed(1)} = ${(mixRps / ceilingRps).toFixed(3)}`);
    console.log(`5xx：${fiveXx}；服务器 stderr 中 SQLITE_BUSY：${busy}`);
    if (errors.trim()) console.log(`服务器 stderr（前 2000 字）：\n${errors.slice(0, 2000)}`);
    printAims(mixRps / ceilingRps, mix, window);
    const failed = fiveXx > 0 || busy > 0 || !imported;
    console.log(failed ? "结果：失败" : "结果：通过（无 5xx、无 SQLITE_BUSY，导入已应用）");
    return failed ? 1 : 0;
  } finally {
    await portal?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exit(await main());
