/**
 * Where credit imports run: in one worker thread of one process (the primary when several server
 * processes serve, app/cli/start.ts), one after another. SQLite has one writer, and two imports
 * side by side would only make each other and every web writer wait. Progress of an upload's job is
 * written to its row (import-jobs.server.ts) so that every process can show it.
 */
import type { Worker } from "node:worker_threads";
import type { ImportPhase } from "~/domain/credit";
import type { AppDatabase } from "~db/connection";
import { importErrorOf, type ImportInput, type WorkerMessage } from "./credit-import.server";
import type { BatchReport, Progress } from "./credit-ingest.server";
import { startWorker } from "./workers.server";

/** A job row is written at most this often while an import runs (the page polls every second or so). */
const PROGRESS_WRITE_INTERVAL_MS = 500;

type Runner = { worker: Worker | null; queue: Promise<unknown> };
const runners = new Map<string, Runner>();

function runnerFor(databasePath: string): Runner {
  let runner = runners.get(databasePath);
  if (!runner) runners.set(databasePath, (runner = { worker: null, queue: Promise.resolve() }));
  return runner;
}

/** The runner's thread, started on first use and again after it died; it keeps the process alive only while it imports. */
function threadOf(runner: Runner, databasePath: string): Worker {
  if (runner.worker) return runner.worker;
  const worker = startWorker("import-worker.server.ts", { databasePath });
  worker.unref();
  worker.on("exit", () => {
    if (runner.worker === worker) runner.worker = null;
  });
  runner.worker = worker;
  return worker;
}

function importOnThread(worker: Worker, input: ImportInput, onProgress: Progress): Promise<BatchReport> {
  return new Promise((resolve, reject) => {
    const finish = (settle: () => void) => {
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
      worker.unref();
      settle();
    };
    const onMessage = (message: WorkerMessage) => {
      if (message.type === "progress") onProgress(message.done, message.total, message.phase);
      else if (message.type === "done") finish(() => resolve(message.report));
      else finish(() => reject(importErrorOf(message)));
    };
    const onError = (error: Error) => finish(() => reject(error));
    const onExit = (code: number) => finish(() => reject(new Error(`导入进程意外退出（代码 ${code}）`)));
    worker.on("message", onMessage).on("error", onError).on("exit", onExit);
    worker.ref();
    worker.postMessage(input);
  });
}

/** What the runner writes to an upload's job row as the import goes. */
export type JobWriter = {
  started(): void;
  progressed(done: number, total: number, phase: ImportPhase): void;
  finished(outcome: { report: BatchReport } | { error: unknown }): void;
};

/** Runs an import in this process's import thread after the ones before it; resolves with its batch report. */
export function runImportHere(db: AppDatabase, input: ImportInput, onProgress: Progress, job: JobWriter | null): Promise<BatchReport> {
  const databasePath = db.$client.name;
  const runner = runnerFor(databasePath);
  let lastWrite = 0;
  const progress: Progress = (done, total, phase) => {
    onProgress(done, total, phase);
    const now = Date.now();
    if (job && now - lastWrite >= PROGRESS_WRITE_INTERVAL_MS) {
      lastWrite = now;
      job.progressed(done, total, phase);
    }
  };
  const run = runner.queue.then(() => {
    job?.started();
    return importOnThread(threadOf(runner, databasePath), input, progress);
  });
  runner.queue = run.catch(() => undefined);
  if (job)
    run.then(
      (report) => job.finished({ report }),
      (error: unknown) => job.finished({ error }),
    );
  return run;
}
