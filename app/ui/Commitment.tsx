/** The form an officer records a 违诺 with: the reason, at least BREACH_REASON_MIN characters. */
export function BreachForm({
  hidden,
  error,
  reasonError,
  defaultReason,
  submitting,
  hint,
}: {
  hidden?: Record<string, string | number>;
  error?: string;
  reasonError?: string;
  defaultReason?: string;
  submitting: boolean;
  hint: string;
}) {
  return (
    <Form method="post" className="form" noValidate>
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FormError message={error} />
      <TextAreaField
        name="reason"
        label="违诺事由"
        rows={4}
        maxLength={500}
        defaultValue={defaultReason}
        error={reasonError}
        hint={`至少 ${BREACH_REASON_MIN} 字：${hint}`}
        required
      />
      <div className="form-actions">
        <button type="submit" className="button button--danger" disabled={submitting}>
          记录违诺
        </button>
      </div>
    </Form>
  );
}

/** A 信用承诺 the firm reads and ticks; the checkbox carries the version of the text shown. */
import { Form } from "@remix-run/react";
import type { CommitmentText } from "~/domain/commitments";
import { BREACH_REASON_MIN } from "~/lib/validation/commitments";
import { FormError, TextAreaField } from "./Field";

export function CommitmentCheckbox({ commitment, checked, error }: { commitment: CommitmentText; checked: boolean; error?: string }) {
  return (
    <div className="consent commitment">
      <p className="commitment__title">
        {commitment.title}
        <span className="muted">（{commitment.version}）</span>
      </p>
      <p className="commitment__text">{commitment.text}</p>
      <label>
        <input type="checkbox" name="commitment" value={commitment.version} defaultChecked={checked} aria-describedby="commitment-error" />
        <span>我已阅读并承诺遵守上述{commitment.title}</span>
      </label>
      {error ? (
        <p id="commitment-error" className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A signed commitment as the parties see it: the words, who signed, when, and any breach recorded. */
export function SignedCommitmentView({
  commitment,
}: {
  commitment: {
    title: string;
    version: string;
    text: string;
    signerName: string;
    signedAt: string;
    breach: { reason: string; recordedBy: string; recordedAt: string } | null;
  };
}) {
  return (
    <section className="panel">
      <h2>
        {commitment.title} <span className="muted">（{commitment.version}）</span>
      </h2>
      <p className="commitment__text">{commitment.text}</p>
      <p className="muted">
        {commitment.signerName} 于 {commitment.signedAt} 勾选承诺
      </p>
      {commitment.breach ? (
        <p className="notice notice--warn" role="status">
          违诺：{commitment.breach.recordedBy}于 {commitment.breach.recordedAt} 记录——{commitment.breach.reason}
        </p>
      ) : null}
    </section>
  );
}
