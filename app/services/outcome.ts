/**
 * The one result type of services that may refuse a request: `{ ok: true, ...result }`, or a refusal
 * the route turns into a response. Server-only by where it lives (app/services).
 *
 * - `Refused` (built with `fail`): its HTTP status and a message in the user's words, about one form
 *   field (`field`), several (`fieldErrors`), with a `code` a caller can act on (e.g. "intercepted":
 *   the enterprise has knock-outs), or with the seconds after which trying again may succeed.
 * - `FieldsRefused` (built with `failFields`): a form's values refused field by field after its schema
 *   passed (a username taken, a year already entered), for the form to show under each field as it
 *   shows a schema's errors; answered with 400 unless the refusal names another status.
 */
import type { FieldErrors } from "~/lib/forms";

export type Refused = {
  ok: false;
  status: 400 | 401 | 403 | 404 | 409 | 429;
  message: string;
  field?: string;
  code?: string;
  fieldErrors?: FieldErrors;
  retryAfterSeconds?: number;
};

export type FieldsRefused = { ok: false; status?: 400 | 409; fieldErrors: FieldErrors };

export type Outcome<T = object, R extends Refused | FieldsRefused = Refused> = ({ ok: true } & T) | R;

/** A refusal; `extra` names what it is about. */
export function fail(
  status: Refused["status"],
  message: string,
  extra?: Pick<Refused, "field" | "code" | "fieldErrors" | "retryAfterSeconds">,
): Refused {
  return { ok: false, status, message, ...extra };
}

/** A form refused at its fields; without `status` the route answers 400. */
export function failFields(fieldErrors: FieldErrors, status?: 400 | 409): FieldsRefused {
  return status === undefined ? { ok: false, fieldErrors } : { ok: false, status, fieldErrors };
}
