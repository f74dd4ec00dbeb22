/** The bureau's policy form (政策直达): what the policy is, and who qualifies (an empty group means 不限). */
import { Form } from "@remix-run/react";
import { ENTERPRISE_SIZES, ENTERPRISE_SIZE_LABELS } from "~/domain/accounts";
import { POLICY_BENEFIT_KINDS, POLICY_BENEFIT_KIND_LABELS } from "~/domain/policies";
import { CREDIT_GRADES, CREDIT_GRADE_LABELS } from "~/domain/scoring";
import type { FieldErrors } from "~/lib/forms";
import { PRODUCT_TAGS } from "~/domain/marketplace";
import { DISTRICTS, INDUSTRY_SECTIONS } from "~/lib/reference";
import { CheckboxGroup, FormError, SelectField, TextAreaField, TextField } from "./Field";

export type PolicyFormValues = Partial<Record<string, string>>;

const listOf = (value: string | undefined) => (value ? value.split(",") : []);

export function PolicyForm({
  values,
  errors,
  submitting,
  submitLabel,
  intent,
}: {
  values: PolicyFormValues;
  errors: FieldErrors;
  submitting: boolean;
  submitLabel: string;
  intent?: string;
}) {
  return (
    <Form method="post" noValidate>
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <FormError message={errors._form} />
      <TextField name="title" label="政策标题" required maxLength={60} defaultValue={values.title} error={errors.title} />
      <TextField
        name="issuer"
        label="发文单位"
        required
        maxLength={60}
        defaultValue={values.issuer}
        error={errors.issuer}
        hint="如：苏州市地方金融管理局"
      />
      <SelectField
        name="benefitKind"
        label="支持方式"
        required
        defaultValue={values.benefitKind ?? ""}
        placeholder="请选择"
        options={POLICY_BENEFIT_KINDS.map((k) => ({ value: k, label: POLICY_BENEFIT_KIND_LABELS[k] }))}
        error={errors.benefitKind}
      />
      <TextAreaField
        name="body"
        label="政策内容"
        required
        rows={8}
        maxLength={4000}
        defaultValue={values.body}
        error={errors.body}
        hint="支持标准、申请条件、办理方式与咨询电话"
      />
      <div className="form-row">
        <TextField name="validFrom" label="生效日期" type="date" required defaultValue={values.validFrom} error={errors.validFrom} />
        <TextField name="validTo" label="截止日期" type="date" required defaultValue={values.validTo} error={errors.validTo} />
      </div>
      <h3>适用对象</h3>
      <p className="muted">不勾选表示不限。存在严重失信等否决项的企业不享受任何政策。</p>
      <CheckboxGroup
        name="districts"
        legend="适用区县"
        options={DISTRICTS.map((d) => ({ value: d.code, label: d.name }))}
        selected={listOf(values.districts)}
        error={errors.districts}
      />
      <CheckboxGroup
        name="industries"
        legend="适用行业"
        options={INDUSTRY_SECTIONS.map((s) => ({ value: s.code, label: `${s.code} ${s.name}` }))}
        selected={listOf(values.industries)}
        error={errors.industries}
      />
      <CheckboxGroup
        name="sizes"
        legend="企业规模"
        options={ENTERPRISE_SIZES.map((s) => ({ value: s, label: ENTERPRISE_SIZE_LABELS[s] }))}
        selected={listOf(values.sizes)}
        error={errors.sizes}
      />
      <SelectField
        name="minGrade"
        label="最低信用等级"
        defaultValue={values.minGrade ?? ""}
        options={[
          { value: "", label: "不限" },
          ...CREDIT_GRADES.map((g) => ({ value: g, label: `${g}（${CREDIT_GRADE_LABELS[g]}）及以上` })),
        ]}
        error={errors.minGrade}
      />
      <label className="checkbox-group">
        <input type="checkbox" name="firstLoanOnly" value="yes" defaultChecked={values.firstLoanOnly === "yes"} />
        仅限首贷企业（在本平台尚无贷款）
      </label>
      <CheckboxGroup
        name="productTags"
        legend="适用产品标签（贷款所属产品须带有其一）"
        options={PRODUCT_TAGS.map((t) => ({ value: t, label: t }))}
        selected={listOf(values.productTags)}
        error={errors.productTags}
      />
      <p className="form-actions">
        <button type="submit" disabled={submitting}>
          {submitting ? "保存中…" : submitLabel}
        </button>
      </p>
    </Form>
  );
}

/** A stored policy as the form's values. */
export function policyFormValues(p: {
  title: string;
  issuer: string;
  body: string;
  benefitKind: string;
  validFrom: string;
  validTo: string;
  districts: string[] | null;
  industries: string[] | null;
  sizes: string[] | null;
  minGrade: string | null;
  firstLoanOnly: boolean;
  productTags: string[] | null;
}): PolicyFormValues {
  return {
    title: p.title,
    issuer: p.issuer,
    body: p.body,
    benefitKind: p.benefitKind,
    validFrom: p.validFrom,
    validTo: p.validTo,
    districts: p.districts?.join(","),
    industries: p.industries?.join(","),
    sizes: p.sizes?.join(","),
    minGrade: p.minGrade ?? "",
    firstLoanOnly: p.firstLoanOnly ? "yes" : "",
    productTags: p.productTags?.join(","),
  };
}
