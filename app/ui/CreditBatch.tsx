/** How a credit batch is named and tagged wherever batches are listed. */
import { BATCH_KIND_LABELS, CREDIT_SOURCE_LABELS, type BatchKind, type CreditSource } from "~/domain/credit";
import { StatusTag } from "./StatusTag";

export function BatchStatusTag({ status }: { status: "applied" | "rejected" }) {
  return status === "applied" ? <StatusTag tone="ok">已入库</StatusTag> : <StatusTag tone="danger">已退回</StatusTag>;
}

/** "月度数据 · 用电 · 2026-10" */
export function batchContentText(batch: { kind: BatchKind; source: string | null; month: string | null }): string {
  const source = batch.source ? (CREDIT_SOURCE_LABELS[batch.source as CreditSource] ?? batch.source) : null;
  return [BATCH_KIND_LABELS[batch.kind], source, batch.month].filter(Boolean).join(" · ");
}
