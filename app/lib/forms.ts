/**
 * Runs a form's valibot schema over submitted fields and turns issues into one zh-CN message per
 * field, which the form shows under that field. Pure, so the same schema serves server and tests.
 */
import * as v from "valibot";

export type FieldErrors = Partial<Record<string, string>>;

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; fieldErrors: FieldErrors; values: Record<string, string> };

/** Fields never echoed back to the browser after a failed submit. */
const SECRET_FIELD = /password|token|secret/i;

export function formDataToRecord(formData: FormData): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value !== "string") continue;
    // Repeated fields (checkbox groups) are joined; schemas that expect lists split them again.
    record[key] = key in record ? `${record[key]},${value}` : value;
  }
  return record;
}

export function issuesToFieldErrors(issues: readonly [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    // An issue inside a field (one bad option of a checkbox group, path "tags.1") belongs to the
    // field the form shows, not to a key no form renders.
    const key = issue.path?.[0]?.key;
    const field = typeof key === "string" ? key : "_form";
    errors[field] ??= issue.message;
  }
  return errors;
}

export function safeValues(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !SECRET_FIELD.test(key)));
}

export function parseForm<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: FormData | Record<string, string>,
): FormResult<v.InferOutput<TSchema>> {
  const record = input instanceof FormData ? formDataToRecord(input) : input;
  const result = v.safeParse(schema, record);
  if (result.success) return { ok: true, data: result.output };
  return { ok: false, fieldErrors: issuesToFieldErrors(result.issues), values: safeValues(record) };
}

/** A failed result for errors found after validation (a duplicate, a wrong password). */
export function formFailure(
  fieldErrors: FieldErrors,
  input: FormData | Record<string, string>,
): { ok: false; fieldErrors: FieldErrors; values: Record<string, string> } {
  const record = input instanceof FormData ? formDataToRecord(input) : input;
  return { ok: false, fieldErrors, values: safeValues(record) };
}
