/**
 * `npm run bench [-- name …]`: runs every bench/*.bench.ts (or those whose name contains one of the
 * arguments), each in its own process so memory peaks and caches do not mix, and prints their reports.
 * A benchmark prints its own figures: the measured time, its baseline's time, and their ratio.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((name) => f.includes(name)))
  .sort();

if (files.length === 0) {
  console.error(filters.length ? `没有匹配 ${filters.join(", ")} 的基准测试` : "bench/ 下还没有基准测试");
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(process.execPath, ["--import", "tsx", "--expose-gc", `${dir}${file}`], { stdio: "inherit" });
  if (result.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
