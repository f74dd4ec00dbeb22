/** Labelled form fields with the hint and the server's error message under the field. */
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

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
  return (
    <div className="field">
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
        <input
          id={id}
          name={name}
          required={required}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          {...input}
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
        <select
          id={name}
          name={name}
          required={required}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          {...select}
        >
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
