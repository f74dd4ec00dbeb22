/**
 * `npm run credit:sync -- --month YYYY-MM [--source electricity|…|tax_grade|event] [--timeout SECONDS]`
 * Pulls a period's credit data from the city's public credit information sharing platform
 * (CREDIT_PLATFORM_URL, CREDIT_PLATFORM_TOKEN; contract in docs/credit-platform-api.md) and applies it.
 * Without --source it syncs every monthly source, the tax grades published that month and the
 * public-record events of that month. It stops at the first failure; running it again resumes where it
 * stopped, and periods already applied change nothing.
 */
import cliProgress from "cli-progress";
import { Command } from "commander";
import * as v from "valibot";
import { CREDIT_SOURCE_LABELS } from "~/domain/credit";
import { issuesToFieldErrors } from "~/lib/forms";
import { monthParam } from "~/lib/validation/reports";
import {
  CreditSyncError,
  platformConfigFromEnv,
  SYNC_DEFAULTS,
  SYNC_TARGETS,
  syncCredit,
  type PlatformConfig,
  type RetryNotice,
  type SyncProgress,
  type SyncResult,
  type SyncTarget,
} from "~/services/credit-sync.server";
import { databasePathFromEnv } from "~db/connection";
import { openMigratedDatabase } from "~db/migrate";

const TARGET_LABELS: Record<SyncTarget, string> = { ...CREDIT_SOURCE_LABELS, tax_grade: "纳税信用等级", event: "信用事件" };
const REJECTIONS_SHOWN = 5;

const program = new Command()
  .name("npm run credit:sync --")
  .description("从公共信用信息共享平台同步某月的信用数据（中断后重新运行即从中断处继续）")
  .requiredOption("--month <YYYY-MM>", "数据所属月份（纳税信用等级按发布月份）")
  .option("--source <source>", `只同步一项：${SYNC_TARGETS.join("、")}；不填则全部同步`)
  .option("--timeout <seconds>", "单次请求的超时（秒）", String(SYNC_DEFAULTS.timeoutMs / 1_000))
  .option("--database <path>", "数据库文件", databasePathFromEnv())
  .parse();

const parsed = v.safeParse(
  v.object({
    month: monthParam,
    source: v.optional(v.picklist(SYNC_TARGETS, `--source 只能是 ${SYNC_TARGETS.join("、")} 之一`)),
    timeout: v.pipe(
      v.string(),
      v.regex(/^\d+$/, "--timeout 必须是整数（秒）"),
      v.transform(Number),
      v.minValue(1, "--timeout 不能小于 1 秒"),
      v.maxValue(600, "--timeout 不能大于 600 秒"),
    ),
    database: v.pipe(v.string(), v.nonEmpty("--database 不能为空")),
  }),
  program.opts(),
);
if (!parsed.success) {
  for (const [field, message] of Object.entries(issuesToFieldErrors(parsed.issues))) console.error(`${field}: ${message}`);
  process.exit(2);
}
const options = parsed.output;

let platform: PlatformConfig;
try {
  platform = platformConfigFromEnv();
} catch (error) {
  console.error(error instanceof CreditSyncError ? error.message : String(error));
  process.exit(2);
}

/** A bar on a terminal; plain lines (first page, every tenth, the last) in logs and pipes. */
function progressDisplay() {
  if (process.stdout.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: "  {bar} {value}/{total} 条 · 第 {pages} 页 {note}", hideCursor: true, barsize: 30 },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    const show = (value: number, total: number, payload: { pages?: number; note: string }) => {
      if (!started) bar.start(total, value, { pages: 0, ...payload });
      else {
        bar.setTotal(total);
        bar.update(value, payload);
      }
      started = true;
    };
    return {
      progress(p: SyncProgress) {
        if (p.phase === "fetch") show(p.rows, p.total ?? p.rows, { pages: p.pages, note: "" });
        else show(p.done, p.total, { note: p.phase === "validate" ? "校验中" : "写入中" });
      },
      retry(n: RetryNotice) {
        if (started) bar.update({ note: retryText(n) });
        else console.log(`  ${retryText(n)}`);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let ingesting = false;
  return {
    progress(p: SyncProgress) {
      if (p.phase === "fetch") {
        if (p.pages === p.resumedPages + 1 || p.pages % 10 === 0 || p.last) {
          console.log(`  第 ${p.pages} 页，已取得 ${p.rows}${p.total === null ? "" : `/${p.total}`} 条`);
        }
      } else if (!ingesting) {
        ingesting = true;
        console.log(`  校验并写入 ${p.total} 条……`);
      }
    },
    retry(n: RetryNotice) {
      console.log(`  ${retryText(n)}`);
    },
    stop() {},
  };
}

function retryText(n: RetryNotice): string {
  return `${n.reason}；${(n.delayMs / 1_000).toFixed(1)} 秒后第 ${n.attempt + 1}/${n.maxAttempts} 次尝试`;
}

/** The batch report in a few lines: pages, outcome, counts, the first problems. */
function summary(result: SyncResult): string[] {
  if (result.status === "not_published") return ["  平台尚未发布该期数据，请稍后再同步"];
  const total = result.pagesFetched + result.pagesResumed;
  const pages = `  取得 ${total} 页 ${result.rows} 条${result.pagesResumed > 0 ? `（其中 ${result.pagesResumed} 页为上次中断前取得）` : ""}，平台批次号 ${result.platformBatchId}`;
  if (result.status === "empty") return [pages, "  平台该期没有数据，未记录批次"];
  const r = result.report;
  const counts = `共 ${r.rowsTotal} 条，接收 ${r.rowsAccepted} 条（替换旧值 ${r.rowsSuperseded} 条，与现值相同 ${r.rowsUnchanged} 条），拒收 ${r.rowsRejected} 条`;
  const lines = [pages];
  if (r.duplicate)
    lines.push(
      `  重复：与此前${r.status === "rejected" ? "已拒收的" : "已入库的"}批次 #${r.batchId} 相同，本次未做任何更改（该批次${counts}）`,
    );
  else if (r.status === "applied") lines.push(`  已入库：批次 #${r.batchId}，${counts}`);
  else lines.push(`  已拒收：批次 #${r.batchId}，${counts}，整批未写入。问题如下：`);
  if (r.status === "rejected") {
    for (const x of r.rejections.slice(0, REJECTIONS_SHOWN))
      lines.push(`    第 ${x.row} 条 ${x.field}：${x.reason}${x.value === null ? "" : `（值：${x.value}）`}`);
    if (r.rejections.length > REJECTIONS_SHOWN)
      lines.push(`    ……另有 ${r.rejections.length - REJECTIONS_SHOWN} 处问题，详见批次 #${r.batchId}`);
  }
  return lines;
}

const targets = options.source ? [options.source] : SYNC_TARGETS;
const db = openMigratedDatabase(options.database);
let rejected = 0;
let unpublished = 0;
try {
  for (const [index, target] of targets.entries()) {
    console.log(`[${index + 1}/${targets.length}] ${TARGET_LABELS[target]} ${options.month}`);
    const display = progressDisplay();
    try {
      const result = await syncCredit(db, platform, target, options.month, {
        timeoutMs: options.timeout * 1_000,
        onProgress: display.progress,
        onRetry: display.retry,
      });
      display.stop();
      for (const line of summary(result)) console.log(line);
      if (result.status === "ingested" && result.report.status === "rejected") rejected += 1;
      if (result.status === "not_published") unpublished += 1;
    } catch (error) {
      display.stop();
      throw error;
    }
  }
  if (rejected > 0) {
    console.error(`有 ${rejected} 项数据被拒收，未写入；请与公共信用信息共享平台核实更正后重新同步`);
    process.exitCode = 1;
  } else {
    console.log(unpublished > 0 ? `同步完成；${unpublished} 项平台尚未发布，发布后请再同步` : "同步完成");
  }
} catch (error) {
  // An operator's message, never a stack trace: CreditSyncError messages are complete sentences.
  console.error(`同步失败：${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  db.$client.close();
}
