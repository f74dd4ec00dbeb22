/**
 * Body of the import worker thread (started by import-runner.server.ts through worker.mjs): one
 * connection, imports one after another as the runner sends them, progress as messages. The thread
 * lives as long as its process, so an import does not pay for starting a thread and loading the code.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "~db/connection";
import { importFailureOf, runImport, type ImportInput, type WorkerMessage } from "./credit-import.server";

const { databasePath } = workerData as { databasePath: string };
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
const db = openDatabase(databasePath);
parentPort!.on("message", (input: ImportInput) => {
  try {
    const report = runImport(db, input, (done, total, phase) => post({ type: "progress", done, total, phase }));
    post({ type: "done", report });
  } catch (error) {
    post({ type: "failed", ...importFailureOf(error) });
  }
});
