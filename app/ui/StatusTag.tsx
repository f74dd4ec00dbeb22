/** A status shown as a word in a coloured tag; the colour never carries the meaning alone. */
export type Tone = "ok" | "warn" | "danger" | "info" | "neutral";

export function StatusTag({ tone, children }: { tone: Tone; children: string }) {
  return <span className={`tag tag--${tone}`}>{children}</span>;
}
