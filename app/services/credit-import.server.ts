/**
 * One credit import as the import worker runs it (and the crash test's child process): rows from a
 * staged upload file or given inline, through the one ingest path. Kept free of the file parsers so
 * a worker starts quickly.
 */
import { readFileSync } from "node:fs";
import type { AppDatabase } from "~db/connection";
import {
  BatchApplyingError,
  BatchConflictError,
  ingestBatch,
  type BatchReport,
  type BatchSpec,
  type Progress,
} from "./credit-ingest.server";

/** What a staged upload's rows file holds. */
export type StagedRows = { rows: Record<string, unknown>[]; rowNumbers: number[] };

export type ImportInput = {
  spec: Omit<BatchSpec, "rows" | "rowNumbers">;
  rows: { file: string } | { inline: readonly Record<string, unknown>[] };
  now: number;
};

export type WorkerMessage =
  | { type: "progress"; done: number; total: number; phase: "validate" | "apply" }
  | { type: "done"; report: BatchReport }
  | ({ type: "failed" } & ImportFailure);

/**
 * A failed import as it crosses a thread or process boundary (errors lose their class there): the
 * refusals a sender must be told apart, or another error's message.
 */
export type ImportFailure = { reason: "batch_id_conflict" | "batch_applying" | "error"; message: string };

export function importFailureOf(error: unknown): ImportFailure {
  const reason =
    error instanceof BatchConflictError ? "batch_id_conflict" : error instanceof BatchApplyingError ? "batch_applying" : "error";
  return { reason, message: error instanceof Error ? error.message : String(error) };
}

export function importErrorOf(failure: ImportFailure): Error {
  if (failure.reason === "batch_id_conflict") return new BatchConflictError();
  if (failure.reason === "batch_applying") return new BatchApplyingError();
  return new Error(failure.message);
}

export function runImport(db: AppDatabase, input: ImportInput, progress: Progress): BatchReport {
  const { rows, rowNumbers } =
    "file" in input.rows
      ? (JSON.parse(readFileSync(input.rows.file, "utf8")) as StagedRows)
      : { rows: input.rows.inline, rowNumbers: undefined };
  return ingestBatch(db, { ...input.spec, rows, rowNumbers }, input.now, progress);
}
