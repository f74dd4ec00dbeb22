/**
 * Runs a form's valibot schema over submitted fields and turns issues into one zh-CN message per
 * field, which the form shows under that field. Pure, so the same schema serves server and tests.
 */
import * as v from "valibot";
import { hasUnreadableChars, UNREADABLE_MESSAGE } from "./text";

export type FieldErrors = Partial<Record<string, string>>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors; values: Record<string, string> };

/** Fields never echoed back to the browser after a failed submit. */
const SECRET_FIELD = /password|token|secret/i;

/**
 * The longest value any form field accepts (the holiday lists of app/lib/validation/calendar.ts). A
 * value sent back into the form after a failed submit is cut to this, so a huge field is not echoed.
 */
export const MAX_ECHOED_CHARS = 2_000;

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

/** Cut to MAX_ECHOED_CHARS characters, never inside a character (a surrogate pair stays whole or goes). */
function echoable(value: string): string {
  if (value.length <= MAX_ECHOED_CHARS) return value;
  const cut = value.slice(0, MAX_ECHOED_CHARS);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** The submitted values to show again in the form: no secrets, none longer than any field accepts. */
export function safeValues(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).flatMap(([key, value]) => (SECRET_FIELD.test(key) || key.length > 100 ? [] : [[key, echoable(value)]])),
  );
}

/**
 * Fields holding bytes that were not valid UTF-8 (decoded as U+FFFD) or control characters: refused
 * whatever the field, even one whose schema would take any text (a password), so nothing is stored
 * with its characters already lost.
 */
function unreadableFields(record: Record<string, string>): FieldErrors | null {
  const errors: FieldErrors = {};
  let any = false;
  for (const [key, value] of Object.entries(record)) {
    if (!hasUnreadableChars(value)) continue;
    errors[key] = UNREADABLE_MESSAGE;
    any = true;
  }
  return any ? errors : null;
}

export function parseForm<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: FormData | Record<string, string>,
): FormResult<v.InferOutput<TSchema>> {
  const record = input instanceof FormData ? formDataToRecord(input) : input;
  const unreadable = unreadableFields(record);
  const result = v.safeParse(schema, record);
  if (result.success && !unreadable) return { ok: true, data: result.output };
  const fieldErrors = result.success ? {} : issuesToFieldErrors(result.issues);
  return { ok: false, fieldErrors: { ...unreadable, ...fieldErrors }, values: safeValues(record) };
}

/** A failed result for errors found after validation (a duplicate, a wrong password). */
export function formFailure(
  fieldErrors: FieldErrors,
  input: FormData | Record<string, string>,
): { ok: false; fieldErrors: FieldErrors; values: Record<string, string> } {
  const record = input instanceof FormData ? formDataToRecord(input) : input;
  return { ok: false, fieldErrors, values: safeValues(record) };
}
