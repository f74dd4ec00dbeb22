import { Form } from "@remix-run/react";
import { TextAreaField } from "./Field";

/**
 * The institution admin's 豁免 of a knocked-out firm's need (decisions 021, 039): a reason, recorded in
 * the audit log and the need's progress; it covers the records standing now, not later ones. The same form on the queue (before claiming) and the claim page.
 */
export function OverrideForm({
  needId,
  label,
  goal,
  error,
  submitting,
  className = "form",
}: {
  needId?: number;
  label: string;
  goal: string;
  error?: string;
  submitting: boolean;
  className?: string;
}) {
  return (
    <Form method="post" className={className} noValidate aria-label="记录豁免">
      <input type="hidden" name="intent" value="override" />
      {needId !== undefined ? <input type="hidden" name="needId" value={needId} /> : null}
      <TextAreaField
        name="reason"
        label={label}
        hint={`写明为何在否决项存在时仍${goal}（如已核实失信原因已消除、有足额担保等），至少10个字。豁免只涵盖当前列明的记录，之后新增的失信、被执行记录须另行豁免；理由记入审计日志，并显示在业务进度中（企业可见）`}
        error={error}
        rows={3}
        required
      />
      <div className="form-actions">
        <button type="submit" className="button button--danger" disabled={submitting}>
          记录豁免
        </button>
      </div>
    </Form>
  );
}
