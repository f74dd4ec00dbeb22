/** Labelled form fields with the hint and the server's error message under the field. */
import { useActionData } from "@remix-run/react";
import {
  useEffect,
  useRef,
  type InputHTMLAttributes,
  type ReactNode,
  type RefObject,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { PASSWORD_RULE_TEXT } from "~/lib/password-policy";

/**
 * After a refused submission, focus moves to the form's first invalid field (a keyboard or
 * screen-reader user lands on what to fix). Every field with an error asks; they all name the same
 * first one. It asks again on each answer of the action, even with the same message.
 */
function useFocusFirstError(frame: RefObject<HTMLElement | null>, error: string | undefined) {
  const answer = useActionData();
  useEffect(() => {
    if (!error || !frame.current) return;
    const scope: ParentNode = frame.current.closest("form") ?? document;
    const first = scope.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (first && document.activeElement !== first) first.focus();
  }, [frame, error, answer]);
}

type FieldFrameProps = {
  name: string;
  label: string;
  required?: boolean;
  hint?: ReactNode;
  error?: string;
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
};

function FieldFrame({ name, label, required, hint, error, children }: FieldFrameProps) {
  const hintId = hint ? `${name}-hint` : undefined;
  const errorId = error ? `${name}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const frame = useRef<HTMLDivElement>(null);
  useFocusFirstError(frame, error);
  return (
    <div className="field" ref={frame}>
      <label htmlFor={name} className={required ? "required" : undefined}>
        {label}
      </label>
      {children(describedBy, Boolean(error))}
      {hint ? (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={errorId} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "name"> & {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
};

/** `id` defaults to the name; give one when the same field repeats on a page (one form per table row). */
export function TextField({ name, id = name, label, hint, error, required, ...input }: TextFieldProps) {
  return (
    <FieldFrame name={id} label={label} hint={hint} error={error} required={required}>
      {(describedBy, invalid) => (
        <input id={id} name={name} required={required} aria-invalid={invalid || undefined} aria-describedby={describedBy} {...input} />
      )}
    </FieldFrame>
  );
}

type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name"> & {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
};

export function TextAreaField({ name, label, hint, error, required, ...textarea }: TextAreaFieldProps) {
  return (
    <FieldFrame name={name} label={label} hint={hint} error={error} required={required}>
      {(describedBy, invalid) => (
        <textarea
          id={name}
          name={name}
          required={required}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          {...textarea}
        />
      )}
    </FieldFrame>
  );
}

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "name"> & {
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  placeholder?: string;
  hint?: ReactNode;
  error?: string;
};

export function SelectField({ name, label, options, placeholder, hint, error, required, ...select }: SelectFieldProps) {
  return (
    <FieldFrame name={name} label={label} hint={hint} error={error} required={required}>
      {(describedBy, invalid) => (
        <select id={name} name={name} required={required} aria-invalid={invalid || undefined} aria-describedby={describedBy} {...select}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

export function FormError({ message }: { message?: string }) {
  return message ? (
    <p className="form-error" role="alert">
      {message}
    </p>
  ) : null;
}

/** A group of checkboxes submitted as repeated fields (see listField in app/lib/validation/fields.ts). */
export function CheckboxGroup({
  name,
  legend,
  options,
  selected,
  error,
  disabled,
}: {
  name: string;
  legend: string;
  options: readonly { value: string; label: string }[];
  selected: string[];
  error?: string;
  disabled?: boolean;
}) {
  return (
    <fieldset className="field" disabled={disabled} aria-describedby={error ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      <div className="checkbox-group">
        {options.map((o) => (
          <label key={o.value}>
            <input type="checkbox" name={name} value={o.value} defaultChecked={selected.includes(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
      {error ? (
        <span id={`${name}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}

/** One choice of a few, as radio buttons (the first is chosen unless `value` says otherwise). */
export function RadioGroup({
  name,
  legend,
  options,
  value,
  error,
}: {
  name: string;
  legend: string;
  options: readonly { value: string; label: string }[];
  value?: string;
  error?: string;
}) {
  const chosen = options.some((o) => o.value === value) ? value : options[0]?.value;
  return (
    <fieldset className="field" aria-describedby={error ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      <div className="checkbox-group">
        {options.map((o) => (
          <label key={o.value}>
            <input type="radio" name={name} value={o.value} defaultChecked={o.value === chosen} />
            {o.label}
          </label>
        ))}
      </div>
      {error ? (
        <span id={`${name}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}

/** A new password and its confirmation, with the password rule under the first (registration, the accounts admins create, the password change). */
export function NewPasswordFields({
  label,
  confirmLabel = "确认密码",
  errors,
}: {
  label: string;
  confirmLabel?: string;
  errors: { password?: string; passwordConfirm?: string };
}) {
  return (
    <>
      <TextField
        name="password"
        label={label}
        type="password"
        autoComplete="new-password"
        hint={PASSWORD_RULE_TEXT}
        error={errors.password}
        required
      />
      <TextField
        name="passwordConfirm"
        label={confirmLabel}
        type="password"
        autoComplete="new-password"
        error={errors.passwordConfirm}
        required
      />
    </>
  );
}
