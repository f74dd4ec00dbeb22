/** Body of an import worker thread (started by import-jobs.server.ts through worker.mjs): its own connection, progress as messages. */
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "~db/connection";
import { runImport, type ImportInput, type WorkerMessage } from "./credit-import.server";
import { BatchConflictError } from "./credit-ingest.server";

const { databasePath, input } = workerData as { databasePath: string; input: ImportInput };
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
const db = openDatabase(databasePath);
try {
  const report = runImport(db, input, (done, total, phase) => post({ type: "progress", done, total, phase }));
  post({ type: "done", report });
} catch (error) {
  post({ type: "failed", conflict: error instanceof BatchConflictError, message: error instanceof Error ? error.message : String(error) });
} finally {
  db.$client.close();
}
