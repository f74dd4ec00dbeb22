/**
 * Worker threads for long work off the request thread (credit imports, the monthly re-score). Each
 * runs a TypeScript body from this folder through the one entry, app/services/worker.mjs.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * The entry, found from the project root: this module runs from app/services in tests and CLIs, and
 * from the bundled build/index.js in the server.
 */
function workerEntry(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("找不到项目根目录（package.json），无法启动后台任务");
    dir = parent;
  }
  return join(dir, "app/services/worker.mjs");
}

/** Starts `body` (a `*.server.ts` file of app/services) in a worker thread with `data` as its workerData. */
export function startWorker(body: `${string}.server.ts`, data: Record<string, unknown>): Worker {
  return new Worker(workerEntry(), { workerData: { ...data, body: `./${body}` } });
}
