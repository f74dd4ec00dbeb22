/**
 * `npm run seed -- --enterprises N --months M [--seed S] [--as-of YYYY-MM-DD] [--reset]`
 * Generates the demo city into the database (DATABASE_PATH or --database). Refuses a database that
 * already holds data unless --reset, which deletes it first. Stop the portal before resetting.
 */
import { rmSync } from "node:fs";
import { Command } from "commander";
import * as v from "valibot";
import { issuesToFieldErrors } from "~/lib/forms";
import { dateOf, isCalendarDate } from "~/lib/time";
import { databasePathFromEnv } from "~db/connection";
import { openMigratedDatabase } from "~db/migrate";
import { DEFAULT_SEED_OPTIONS, isDatabaseEmpty, seedDemoCity } from "~db/seed";

const integerOption = (label: string, min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, `${label}必须是整数`),
    v.transform(Number),
    v.minValue(min, `${label}不能小于${min}`),
    v.maxValue(max, `${label}不能大于${max}`),
  );

const optionsSchema = v.object({
  enterprises: integerOption("--enterprises", 10, 200_000),
  months: integerOption("--months", 1, 120),
  seed: integerOption("--seed", 0, 2 ** 32 - 1),
  asOf: v.pipe(v.string(), v.check(isCalendarDate, "--as-of 应为 YYYY-MM-DD 格式的日期")),
  database: v.pipe(v.string(), v.nonEmpty("--database 不能为空")),
  reset: v.boolean(),
});

const program = new Command()
  .name("npm run seed --")
  .description("生成苏州演示城市数据（同一 --seed 与 --as-of 生成相同数据）")
  .option("--enterprises <n>", "企业数量", String(DEFAULT_SEED_OPTIONS.enterprises))
  .option("--months <m>", "历史月数（截至 --as-of 所在月）", String(DEFAULT_SEED_OPTIONS.months))
  .option("--seed <s>", "随机种子", String(DEFAULT_SEED_OPTIONS.seed))
  .option("--as-of <date>", "演示数据的“今天”", dateOf(Date.now()))
  .option("--database <path>", "数据库文件", databasePathFromEnv())
  .option("--reset", "先删除已有数据库", false)
  .parse();

const parsed = v.safeParse(optionsSchema, program.opts());
if (!parsed.success) {
  for (const [field, message] of Object.entries(issuesToFieldErrors(parsed.issues))) console.error(`${field}: ${message}`);
  process.exit(2);
}
const options = parsed.output;

if (options.reset) {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(options.database + suffix, { force: true });
  console.log(`已删除 ${options.database}`);
}
const db = openMigratedDatabase(options.database);
if (!isDatabaseEmpty(db)) {
  console.error(`${options.database} 已有数据。若要重新生成，请先停止门户，再加 --reset。`);
  process.exit(1);
}
await seedDemoCity(db, options, (line) => console.log(line));
db.$client.close();
