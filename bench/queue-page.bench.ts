/**
 * One officer's ranked-queue page, and one enterprise's posted need, request by request (issue 13):
 * what the load benchmark's two hot requests cost and where the time goes.
 *   city:     bench/load.ts's (2,000 enterprises, 12 months), in a temp database; 49 officers and 200
 *             enterprises with a session each.
 *   requests: the built portal (build/index.js: run `npx remix build` first) through Remix's request
 *             handler in-process, body read to the end. Each loader and the React render are timed
 *             inside the request by wrapping them in a copy of the build; SQL statements compiled and
 *             run per request are counted on better-sqlite3's prototypes.
 *   parts:    the same services called directly from app/ (session check, page frame, queue).
 *   baseline: GET /healthz through the same handler.
 * Run: npm run bench -- queue-page. With QUEUE_BENCH_CITY=<file>, the seeded city is kept there and
 * later runs start from a copy of it (seeding takes ~40 s); delete the file after a schema change.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { dateOf } from "~/lib/time";
import { openMigratedDatabase } from "~db/migrate";
import { seedDemoCity } from "~db/seed";
import { PROJECT_ROOT } from "../tests/support/portal-process";

const CITY = { seed: 20240101, enterprises: 2_000, months: 12 };
const RUNS = 400;
const POSTS = 300;

const dir = mkdtempSync(join(tmpdir(), "xyd-bench-queue-"));
const path = join(dir, "city.sqlite");
process.env.DATABASE_PATH = path;
process.env.NODE_ENV = "production";

// ---- counting and timing ------------------------------------------------------------------------

const counts = { prepared: 0, executed: 0 };
const proto = Database.prototype as unknown as { prepare: (...a: unknown[]) => object };
const prepare = proto.prepare;
let statementProto: Record<string, (...a: unknown[]) => unknown> | undefined;
proto.prepare = function (this: unknown, ...args: unknown[]) {
  counts.prepared++;
  const statement = prepare.apply(this, args);
  if (!statementProto) {
    statementProto = Object.getPrototypeOf(statement) as Record<string, (...a: unknown[]) => unknown>;
    for (const name of ["run", "get", "all", "iterate"] as const) {
      const original = statementProto[name]!;
      statementProto[name] = function (this: unknown, ...a: unknown[]) {
        counts.executed++;
        return original.apply(this, a);
      };
    }
  }
  return statement;
};

type Timings = Map<string, number[]>;
const timings: Timings = new Map();
function record(name: string, ms: number) {
  let list = timings.get(name);
  if (!list) timings.set(name, (list = []));
  list.push(ms);
}
async function timed<T>(name: string, work: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    record(name, performance.now() - start);
  }
}

function summary(name: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(2);
  const mean = (samples.reduce((s, x) => s + x, 0) / samples.length).toFixed(2);
  return `  ${name.padEnd(44)} n=${String(samples.length).padStart(4)}  mean ${mean.padStart(6)}  p50 ${at(50).padStart(6)}  p95 ${at(95).padStart(6)} ms`;
}
function printAndReset(title: string) {
  console.log(title);
  for (const [name, samples] of timings) console.log(summary(name, samples));
  timings.clear();
}

// ---- the city, the build and the sessions -----------------------------------------------------------

const keptCity = process.env.QUEUE_BENCH_CITY;
if (keptCity && existsSync(keptCity)) {
  copyFileSync(keptCity, path);
  console.log(`演示城市：复制自 ${keptCity}`);
} else {
  const seedStart = performance.now();
  const db = openMigratedDatabase(path);
  await seedDemoCity(db, { ...CITY, asOf: dateOf(Date.now()) });
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  if (keptCity) copyFileSync(path, keptCity);
  console.log(`演示城市：${CITY.enterprises} 家企业、${CITY.months} 个月（${((performance.now() - seedStart) / 1000).toFixed(1)} 秒）`);
}

// The app's own modules, over the same file (imported after DATABASE_PATH is set).
const { getDb } = await import("~/db.server");
const { readSessionUser, startSession } = await import("~/auth/session.server");
const { shellFor } = await import("~/services/shell.server");
const { officerQueue } = await import("~/services/queue.server");
const { lprInEffect } = await import("~/services/lpr.server");
const db = getDb();

const column = (sql: string, ...params: unknown[]) =>
  db.$client
    .prepare(sql)
    .pluck()
    .all(...params) as string[];
const cookieOf = async (userId: string) => (await startSession(new Request("http://localhost/"), userId)).split(";")[0]!;
const officers = await Promise.all(
  column("SELECT id FROM users WHERE role = 'bank_officer' AND disabled_at IS NULL ORDER BY username").map(cookieOf),
);
const enterprises = await Promise.all(
  column(
    "SELECT u.id FROM users u WHERE u.role = 'enterprise' AND NOT EXISTS (SELECT 1 FROM needs n WHERE n.enterprise_id = u.enterprise_id AND n.status = 'open') ORDER BY u.enterprise_id LIMIT 200",
  ).map(cookieOf),
);

const original = (await import(pathToFileURL(join(PROJECT_ROOT, "build/index.js")).href)) as ServerBuild;
/** The build with each loader, the action and the document render timed. */
function instrumented(build: ServerBuild): ServerBuild {
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => {
      const module = { ...route.module } as Record<string, unknown>;
      for (const kind of ["loader", "action"] as const) {
        const fn = route.module[kind] as ((...a: unknown[]) => unknown) | undefined;
        if (fn) module[kind] = (...a: unknown[]) => timed(`  ${kind} ${id}`, () => fn(...a));
      }
      return [id, { ...route, module }];
    }),
  );
  const render = build.entry.module.default;
  const entry = {
    module: {
      ...build.entry.module,
      // Until the whole document has been rendered (the stream ends), not only until the shell.
      default: async (...args: Parameters<typeof render>) => {
        const start = performance.now();
        const response = await render(...args);
        const html = await response.text();
        record("  render (React SSR, whole document)", performance.now() - start);
        lastHtml = html;
        return new Response(html, response);
      },
    },
  };
  return { ...build, routes, entry } as unknown as ServerBuild;
}
let lastHtml = "";
const handler = createRequestHandler(instrumented(original), "production");
const context = { clientAddress: "127.0.0.1", cspNonce: "bench" };
const get = (path: string, cookie?: string) =>
  handler(new Request(`http://localhost${path}`, { headers: cookie ? { cookie } : {} }), context).then(async (r) => {
    await r.arrayBuffer();
    return r;
  });

// ---- requests ------------------------------------------------------------------------------------------

/** Runs `n` requests; prints per-part timings and statements per request. */
async function requests(title: string, n: number, one: (i: number) => Promise<Response>, expected: number) {
  const before = { ...counts };
  for (let i = 0; i < 20; i++) await one(i); // warm: JIT, caches built on first use
  timings.clear();
  const start = { ...counts };
  for (let i = 0; i < n; i++) {
    const response = await timed("whole request", () => one(i));
    if (response.status !== expected) throw new Error(`${title}: HTTP ${response.status}`);
  }
  printAndReset(title);
  console.log(
    `  SQL per request: ${((counts.prepared - start.prepared) / n).toFixed(1)} prepared, ${((counts.executed - start.executed) / n).toFixed(1)} run` +
      ` (warm-up ${counts.prepared - before.prepared - (counts.prepared - start.prepared)} prepared)`,
  );
}

await requests("GET /healthz（基线）", RUNS, () => get("/healthz"), 200);
await requests(
  "GET /bank/applicants?page=N（49 名客户经理轮流，第 1–3 页，无变化）",
  RUNS,
  (i) => get(`/bank/applicants?page=${1 + (i % 3)}`, officers[i % officers.length]),
  200,
);
const html = lastHtml;
const gzipStart = performance.now();
const gzipped = gzipSync(html).length;
console.log(
  `  document ${(Buffer.byteLength(html) / 1024).toFixed(0)} KB, gzip ${(gzipped / 1024).toFixed(0)} KB in ${(performance.now() - gzipStart).toFixed(2)} ms (compression middleware's level)`,
);

const needForm = new URLSearchParams({
  amount: "200",
  termMonths: "12",
  purposeCategory: "原材料采购",
  purpose: "采购原材料备货（基准测试）",
  authorize: "yes",
}).toString();
const post = (i: number) =>
  handler(
    new Request("http://localhost/sme/needs/new", {
      method: "POST",
      body: needForm,
      headers: { cookie: enterprises[i % enterprises.length]!, "content-type": "application/x-www-form-urlencoded" },
    }),
    context,
  );
await requests("POST /sme/needs/new（200 家企业轮流）", POSTS, post, 302);

// A need posted before every page: the ranking cache follows the log instead of answering from memory.
let posted = 1_000;
await requests(
  "GET /bank/applicants?page=N，每次之前有一家企业发布需求",
  POSTS / 2,
  async (i) => {
    await post(posted++);
    return get(`/bank/applicants?page=${1 + (i % 3)}`, officers[i % officers.length]);
  },
  200,
);

// ---- parts, called directly ---------------------------------------------------------------------------

const requestOf = (cookie: string) => new Request("http://localhost/bank/applicants", { headers: { cookie } });
const users = await Promise.all(officers.map((c) => readSessionUser(requestOf(c))));
for (let round = 0; round < 2; round++) {
  for (let i = 0; i < RUNS; i++) {
    const cookie = officers[i % officers.length]!;
    const user = await timed("readSessionUser (lucia validateSession)", () => readSessionUser(requestOf(cookie)));
    await timed("shellFor (org name + unread count)", () => shellFor(db, user!));
    await timed("officerQueue (memory, page of 50)", () =>
      officerQueue(db, users[i % users.length]!.institutionId!, { sort: "fit", page: 1 + (i % 3) }, Date.now()),
    );
    await timed("lprInEffect", () => lprInEffect(db, Date.now()));
  }
  if (round === 1) printAndReset("各部分单独调用（app/ 源码）");
  else timings.clear();
}

db.$client.close();
rmSync(dir, { recursive: true, force: true });
