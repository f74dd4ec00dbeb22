import type { ReactNode } from "react";

/** A record's facts as term and value pairs, in the given order. */
export function TermList({ terms }: { terms: readonly (readonly [string, ReactNode])[] }) {
  return (
    <dl className="terms">
      {terms.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
