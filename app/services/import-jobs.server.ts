/**
 * Credit imports, from whichever server process received them: an upload becomes a job whose row
 * (credit_import_jobs) the upload page polls; the push API awaits its import directly. When several
 * processes serve (app/cli/start.ts), a worker process hands the import to the primary over the
 * cluster channel, so imports run one at a time city-wide (import-runner.server.ts); with one process
 * they run here. A restart cuts an import off and leaves nothing behind (a batch applies whole or not at
 * all); its job then reads as failed.
 */
import cluster from "node:cluster";
import { randomUUID } from "node:crypto";
import { and, eq, isNull, lt } from "drizzle-orm";
import type { ImportJobState, ImportPhase } from "~/domain/credit";
import type { AppDatabase } from "~db/connection";
import { creditImportJobs } from "~db/schema";
import { importErrorOf, importFailureOf, type ImportFailure, type ImportInput } from "./credit-import.server";
import type { BatchReport, Progress } from "./credit-ingest.server";
import { runImportHere, type JobWriter } from "./import-runner.server";
import { isProcessAlive } from "./processes.server";

export type ImportJobView = {
  id: string;
  state: ImportJobState;
  phase: ImportPhase | null;
  done: number;
  total: number;
  filename: string;
  batchId: number | null;
  batchStatus: BatchReport["status"] | null;
  duplicate: boolean;
  message: string | null;
};

/** Finished jobs are kept this long for the page that shows them. */
const FINISHED_JOB_TTL_MS = 24 * 60 * 60 * 1000;
const CUT_OFF_MESSAGE = "服务器进程已重启，导入被中断";

// ---- the cluster channel: worker processes ask the primary to import ------------------------------

type ImportRequest = { type: "import-request"; requestId: string; input: ImportInput; jobId: string | null };
type ImportReply =
  | { type: "import-progress"; requestId: string; done: number; total: number; phase: ImportPhase }
  | { type: "import-done"; requestId: string; report: BatchReport }
  | ({ type: "import-failed"; requestId: string } & ImportFailure);

const pending = new Map<string, { resolve: (report: BatchReport) => void; reject: (error: Error) => void; onProgress: Progress }>();

let listening = false;
function listenForReplies() {
  if (listening) return;
  listening = true;
  process.on("message", (message: ImportReply) => {
    const waiting = pending.get(message?.requestId);
    if (!waiting) return;
    if (message.type === "import-progress") return waiting.onProgress(message.done, message.total, message.phase);
    pending.delete(message.requestId);
    if (message.type === "import-done") waiting.resolve(message.report);
    else waiting.reject(importErrorOf(message));
  });
}

function importThroughPrimary(input: ImportInput, jobId: string | null, onProgress: Progress): Promise<BatchReport> {
  listenForReplies();
  const requestId = randomUUID();
  return new Promise((resolve, reject) => {
    pending.set(requestId, { resolve, reject, onProgress });
    const request: ImportRequest = { type: "import-request", requestId, input, jobId };
    process.send!(request, undefined, {}, (error) => {
      if (!error) return;
      pending.delete(requestId);
      reject(error);
    });
  });
}

/**
 * In the primary: runs the imports the worker processes send, in its one import thread, and answers
 * the process that asked (if it is still there).
 */
export function serveImportsForWorkers(db: AppDatabase): void {
  cluster.on("message", (worker, message: ImportRequest) => {
    if (message?.type !== "import-request") return;
    const { requestId } = message;
    const reply = (answer: ImportReply) => {
      if (worker.isConnected()) worker.send(answer, undefined, () => {});
    };
    runImportHere(
      db,
      message.input,
      (done, total, phase) => reply({ type: "import-progress", requestId, done, total, phase }),
      message.jobId === null ? null : jobWriter(db, message.jobId),
    ).then(
      (report) => reply({ type: "import-done", requestId, report }),
      (error: unknown) => reply({ type: "import-failed", requestId, ...importFailureOf(error) }),
    );
  });
}

/** Runs an import where imports run (here, or in the primary); resolves with its batch report. */
export function enqueueImport(db: AppDatabase, input: ImportInput, onProgress: Progress = () => {}): Promise<BatchReport> {
  return cluster.isWorker ? importThroughPrimary(input, null, onProgress) : runImportHere(db, input, onProgress, null);
}

// ---- upload jobs ------------------------------------------------------------------------------------

/** The process that runs imports: the primary when this is a worker process. */
const importingProcessId = () => (cluster.isWorker ? process.ppid : process.pid);

function jobWriter(db: AppDatabase, id: string): JobWriter {
  const update = (values: Partial<typeof creditImportJobs.$inferInsert>) =>
    db.update(creditImportJobs).set(values).where(eq(creditImportJobs.id, id)).run();
  return {
    started: () => update({ state: "running" }),
    progressed: (done, total, phase) => update({ state: "running", done, total, phase }),
    finished: (outcome) =>
      update(
        "report" in outcome
          ? {
              state: "done",
              batchId: outcome.report.batchId,
              batchStatus: outcome.report.status,
              duplicate: outcome.report.duplicate,
              // Every row has been read, whatever the last progress write said.
              done: outcome.report.rowsTotal,
              total: outcome.report.rowsTotal,
              finishedAt: Date.now(),
            }
          : {
              state: "failed",
              message: outcome.error instanceof Error ? outcome.error.message : String(outcome.error),
              finishedAt: Date.now(),
            },
      ),
  };
}

export function startImportJob(
  db: AppDatabase,
  input: ImportInput,
  options: { ownerUserId: string; filename: string; totalRows: number; onFinish?: () => void },
): string {
  const now = Date.now();
  db.delete(creditImportJobs)
    .where(lt(creditImportJobs.finishedAt, now - FINISHED_JOB_TTL_MS))
    .run();
  const id = randomUUID();
  db.insert(creditImportJobs)
    .values({
      id,
      ownerUserId: options.ownerUserId,
      filename: options.filename,
      state: "queued",
      total: options.totalRows,
      processId: importingProcessId(),
      createdAt: now,
    })
    .run();
  const run = cluster.isWorker ? importThroughPrimary(input, id, () => {}) : runImportHere(db, input, () => {}, jobWriter(db, id));
  run.catch(() => undefined).finally(() => options.onFinish?.());
  return id;
}

/** The job as its owner sees it; null for an unknown id. A job whose importing process is gone reads as failed. */
export function importJob(db: AppDatabase, id: string, ownerUserId: string): ImportJobView | null {
  const job = db
    .select()
    .from(creditImportJobs)
    .where(and(eq(creditImportJobs.id, id), eq(creditImportJobs.ownerUserId, ownerUserId)))
    .get();
  if (!job) return null;
  const { ownerUserId: _owner, processId, createdAt: _created, finishedAt, ...view } = job;
  if (finishedAt === null && !isProcessAlive(processId)) return { ...view, state: "failed", message: CUT_OFF_MESSAGE };
  return view;
}

/** At start-up: jobs left unfinished by the previous run were cut off by it. */
export function failCutOffImportJobs(db: AppDatabase, now: number): number {
  return db
    .update(creditImportJobs)
    .set({ state: "failed", message: CUT_OFF_MESSAGE, finishedAt: now })
    .where(isNull(creditImportJobs.finishedAt))
    .run().changes;
}
