/** The credit product form (create and edit), with field errors under each field. */
import { Form } from "@remix-run/react";
import { useState } from "react";
import { GUARANTEE_MODE_LABELS, GUARANTEE_MODES, PRODUCT_TAGS } from "~/domain/marketplace";
import { CREDIT_GRADES } from "~/domain/scoring";
import { DISTRICT_OPTIONS, INDUSTRY_OPTIONS } from "~/lib/options";
import { CheckboxGroup, FormError, SelectField, TextField } from "./Field";

export type ProductFormValues = Partial<Record<string, string>>;

function ScopeChoice({
  name,
  label,
  allLabel,
  value,
  onChange,
}: {
  name: string;
  label: string;
  allLabel: string;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <fieldset className="field">
      <legend>{label}</legend>
      <div className="checkbox-group">
        <label>
          <input type="radio" name={name} value="all" checked={value === "all"} onChange={() => onChange("all")} />
          {allLabel}
        </label>
        <label>
          <input type="radio" name={name} value="selected" checked={value === "selected"} onChange={() => onChange("selected")} />
          指定范围
        </label>
      </div>
    </fieldset>
  );
}

/** `rateHint`: the rate ceiling in effect, in words (the loader reads it: the LPR is data). */
export function ProductForm({
  values,
  errors,
  submitting,
  submitLabel,
  rateHint,
}: {
  values: ProductFormValues;
  errors: Partial<Record<string, string>>;
  submitting: boolean;
  submitLabel: string;
  rateHint: string;
}) {
  const list = (key: string) => (values[key] ? values[key]!.split(",") : []);
  const [districtScope, setDistrictScope] = useState(values.districtScope ?? "all");
  const [industryScope, setIndustryScope] = useState(values.industryScope ?? "all");
  return (
    <Form method="post" className="form form--wide" noValidate>
      <FormError message={errors._form} />
      <div className="form-row">
        <TextField name="name" label="产品名称" defaultValue={values.name} error={errors.name} required />
        <SelectField
          name="minGrade"
          label="最低信用等级"
          placeholder="不限"
          options={CREDIT_GRADES.filter((g) => g !== "D").map((g) => ({ value: g, label: `${g} 级及以上` }))}
          defaultValue={values.minGrade}
          error={errors.minGrade}
        />
        <TextField
          name="minYears"
          label="最低经营年限（年）"
          inputMode="numeric"
          defaultValue={values.minYears ?? "0"}
          error={errors.minYears}
          required
        />
      </div>
      <div className="form-row">
        <TextField
          name="amountMin"
          label="最低额度（万元）"
          inputMode="decimal"
          defaultValue={values.amountMin}
          error={errors.amountMin}
          required
        />
        <TextField
          name="amountMax"
          label="最高额度（万元）"
          inputMode="decimal"
          defaultValue={values.amountMax}
          error={errors.amountMax}
          required
        />
        <TextField
          name="termMin"
          label="最短期限（月）"
          inputMode="numeric"
          defaultValue={values.termMin}
          error={errors.termMin}
          required
        />
        <TextField
          name="termMax"
          label="最长期限（月）"
          inputMode="numeric"
          defaultValue={values.termMax}
          error={errors.termMax}
          required
        />
      </div>
      <div className="form-row">
        <TextField
          name="rateMin"
          label="最低年利率（%）"
          inputMode="decimal"
          defaultValue={values.rateMin}
          error={errors.rateMin}
          required
        />
        <TextField
          name="rateMax"
          label="最高年利率（%）"
          inputMode="decimal"
          defaultValue={values.rateMax}
          error={errors.rateMax}
          hint={rateHint}
          required
        />
      </div>
      <CheckboxGroup
        name="guaranteeModes"
        legend="担保方式"
        options={GUARANTEE_MODES.map((m) => ({ value: m, label: GUARANTEE_MODE_LABELS[m] }))}
        selected={list("guaranteeModes")}
        error={errors.guaranteeModes}
      />
      <ScopeChoice name="districtScope" label="适用区县" allLabel="全部区县" value={districtScope} onChange={setDistrictScope} />
      {districtScope === "selected" ? (
        <CheckboxGroup
          name="districts"
          legend="选择区县"
          options={DISTRICT_OPTIONS}
          selected={list("districts")}
          error={errors.districts}
        />
      ) : null}
      <ScopeChoice name="industryScope" label="适用行业" allLabel="全部行业" value={industryScope} onChange={setIndustryScope} />
      {industryScope === "selected" ? (
        <CheckboxGroup
          name="industries"
          legend="选择行业门类"
          options={INDUSTRY_OPTIONS}
          selected={list("industries")}
          error={errors.industries}
        />
      ) : null}
      <CheckboxGroup
        name="tags"
        legend="产品标签"
        options={PRODUCT_TAGS.map((t) => ({ value: t, label: t }))}
        selected={list("tags")}
        error={errors.tags}
      />
      <div className="field">
        <label htmlFor="description">产品介绍</label>
        <textarea
          id="description"
          name="description"
          rows={5}
          defaultValue={values.description}
          aria-invalid={errors.description ? true : undefined}
        />
        {errors.description ? <span className="field-error">{errors.description}</span> : null}
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? "正在保存…" : submitLabel}
        </button>
      </div>
    </Form>
  );
}

/** A stored product as form values (万元 and % as typed). */
export function productFormValues(p: {
  name: string;
  description: string;
  amountMinFen: number;
  amountMaxFen: number;
  rateMinBp: number;
  rateMaxBp: number;
  termMinMonths: number;
  termMaxMonths: number;
  guaranteeModes: string[];
  eligibleDistricts: string[] | null;
  eligibleIndustries: string[] | null;
  minGrade: string | null;
  minYearsInOperation: number;
  tags: string[];
}): ProductFormValues {
  return {
    name: p.name,
    description: p.description,
    amountMin: String(p.amountMinFen / 1_000_000),
    amountMax: String(p.amountMaxFen / 1_000_000),
    rateMin: (p.rateMinBp / 100).toFixed(2),
    rateMax: (p.rateMaxBp / 100).toFixed(2),
    termMin: String(p.termMinMonths),
    termMax: String(p.termMaxMonths),
    guaranteeModes: p.guaranteeModes.join(","),
    districtScope: p.eligibleDistricts === null ? "all" : "selected",
    districts: (p.eligibleDistricts ?? []).join(","),
    industryScope: p.eligibleIndustries === null ? "all" : "selected",
    industries: (p.eligibleIndustries ?? []).join(","),
    minGrade: p.minGrade ?? "",
    minYears: String(p.minYearsInOperation),
    tags: p.tags.join(","),
  };
}
