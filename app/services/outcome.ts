/**
 * The one result type of services that may refuse a request: `{ ok: true, ...result }`, or a refusal
 * the route turns into a response — its HTTP status and a message in the user's words, about one form
 * field (`field`), several (`fieldErrors`), or with a `code` a caller can act on (e.g. "intercepted":
 * the enterprise has knock-outs). Server-only by where it lives (app/services).
 */
import type { FieldErrors } from "~/lib/forms";

export type Refused = {
  ok: false;
  status: 400 | 403 | 404 | 409;
  message: string;
  field?: string;
  code?: string;
  fieldErrors?: FieldErrors;
};

export type Outcome<T = object> = ({ ok: true } & T) | Refused;

/** A refusal; `extra` names what it is about. */
export function fail(status: Refused["status"], message: string, extra?: Pick<Refused, "field" | "code" | "fieldErrors">): Refused {
  return { ok: false, status, message, ...extra };
}
