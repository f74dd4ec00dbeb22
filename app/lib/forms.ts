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
 * The longest value any form field accepts (the holiday lists of app/lib/validation/calendar.ts): what a
 * value is cut to when the form's schema cannot be named (see formFailure).
 */
export const MAX_ECHOED_CHARS = 2_000;

/**
 * What a field whose schema declares no maximum length is cut to when echoed: such fields hold codes,
 * dates, amounts, phone numbers and ids (a 统一社会信用代码 typed with spaces is 24 characters at most).
 */
export const UNDECLARED_FIELD_CHARS = 100;

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

/** The parts of a valibot schema or action this module reads (valibot's own objects carry them). */
type SchemaNode = {
  kind?: string;
  type?: string;
  entries?: Record<string, SchemaNode>;
  pipe?: readonly SchemaNode[];
  wrapped?: SchemaNode;
  options?: readonly unknown[];
  item?: SchemaNode;
  literal?: unknown;
  requirement?: unknown;
};

const OBJECT_TYPES = new Set(["object", "loose_object", "strict_object", "object_with_rest"]);
const WRAPPER_TYPES = new Set(["optional", "nullable", "nullish", "exact_optional", "non_optional", "non_nullable", "non_nullish"]);

/**
 * The longest text a field's schema accepts, as submitted: its `maxLength`, the longest of its options
 * (a picklist or literals), a checkbox group's options joined; undefined when the schema declares none.
 */
function declaredMaxChars(node: SchemaNode): number | undefined {
  if (node.pipe) {
    let found: number | undefined;
    for (const [index, step] of node.pipe.entries()) {
      // Past a list (a checkbox group split), a length counts items, not characters.
      if (step.type === "array") return found ?? declaredMaxChars(step);
      if (step.kind === "validation" && step.type === "max_length" && typeof step.requirement === "number") {
        found = Math.min(found ?? Infinity, step.requirement);
      } else if (step.kind === "schema" && index === 0) {
        const inner = declaredMaxChars(step);
        if (inner !== undefined) found = Math.min(found ?? Infinity, inner);
      }
    }
    return found;
  }
  if (node.type && WRAPPER_TYPES.has(node.type) && node.wrapped) return declaredMaxChars(node.wrapped);
  if (node.type === "literal") return typeof node.literal === "string" ? node.literal.length : String(node.literal).length;
  if (node.type === "picklist" && node.options) return Math.max(0, ...node.options.map((o) => String(o).length));
  if ((node.type === "union" || node.type === "variant") && node.options) {
    const each = (node.options as SchemaNode[]).map(declaredMaxChars);
    return each.every((n) => n !== undefined) ? Math.max(0, ...(each as number[])) : undefined;
  }
  if (node.type === "array" && node.item) {
    const options = node.item.type === "picklist" ? node.item.options : undefined;
    return options ? options.reduce<number>((sum, o) => sum + String(o).length + 1, 0) : undefined;
  }
  return undefined;
}

/** Each field a form's schema reads, with the most characters it accepts; null when the schema is not an object of fields. */
export function schemaFieldLimits(schema: v.GenericSchema): Record<string, number> | null {
  const walk = (node: SchemaNode): Record<string, number> | null => {
    if (node.type && OBJECT_TYPES.has(node.type) && node.entries) {
      return Object.fromEntries(
        Object.entries(node.entries).map(([key, entry]) => [key, declaredMaxChars(entry) ?? UNDECLARED_FIELD_CHARS]),
      );
    }
    if (node.pipe?.[0]) return walk(node.pipe[0]);
    if (node.type && WRAPPER_TYPES.has(node.type) && node.wrapped) return walk(node.wrapped);
    if ((node.type === "union" || node.type === "variant") && node.options) {
      // The intents of one form: a field is the longest any of them accepts.
      const merged: Record<string, number> = {};
      for (const option of node.options as SchemaNode[]) {
        const fields = walk(option);
        if (!fields) return null;
        for (const [key, max] of Object.entries(fields)) merged[key] = Math.max(merged[key] ?? 0, max);
      }
      return merged;
    }
    return null;
  };
  return walk(schema as SchemaNode);
}

/** Cut to `max` characters, never inside a character (a surrogate pair stays whole or goes). */
function echoable(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * The submitted values to show again in the form: never a secret; with the form's schema, only the
 * fields it reads, each cut to the most that field accepts (keys a form does not have are not sent
 * back, however many were posted); without it, every short key, cut to MAX_ECHOED_CHARS.
 */
export function safeValues(record: Record<string, string>, schema?: v.GenericSchema): Record<string, string> {
  const limits = schema ? schemaFieldLimits(schema) : null;
  if (limits) {
    return Object.fromEntries(
      Object.entries(limits).flatMap(([key, max]) =>
        SECRET_FIELD.test(key) || !Object.hasOwn(record, key) ? [] : [[key, echoable(record[key]!, max)]],
      ),
    );
  }
  return Object.fromEntries(
    Object.entries(record).flatMap(([key, value]) =>
      SECRET_FIELD.test(key) || key.length > 100 ? [] : [[key, echoable(value, MAX_ECHOED_CHARS)]],
    ),
  );
}

/**
 * Fields holding bytes that were not valid UTF-8 (decoded as U+FFFD) or control characters: refused
 * whatever the field, even one whose schema would take any text (a password), so nothing is stored
 * with its characters already lost. A key the form's schema does not read is refused as the form's
 * (`_form`), so a body of made-up keys is not answered with an error under each of them.
 */
function unreadableFields(record: Record<string, string>, fields: Record<string, number> | null): FieldErrors | null {
  const errors: FieldErrors = {};
  let any = false;
  for (const [key, value] of Object.entries(record)) {
    if (!hasUnreadableChars(value)) continue;
    if (!fields || Object.hasOwn(fields, key)) errors[key] = UNREADABLE_MESSAGE;
    else errors._form = `提交的内容${UNREADABLE_MESSAGE}`;
    any = true;
  }
  return any ? errors : null;
}

export function parseForm<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: FormData | Record<string, string>,
): FormResult<v.InferOutput<TSchema>> {
  const record = input instanceof FormData ? formDataToRecord(input) : input;
  const unreadable = unreadableFields(record, schemaFieldLimits(schema));
  const result = v.safeParse(schema, record);
  if (result.success && !unreadable) return { ok: true, data: result.output };
  const fieldErrors = result.success ? {} : issuesToFieldErrors(result.issues);
  return { ok: false, fieldErrors: { ...unreadable, ...fieldErrors }, values: safeValues(record, schema) };
}

/**
 * A failed result for errors found after validation (a duplicate, a wrong password), echoing what
 * `schema` reads as parseForm does. Name the schema: without it every posted key comes back (each cut
 * to MAX_ECHOED_CHARS), which only the credit-data upload page still relies on.
 */
export function formFailure(
  fieldErrors: FieldErrors,
  input: FormData | Record<string, string>,
  schema?: v.GenericSchema,
): { ok: false; fieldErrors: FieldErrors; values: Record<string, string> } {
  const record = input instanceof FormData ? formDataToRecord(input) : input;
  return { ok: false, fieldErrors, values: safeValues(record, schema) };
}
