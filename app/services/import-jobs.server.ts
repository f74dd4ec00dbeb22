/**
 * Credit imports run off the request thread: each in a worker thread with its own database
 * connection, one after another (SQLite has one writer, and a long write would otherwise make other
 * writers wait past their busy timeout). Uploads are tracked in an in-memory job registry that the
 * upload page polls; the push API awaits its import directly. A restart forgets the jobs; an import
 * cut off by it leaves nothing behind (the batch is one transaction).
 */
import { randomUUID } from "node:crypto";
import type { AppDatabase } from "~db/connection";
import type { ImportInput, WorkerMessage } from "./credit-import.server";
import { BatchConflictError, type BatchReport, type Progress } from "./credit-ingest.server";
import { startWorker } from "./workers.server";

function importInWorker(databasePath: string, input: ImportInput, onProgress: Progress): Promise<BatchReport> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void) => {
      if (!settled) finish();
      settled = true;
    };
    const worker = startWorker("import-worker.server.ts", { databasePath, input });
    worker.on("message", (message: WorkerMessage) => {
      if (message.type === "progress") onProgress(message.done, message.total, message.phase);
      else if (message.type === "done") settle(() => resolve(message.report));
      else settle(() => reject(message.conflict ? new BatchConflictError() : new Error(message.message)));
    });
    worker.on("error", (error) => settle(() => reject(error)));
    worker.on("exit", (code) => settle(() => reject(new Error(`导入进程意外退出（代码 ${code}）`))));
  });
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs an import in a worker after the ones before it; resolves with its batch report. */
export function enqueueImport(
  db: AppDatabase,
  input: ImportInput,
  onProgress: Progress = () => {},
  onStart: () => void = () => {},
): Promise<BatchReport> {
  const databasePath = db.$client.name;
  const run = queue.then(() => {
    onStart();
    return importInWorker(databasePath, input, onProgress);
  });
  queue = run.catch(() => undefined);
  return run;
}

// ---- the job registry of uploads -------------------------------------------------------------------

export type ImportJobView = {
  id: string;
  state: "queued" | "running" | "done" | "failed";
  phase: "validate" | "apply" | null;
  done: number;
  total: number;
  filename: string;
  batchId: number | null;
  batchStatus: BatchReport["status"] | null;
  duplicate: boolean;
  message: string | null;
};

type Job = ImportJobView & { ownerUserId: string; finishedAt: number | null };

const jobs = new Map<string, Job>();
/** Finished jobs are kept this long for the page that shows them. */
const FINISHED_JOB_TTL_MS = 60 * 60 * 1000;

export function startImportJob(
  db: AppDatabase,
  input: ImportInput,
  options: { ownerUserId: string; filename: string; totalRows: number; onFinish?: () => void },
): string {
  const now = Date.now();
  for (const [id, job] of jobs) if (job.finishedAt !== null && now - job.finishedAt > FINISHED_JOB_TTL_MS) jobs.delete(id);
  const job: Job = {
    id: randomUUID(),
    state: "queued",
    phase: null,
    done: 0,
    total: options.totalRows,
    filename: options.filename,
    batchId: null,
    batchStatus: null,
    duplicate: false,
    message: null,
    ownerUserId: options.ownerUserId,
    finishedAt: null,
  };
  jobs.set(job.id, job);
  const progress: Progress = (done, total, phase) => Object.assign(job, { state: "running", done, total, phase });
  enqueueImport(db, input, progress, () => (job.state = "running"))
    .then((report) =>
      Object.assign(job, {
        state: "done",
        batchId: report.batchId,
        batchStatus: report.status,
        duplicate: report.duplicate,
        done: job.total,
      }),
    )
    .catch((error: unknown) => Object.assign(job, { state: "failed", message: error instanceof Error ? error.message : String(error) }))
    .finally(() => {
      job.finishedAt = Date.now();
      options.onFinish?.();
    });
  return job.id;
}

/** The job as its owner sees it; null for an unknown id (or one the server forgot by restarting). */
export function importJob(id: string, ownerUserId: string): ImportJobView | null {
  const job = jobs.get(id);
  if (!job || job.ownerUserId !== ownerUserId) return null;
  const { ownerUserId: _owner, finishedAt: _finished, ...view } = job;
  return view;
}
