/** A list's filters as links (?status=…), the current one marked: works without JS and is shareable. */
import { Link } from "@remix-run/react";

export function FilterTabs<K extends string>({ label, filters, current }: { label: string; filters: Record<K, string>; current: K }) {
  return (
    <nav className="form-actions" aria-label={label} style={{ marginBottom: "var(--sp-4)" }}>
      {(Object.entries(filters) as [K, string][]).map(([value, text]) => (
        <Link
          key={value}
          to={`?status=${value}`}
          className={`button button--small ${value === current ? "" : "button--secondary"}`}
          aria-current={value === current ? "page" : undefined}
        >
          {text}
        </Link>
      ))}
    </nav>
  );
}
