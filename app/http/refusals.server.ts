/**
 * A service's refusal (app/services/outcome.ts) as a page action answers it, for the two shapes pages
 * repeat. Each gives the arguments of Remix's `data()`, spread so the action keeps its own type:
 * `return data<ActionData>(...asError(outcome))`. Pages that put a refusal under one of their fields,
 * or beside other data, build their answer themselves.
 */
import type { GenericSchema } from "valibot";
import { formFailure } from "~/lib/forms";
import type { FieldsRefused, Refused } from "~/services/outcome";

/** `{ error }` for the page to show above its forms, with the refusal's status. */
export function asError(refused: Refused): [{ error: string }, ResponseInit] {
  return [{ error: refused.message }, { status: refused.status }];
}

/**
 * The form again with each field's error and the values sent of the fields `schema` reads (as for a
 * schema's errors), 400 unless the refusal names its status.
 */
export function asFieldErrors(
  refused: FieldsRefused,
  form: FormData,
  schema: GenericSchema,
): [ReturnType<typeof formFailure>, ResponseInit] {
  return [formFailure(refused.fieldErrors, form, schema), { status: refused.status ?? 400 }];
}
