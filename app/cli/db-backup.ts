/**
 * `npm run db:backup -- --out FILE` takes a consistent online backup while the portal runs.
 * `npm run db:restore -- --from FILE` restores one (stop the portal first).
 */
import { existsSync } from "node:fs";
import { Command } from "commander";
import { databasePathFromEnv } from "~db/connection";
import { backupDatabase, restoreDatabase } from "~db/backup";

const program = new Command().name("npm run db:backup / db:restore --");

program
  .command("backup")
  .description("在线备份数据库（门户可继续运行）")
  .requiredOption("--out <file>", "备份文件路径")
  .option("--database <path>", "数据库文件", databasePathFromEnv())
  .option("--force", "覆盖已存在的备份文件", false)
  .action(async (options: { out: string; database: string; force: boolean }) => {
    if (existsSync(options.out) && !options.force) fail(`${options.out} 已存在；如需覆盖请加 --force`);
    const started = performance.now();
    let lastPercent = -1;
    const check = await backupDatabase(options.database, options.out, (copied, total) => {
      const percent = total ? Math.floor((copied / total) * 100) : 100;
      if (percent >= lastPercent + 10 || percent === 100) {
        lastPercent = percent;
        console.log(`  已复制 ${percent}%（${copied}/${total} 页）`);
      }
    });
    console.log(
      `备份完成：${options.out}（${check.tables} 张表，完整性检查通过，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒）`,
    );
  });

program
  .command("restore")
  .description("从备份恢复数据库（请先停止门户）")
  .requiredOption("--from <file>", "备份文件路径")
  .option("--database <path>", "数据库文件", databasePathFromEnv())
  .action((options: { from: string; database: string }) => {
    try {
      const { keptAs } = restoreDatabase(options.from, options.database, Date.now());
      console.log(`已从 ${options.from} 恢复到 ${options.database}`);
      if (keptAs) console.log(`原数据库已保留为 ${keptAs}，确认无误后可删除`);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  });

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

await program.parseAsync();
