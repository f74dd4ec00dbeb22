/**
 * Scoring and ranking at city scale (issue 5).
 *   data: 100,000 enterprises × 24 months × 6 sources of monthly credit rows (14.4 million, raw SQL
 *         inserts), tax grades for half, events for 3 %; 20,000 open needs; 300 products of 15 banks.
 *   baseline: one SQLite aggregate query over the same monthly rows (the cost of only reading them).
 *   measured: a full re-score (features, scores, storing 100,000 score rows), and the first page of
 *             one officer's ranked queue, p50/p95 over 200 calls, then over 200 calls each following a
 *             newly posted need; peak RSS after each.
 * Run: npm run bench -- scoring
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CREDIT_SOURCES } from "~/domain/credit";
import { GUARANTEE_MODES } from "~/domain/marketplace";
import { createRng } from "~/lib/random";
import { DISTRICT_CODES, INDUSTRY_CODES } from "~/lib/reference";
import { addMonths, monthsBetween, startOfDate } from "~/lib/time";
import { officerQueue } from "~/services/queue.server";
import { rescoreAll, windowEnd } from "~/services/scoring.server";
import { openMigratedDatabase } from "~db/migrate";

/** BENCH_ENTERPRISES scales the city down for a quick look; the figures to report use the default. */
const ENTERPRISES = Number(process.env.BENCH_ENTERPRISES ?? 100_000);
const NEEDS = 20_000;
const INSTITUTIONS = 15;
const PRODUCTS = 300;
const NOW = startOfDate("2026-11-20") + 10 * 3_600_000;
const MONTHS = monthsBetween(addMonths(windowEnd(NOW), -23), windowEnd(NOW));

const ms = (x: number) => `${x.toFixed(1)} ms`;
const rssMb = () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;
const dir = mkdtempSync(join(tmpdir(), "xyd-bench-scoring-"));
const db = openMigratedDatabase(join(dir, "bench.sqlite"));
const sqlite = db.$client;
sqlite.pragma("synchronous = OFF");
sqlite.pragma("cache_size = -400000");
const rng = createRng(2026);

console.log(
  `生成数据：${ENTERPRISES.toLocaleString()} 家企业 × ${MONTHS.length} 个月 × ${CREDIT_SOURCES.length} 个数据源，${NEEDS.toLocaleString()} 笔需求，${PRODUCTS} 个产品……`,
);
const loadStart = performance.now();
sqlite.transaction(() => {
  for (let i = 1; i <= INSTITUTIONS; i++) {
    sqlite
      .prepare("INSERT INTO institutions (name, short_name, kind, joined_at) VALUES (?, ?, 'city_bank', 0)")
      .run(`银行${i}`, `银行${i}`);
    sqlite
      .prepare(
        "INSERT INTO users (id, username, password_hash, role, display_name, institution_id, created_at) VALUES (?, ?, 'x', 'bank_officer', '经理', ?, 0)",
      )
      .run(`o${i}`, `o${i}`, i);
  }
  const enterprise = sqlite.prepare(
    "INSERT INTO enterprises (uscc, name, district_code, industry_section, size, established_on, legal_rep_name, contact_name, contact_phone, registered_at) VALUES (?, ?, ?, ?, ?, ?, '张三', '李四', '13800000000', 0)",
  );
  for (let i = 1; i <= ENTERPRISES; i++) {
    enterprise.run(
      `U${i}`,
      `企业${i}`,
      rng.pick(DISTRICT_CODES),
      rng.pick(INDUSTRY_CODES),
      rng.pick(["micro", "small", "medium"]),
      `${rng.int(2000, 2025)}-0${rng.int(1, 9)}-15`,
    );
  }
  sqlite
    .prepare(
      "INSERT INTO credit_batches (origin, kind, content_hash, status, rows_total, rows_accepted, rows_rejected, created_at) VALUES ('seed', 'monthly', 'bench', 'applied', 0, 0, 0, 0)",
    )
    .run();
})();
// Enterprise i has the code U<i>: each row names it by code and by id.
const monthly = sqlite.prepare(
  "INSERT INTO credit_monthly (uscc, enterprise_id, source, month, quantity, billed_fen, paid_fen, paid_on_time, arrears_fen, headcount, tax_paid_fen, batch_id) VALUES ('U' || ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
);
const CHUNK = 5_000;
for (let start = 1; start <= ENTERPRISES; start += CHUNK) {
  sqlite.transaction(() => {
    for (let id = start; id < start + CHUNK; id++) {
      const kwh = rng.int(1_000, 100_000);
      const heads = rng.int(3, 200);
      const lateRate = rng.chance(0.2) ? 0.2 : 0.01;
      for (const month of MONTHS) {
        const late = () => (rng.chance(lateRate) ? 0 : 1);
        monthly.run(id, id, "electricity", month, kwh + rng.int(-500, 500), 80_000, 80_000, late(), 0, null, null);
        monthly.run(id, id, "water", month, rng.int(10, 500), 5_000, 5_000, late(), 0, null, null);
        monthly.run(id, id, "gas", month, rng.int(10, 500), 6_000, 6_000, late(), 0, null, null);
        monthly.run(id, id, "tax", month, null, null, null, late(), rng.chance(0.02) ? 10_000 : 0, null, rng.int(10_000, 1_000_000));
        monthly.run(id, id, "social_insurance", month, null, heads * 100_000, heads * 100_000, late(), 0, heads, null);
        monthly.run(id, id, "housing_fund", month, null, heads * 50_000, heads * 50_000, 1, 0, Math.floor(heads * 0.8), null);
      }
    }
  })();
  if ((start - 1) % 20_000 === 0)
    console.log(`  ${(start - 1 + CHUNK).toLocaleString()} / ${ENTERPRISES.toLocaleString()} 家企业的月度数据`);
}
sqlite.transaction(() => {
  const grade = sqlite.prepare(
    "INSERT INTO credit_tax_grades (uscc, enterprise_id, year, grade, batch_id) VALUES ('U' || ?, ?, 2025, ?, 1)",
  );
  const event = sqlite.prepare(
    "INSERT INTO credit_events (uscc, enterprise_id, kind, occurred_on, severity, reference, authority, description, batch_id) VALUES ('U' || ?, ?, ?, '2026-03-01', ?, ?, '某机关', '说明', 1)",
  );
  for (let id = 1; id <= ENTERPRISES; id++) {
    if (id % 2 === 0) grade.run(id, id, rng.pick(["A", "B", "B", "M", "C", "D"]));
    if (rng.chance(0.03)) {
      const kind = rng.pick(["penalty", "enforcement_open", "dishonest_entry", "honour"]);
      event.run(id, id, kind, kind === "penalty" ? "general" : null, `R${id}`);
    }
  }
  const product = sqlite.prepare(
    `INSERT INTO products (institution_id, name, amount_min_fen, amount_max_fen, rate_min_bp, rate_max_bp, term_min_months, term_max_months, guarantee_modes,
       eligible_districts, eligible_industries, min_grade, min_years_in_operation, tags, listed, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', 1, 0, 0)`,
  );
  for (let i = 0; i < PRODUCTS; i++) {
    const min = rng.int(1, 100) * 100_000;
    product.run(
      (i % INSTITUTIONS) + 1,
      `产品${i}`,
      min,
      min + rng.int(10, 500) * 1_000_000,
      rng.int(300, 450),
      rng.int(460, 800),
      rng.int(1, 12),
      rng.int(12, 60),
      JSON.stringify(
        GUARANTEE_MODES.filter(() => rng.chance(0.6))
          .concat("credit")
          .filter((m, k, all) => all.indexOf(m) === k),
      ),
      rng.chance(0.3) ? JSON.stringify(DISTRICT_CODES.filter(() => rng.chance(0.5))) : null,
      rng.chance(0.3) ? JSON.stringify(INDUSTRY_CODES.filter(() => rng.chance(0.5))) : null,
      rng.pick([null, null, "C", "B"]),
      rng.int(0, 3),
    );
  }
  const need = sqlite.prepare(
    "INSERT INTO needs (enterprise_id, amount_fen, term_months, purpose, guarantee_mode, rate_ceiling_bp, target_product_id, posted_at, expires_on, updated_at) VALUES (?, ?, ?, '流动资金', ?, ?, ?, ?, '2099-12-31', ?)",
  );
  for (let i = 0; i < NEEDS; i++) {
    const posted = NOW - rng.int(0, 30 * 24) * 3_600_000;
    need.run(
      rng.int(1, ENTERPRISES),
      rng.int(10, 500) * 1_000_000,
      rng.pick([6, 12, 24, 36]),
      rng.chance(0.5) ? null : rng.pick(GUARANTEE_MODES),
      rng.chance(0.5) ? null : rng.int(350, 700),
      rng.chance(0.05) ? rng.int(1, PRODUCTS) : null,
      posted,
      posted,
    );
  }
})();
console.log(`  写入用时 ${((performance.now() - loadStart) / 1000).toFixed(1)} 秒`);
sqlite.exec("ANALYZE");
sqlite.pragma("synchronous = NORMAL");
const rows = (sqlite.prepare("SELECT count(*) AS n FROM credit_monthly").get() as { n: number }).n;
const afterLoad = rssMb();

// Baseline: read every monthly row of the window once, in one aggregate query.
const baselineStart = performance.now();
sqlite
  .prepare(
    `SELECT enterprise_id, count(*), sum(quantity), sum(paid_on_time), sum(arrears_fen), sum(headcount), sum(tax_paid_fen)
     FROM credit_monthly WHERE superseded_by_batch_id IS NULL AND month BETWEEN ? AND ? GROUP BY enterprise_id`,
  )
  .all(MONTHS[0], MONTHS.at(-1));
const baseline = performance.now() - baselineStart;
const afterBaseline = rssMb();

const rescoreStart = performance.now();
const report = rescoreAll(db, NOW);
const rescore = performance.now() - rescoreStart;
const afterRescore = rssMb();
const grades = sqlite
  .prepare("SELECT grade, knocked_out, count(*) AS n FROM credit_scores WHERE is_current = 1 GROUP BY grade, knocked_out")
  .all();

// The first call builds the ranking kept in memory; the 200 calls below then reuse it.
const coldStart = performance.now();
officerQueue(db, 1, { sort: "fit", page: 1 }, NOW);
const cold = performance.now() - coldStart;
const calls: number[] = [];
let firstPage = { total: 0, rows: 0 };
for (let i = 0; i < 200; i++) {
  const started = performance.now();
  const queue = officerQueue(db, 1, { sort: "fit", page: 1 }, NOW);
  calls.push(performance.now() - started);
  firstPage = { total: queue.page.total, rows: queue.rows.length };
}
// Officers work while enterprises post: each of these calls follows a newly posted need, which the
// kept ranking takes in place (app/services/ranking-cache.server.ts) instead of rebuilding.
const post = sqlite.prepare(
  "INSERT INTO needs (enterprise_id, amount_fen, term_months, purpose, guarantee_mode, rate_ceiling_bp, posted_at, expires_on, updated_at) VALUES (?, ?, ?, '流动资金', NULL, NULL, ?, '2099-12-31', ?)",
);
const afterPost: number[] = [];
for (let i = 0; i < 200; i++) {
  post.run(rng.int(1, ENTERPRISES), rng.int(10, 500) * 1_000_000, rng.pick([6, 12, 24, 36]), NOW, NOW);
  const started = performance.now();
  officerQueue(db, 1, { sort: "fit", page: 1 }, NOW);
  afterPost.push(performance.now() - started);
}
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const pct = (p: number) => percentile(calls, p);

console.log(`
数据量：月度信用数据 ${rows.toLocaleString()} 行（${ENTERPRISES.toLocaleString()} 家企业 × ${MONTHS.length} 个月 × 6 个数据源），开放需求 ${NEEDS.toLocaleString()} 笔，产品 ${PRODUCTS} 个
基线（一条 SQLite 聚合查询读取同样的月度数据）：${ms(baseline)}
全量重新评分（${report.modelVersion}，读取、计算特征与评分、写入 ${report.written.toLocaleString()} 条评分）：${ms(rescore)} = 基线的 ${(rescore / baseline).toFixed(2)} 倍（目标 < 3 倍）
评分分布：${JSON.stringify(grades)}
客户经理排序队列首页（机构 1，${firstPage.rows} 行 / 共 ${firstPage.total} 笔可服务需求）：首次（建立）${ms(cold)}，之后 p50 ${ms(pct(50))}，p95 ${ms(pct(95))}（200 次，目标 p95 < 50 ms）
每次先有企业新发布一笔需求再打开首页：p50 ${ms(percentile(afterPost, 50))}，p95 ${ms(percentile(afterPost, 95))}（200 次）
内存峰值（RSS）：写入数据后 ${afterLoad}，基线后 ${afterBaseline}，全量评分后 ${afterRescore}，排序队列后 ${rssMb()}`);

db.$client.close();
// BENCH_KEEP=1 keeps the database for a closer look (its path is printed).
if (process.env.BENCH_KEEP) console.log(`数据库保留在 ${dir}/bench.sqlite`);
else rmSync(dir, { recursive: true, force: true });
