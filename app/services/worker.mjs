// Entry of every worker thread (app/services/workers.server.ts). Worker threads do not inherit the
// main thread's tsx loader, so register it here (with the project's path aliases), then run the
// TypeScript body the thread was started for: workerData.body, a file of this folder.
import { fileURLToPath } from "node:url";
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../../tsconfig.json", import.meta.url)) });
await import(new URL(workerData.body, import.meta.url).href);
