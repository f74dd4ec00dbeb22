/** A 信用修复 application as the firm and the bureau see it: the record, the statement, the evidence, the timeline, the 承诺书. */
import type { ReactNode } from "react";
import type { CommitmentKind } from "~/domain/commitments";
import type { RepairStatus } from "~/domain/credit-repairs";
import { formatDateTime } from "~/lib/time";
import { SignedCommitmentView } from "./Commitment";
import { DeadlineText } from "./Deadline";
import { StatusTag, type Tone } from "./StatusTag";
import { TermList } from "./TermList";

const REPAIR_TONES: Record<RepairStatus, Tone> = {
  submitted: "info",
  more_requested: "warn",
  accepted: "ok",
  refused: "danger",
  withdrawn: "neutral",
};

/** The evidence files of an application or a resubmission: typed by content on the server, so `accept` only helps the picker. */
export function EvidenceField({ label, hint, error }: { label: string; hint: ReactNode; error?: string }) {
  return (
    <div className="field">
      <label htmlFor="evidence">{label}</label>
      <input
        id="evidence"
        name="evidence"
        type="file"
        multiple
        accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        aria-describedby="evidence-hint evidence-error"
        aria-invalid={error ? true : undefined}
      />
      <p id="evidence-hint" className="field-hint">
        {hint}
      </p>
      {error ? (
        <p id="evidence-error" className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function RepairStatusTag({ status, label }: { status: RepairStatus; label: string }) {
  return <StatusTag tone={REPAIR_TONES[status]}>{label}</StatusTag>;
}

export type RepairViewData = {
  repair: {
    id: number;
    status: RepairStatus;
    statusLabel: string;
    statement: string;
    filedAt: number;
    dueAt: number;
    bureauNote: string | null;
  };
  enterprise: { name: string; uscc: string };
  record: {
    kindLabel: string;
    occurredOn: string;
    severityLabel: string | null;
    reference: string;
    authority: string;
    description: string;
  };
  dueProvisional: boolean;
  overdue: boolean;
  files: { id: number; filename: string; mediaType: string; bytes: number; uploadedAt: number }[];
  steps: { label: string; actorName: string; note: string | null; at: number }[];
  commitment: {
    kind: CommitmentKind;
    title: string;
    version: string;
    text: string;
    signerName: string;
    signedAt: number;
    breach: { reason: string; recordedBy: string; recordedAt: number } | null;
  } | null;
};

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
const TYPE_WORDS: Record<string, string> = { "application/pdf": "PDF", "image/jpeg": "JPG", "image/png": "PNG" };

export function RepairView({ d }: { d: RepairViewData }) {
  const { repair, record } = d;
  return (
    <>
      <section className="panel">
        <h2>申请修复的记录</h2>
        <TermList
          terms={[
            ["状态", <RepairStatusTag key="status" status={repair.status} label={repair.statusLabel} />],
            ["企业", `${d.enterprise.name}（${d.enterprise.uscc}）`],
            ["记录类型", record.severityLabel ? `${record.kindLabel}（${record.severityLabel}）` : record.kindLabel],
            ["文书号", record.reference],
            ["作出机关", record.authority],
            ["公示日期", record.occurredOn],
            ["事项", record.description],
            ["提交时间", formatDateTime(repair.filedAt)],
            ...(repair.status === "submitted"
              ? [
                  [
                    "审核期限",
                    <>
                      <DeadlineText at={repair.dueAt} provisional={d.dueProvisional} />
                      {d.overdue ? (
                        <>
                          {" "}
                          <StatusTag tone="danger">已超期</StatusTag>
                        </>
                      ) : null}
                    </>,
                  ] as const,
                ]
              : []),
            ...(repair.bureauNote ? [[repair.status === "refused" ? "不予修复理由" : "审核意见", repair.bureauNote] as const] : []),
          ]}
        />
      </section>
      <section className="panel">
        <h2>整改说明</h2>
        <p className="commitment__text">{repair.statement}</p>
        <h3>证明材料</h3>
        {d.files.length === 0 ? (
          <p className="empty">无</p>
        ) : (
          <ul>
            {d.files.map((f) => (
              <li key={f.id}>
                <a href={`/repairs/files/${f.id}`}>{f.filename}</a>{" "}
                <span className="muted">
                  {TYPE_WORDS[f.mediaType] ?? f.mediaType} · {sizeText(f.bytes)} · {formatDateTime(f.uploadedAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-label="办理进度">
        <h2>办理进度</h2>
        <ol className="timeline">
          {d.steps.map((s, i) => (
            <li key={i}>
              <time>{formatDateTime(s.at)}</time>
              <strong>{s.actorName} </strong>
              {s.label}
              {s.note ? `：${s.note}` : ""}
            </li>
          ))}
        </ol>
      </section>
      {d.commitment ? (
        <SignedCommitmentView
          commitment={{
            ...d.commitment,
            signedAt: formatDateTime(d.commitment.signedAt),
            breach: d.commitment.breach && { ...d.commitment.breach, recordedAt: formatDateTime(d.commitment.breach.recordedAt) },
          }}
        />
      ) : null}
    </>
  );
}
