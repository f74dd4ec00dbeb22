/** The financing need form, for posting and for editing while no institution has claimed it. */
import { Form } from "@remix-run/react";
import { GUARANTEE_MODE_LABELS, GUARANTEE_MODES, LOAN_PURPOSES } from "~/domain/marketplace";
import { currentCommitment } from "~/domain/commitments";
import { CommitmentCheckbox } from "./Commitment";
import { FormError, SelectField, TextField } from "./Field";

const NEED_COMMITMENT = currentCommitment("need");

export type NeedFormValues = Partial<Record<string, string>>;

export function NeedForm({
  values,
  errors,
  submitting,
  submitLabel,
  defaultExpiry,
  maxExpiry,
  targetProductId,
  askConsent,
  rateHint,
}: {
  values: NeedFormValues;
  errors: Partial<Record<string, string>>;
  submitting: boolean;
  submitLabel: string;
  defaultExpiry: string;
  maxExpiry: string;
  targetProductId?: number;
  /** Posting asks for the authorization and the 信用承诺; an edit keeps those given at posting. */
  askConsent: boolean;
  /** The rate ceiling in effect, in words (the loader reads it: the LPR is data). */
  rateHint: string;
}) {
  return (
    <Form method="post" className="form" noValidate>
      <FormError message={errors._form ?? errors.targetProductId} />
      {targetProductId ? <input type="hidden" name="targetProductId" value={targetProductId} /> : null}
      <div className="form-row">
        <TextField
          name="amount"
          label="融资金额（万元）"
          inputMode="decimal"
          defaultValue={values.amount}
          error={errors.amount}
          hint="如 200 或 35.5"
          required
        />
        <TextField
          name="termMonths"
          label="融资期限（月）"
          inputMode="numeric"
          defaultValue={values.termMonths}
          error={errors.termMonths}
          required
        />
      </div>
      <div className="form-row">
        <SelectField
          name="purposeCategory"
          label="资金用途"
          placeholder="请选择"
          options={LOAN_PURPOSES.map((p) => ({ value: p, label: p }))}
          defaultValue={values.purposeCategory}
          error={errors.purposeCategory}
          required
        />
        <TextField
          name="purpose"
          label="用途说明"
          defaultValue={values.purpose}
          error={errors.purpose}
          hint="如：采购不锈钢原材料，对应订单约 300 万元"
          required
        />
      </div>
      <div className="form-row">
        <SelectField
          name="guaranteeMode"
          label="希望的担保方式"
          placeholder="不限"
          options={GUARANTEE_MODES.map((m) => ({ value: m, label: GUARANTEE_MODE_LABELS[m] }))}
          defaultValue={values.guaranteeMode}
          error={errors.guaranteeMode}
        />
        <TextField
          name="rateCeiling"
          label="可接受最高年利率（%，选填）"
          inputMode="decimal"
          defaultValue={values.rateCeiling}
          error={errors.rateCeiling}
          hint={rateHint}
        />
        <TextField
          name="expiresOn"
          label="有效期至"
          type="date"
          max={maxExpiry}
          defaultValue={values.expiresOn ?? defaultExpiry}
          error={errors.expiresOn}
          hint="默认发布后 30 天，最长 180 天；到期后不再接受新的受理"
        />
      </div>
      {askConsent ? (
        <div className="consent">
          <label>
            <input
              type="checkbox"
              name="authorize"
              value="yes"
              defaultChecked={values.authorize === "yes"}
              aria-describedby="authorize-error"
            />
            <span>
              我同意：为审查本笔融资需求，{targetProductId ? "所申请产品的金融机构" : "平台上的金融机构"}可在本需求有效期及其后 90
              天内查询本企业在平台归集的信用信息（水电气、纳税、社保公积金及公共信用记录）。每次查询都会留下记录，我可随时在“授权管理”中撤回。
            </span>
          </label>
          {errors.authorize ? (
            <p id="authorize-error" className="field-error" role="alert">
              {errors.authorize}
            </p>
          ) : null}
        </div>
      ) : (
        <input type="hidden" name="authorize" value="yes" />
      )}
      {askConsent ? (
        <CommitmentCheckbox
          commitment={NEED_COMMITMENT}
          checked={values.commitment === NEED_COMMITMENT.version}
          error={errors.commitment}
        />
      ) : (
        // The commitment signed at posting covers an edit.
        <input type="hidden" name="commitment" value={NEED_COMMITMENT.version} />
      )}
      <div className="form-actions">
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? "正在提交…" : submitLabel}
        </button>
      </div>
    </Form>
  );
}
