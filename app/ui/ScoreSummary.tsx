import type { ReactNode } from "react";
import { GradeTag } from "./StatusTag";

type Scored = {
  score: number;
  grade: "A" | "B" | "C" | "D";
  knockedOut: boolean;
  knockOuts: { code: string; reason: string }[];
};

/** A score with its grade and, when knocked out, why: the same block for the firm and for a bank. */
export function ScoreHeadline({ score, knockOutLead, children }: { score: Scored; knockOutLead: string; children?: ReactNode }) {
  return (
    <>
      <p style={{ fontSize: "2.5rem", margin: 0 }}>
        <strong>{score.score}</strong> 分 <GradeTag grade={score.grade} knockedOut={score.knockedOut} />
      </p>
      {score.knockedOut ? (
        <div className="notice notice--danger" role="status">
          <p>{knockOutLead}</p>
          <ul>
            {score.knockOuts.map((k) => (
              <li key={k.code}>{k.reason}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {children}
    </>
  );
}

export function ReasonList({ items, empty }: { items: readonly string[]; empty: string }) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul>
      {items.map((r) => (
        <li key={r}>{r}</li>
      ))}
    </ul>
  );
}
