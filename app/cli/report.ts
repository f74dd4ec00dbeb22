/**
 * `npm run report -- --month YYYY-MM --format xlsx|csv --out FILE [--revision N]`
 * Writes a month's report (its frozen numbers if frozen, otherwise the current draft) to a file.
 */
import { writeFileSync } from "node:fs";
import { Command } from "commander";
import * as v from "valibot";
import { issuesToFieldErrors } from "~/lib/forms";
import { monthParam, revisionQuery } from "~/lib/validation/reports";
import { reportCsv, reportStatusText, reportXlsx } from "~/services/report-export.server";
import { loadReport } from "~/services/statistics.server";
import { databasePathFromEnv } from "~db/connection";
import { openMigratedDatabase } from "~db/migrate";

const program = new Command()
  .name("npm run report --")
  .description("导出某月信易贷工作统计表")
  .requiredOption("--month <YYYY-MM>", "月份")
  .option("--format <format>", "xlsx 或 csv", "xlsx")
  .requiredOption("--out <file>", "输出文件")
  .option("--revision <n>", "已冻结的历史版本号")
  .option("--database <path>", "数据库文件", databasePathFromEnv())
  .parse();

const parsed = v.safeParse(
  v.object({
    month: monthParam,
    format: v.picklist(["xlsx", "csv"], "--format 只能是 xlsx 或 csv"),
    out: v.pipe(v.string(), v.nonEmpty("--out 不能为空")),
    revision: revisionQuery,
    database: v.string(),
  }),
  program.opts(),
);
if (!parsed.success) {
  for (const [field, message] of Object.entries(issuesToFieldErrors(parsed.issues))) console.error(`${field}: ${message}`);
  process.exit(2);
}
const { month, format, out, revision, database } = parsed.output;
const db = openMigratedDatabase(database);
try {
  console.log(`正在生成 ${month} 报表……`);
  const view = loadReport(db, month, Date.now(), revision);
  if (!view) {
    console.error("没有该修订版本");
    process.exitCode = 1;
  } else {
    writeFileSync(out, format === "xlsx" ? await reportXlsx(view) : reportCsv(view));
    console.log(`已写入 ${out}（${reportStatusText(view)}）`);
  }
} finally {
  db.$client.close();
}
