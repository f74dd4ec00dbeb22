/** Objections (异议): the deadline rule and the words for their states (docs/decisions/005-objections.md). */
import type { ObjectionStatus } from "~db/schema";

/** The bureau answers an objection within 10 working days of its filing. */
export const OBJECTION_DUE_WORKING_DAYS = 10;

export const OBJECTION_STATUS_LABELS: Record<ObjectionStatus, string> = {
  open: "处理中",
  upheld: "已采纳并更正",
  rejected: "未采纳",
};

/** The mark a disputed data item carries wherever it is shown. */
export const DISPUTED_MARK = "异议处理中";

export function isObjectionOverdue(o: { status: ObjectionStatus; dueAt: number }, now: number): boolean {
  return o.status === "open" && now > o.dueAt;
}
