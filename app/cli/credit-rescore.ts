/**
 * `npm run credit:rescore [-- --database FILE]`: re-scores every enterprise with the active model
 * version now (the monthly sweep does the same once a month on its own), with a progress bar.
 */
import { SingleBar, Presets } from "cli-progress";
import { Command } from "commander";
import { rescoreAll } from "~/services/scoring.server";
import { databasePathFromEnv } from "~db/connection";
import { openMigratedDatabase } from "~db/migrate";

const program = new Command()
  .name("npm run credit:rescore --")
  .description("按当前启用的评分卡版本重新计算全部企业的信用评分")
  .option("--database <path>", "数据库文件", databasePathFromEnv())
  .parse();

const db = openMigratedDatabase(program.opts<{ database: string }>().database);
const bar = new SingleBar(
  { format: "信用评分 [{bar}] {value}/{total} 家企业 | {eta_formatted}", hideCursor: true },
  Presets.shades_classic,
);
const started = performance.now();
let begun = false;
const report = rescoreAll(db, Date.now(), (done, total) => {
  if (!begun) {
    bar.start(total, done);
    begun = true;
  } else bar.update(done);
});
bar.stop();
console.log(
  `已按 ${report.modelVersion} 评分 ${report.scored} 家企业，其中 ${report.written} 家评分有变化，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒`,
);
db.$client.close();
