/**
 * 信用修复 applications (docs/decisions/033-credit-repair-and-commitments.md). An enterprise asks the
 * bureau to repair one adverse public record of its own — an administrative penalty or a listing on
 * the serious-dishonesty list — once the record has been published for the minimum period:
 *
 *   submitted ──accept──▶ accepted (a credit_repair event through the ingest path, the score at once)
 *   submitted ──refuse (with a reason)──▶ refused
 *   submitted ──ask_more (what is missing)──▶ more_requested ──resubmit──▶ submitted (a new deadline)
 *   submitted | more_requested ──withdraw (the enterprise)──▶ withdrawn
 *
 * The bureau decides within REPAIR_DECISION_WORKING_DAYS of each submission, flagged like the
 * marketplace's service levels.
 */
import { addMonthsToDate } from "~/lib/time";
import type { CreditEventKind, PenaltySeverity } from "./credit";
import type { Transition } from "./lifecycle";

/** The bureau decides a submitted application within 5 working days. */
export const REPAIR_DECISION_WORKING_DAYS = 5;

export const REPAIR_STATUSES = ["submitted", "more_requested", "accepted", "refused", "withdrawn"] as const;
export type RepairStatus = (typeof REPAIR_STATUSES)[number];
export const REPAIR_STATUS_LABELS: Record<RepairStatus, string> = {
  submitted: "待审核",
  more_requested: "待补充材料",
  accepted: "已修复",
  refused: "未予修复",
  withdrawn: "已撤回",
};
/** Applications still in the bureau's or the firm's hands: one per record at a time. */
export const OPEN_REPAIR_STATUSES = ["submitted", "more_requested"] as const satisfies readonly RepairStatus[];

export type RepairEvent = "accept" | "refuse" | "ask_more" | "resubmit" | "withdraw";
const REPAIR_EVENT_WORDS: Record<RepairEvent, string> = {
  accept: "同意修复",
  refuse: "不予修复",
  ask_more: "要求补充材料",
  resubmit: "补充材料后重新提交",
  withdraw: "撤回",
};
const REPAIR_MOVES: Record<RepairEvent, { from: readonly RepairStatus[]; to: RepairStatus }> = {
  accept: { from: ["submitted"], to: "accepted" },
  refuse: { from: ["submitted"], to: "refused" },
  ask_more: { from: ["submitted"], to: "more_requested" },
  resubmit: { from: ["more_requested"], to: "submitted" },
  withdraw: { from: OPEN_REPAIR_STATUSES, to: "withdrawn" },
};

export function repairTransition(from: RepairStatus, event: RepairEvent): Transition<RepairStatus> {
  const move = REPAIR_MOVES[event];
  if (move.from.includes(from)) return { ok: true, to: move.to };
  return { ok: false, message: `该修复申请当前为“${REPAIR_STATUS_LABELS[from]}”，不能${REPAIR_EVENT_WORDS[event]}` };
}

/** The steps of an application's timeline. */
export const REPAIR_STEP_KINDS = ["submitted", "more_requested", "resubmitted", "accepted", "refused", "withdrawn"] as const;
export type RepairStepKind = (typeof REPAIR_STEP_KINDS)[number];
export const REPAIR_STEP_LABELS: Record<RepairStepKind, string> = {
  submitted: "提交申请",
  more_requested: "要求补充材料",
  resubmitted: "补充材料并重新提交",
  accepted: "同意修复",
  refused: "不予修复",
  withdrawn: "撤回申请",
};

/** The records a firm may ask to repair. */
export const REPAIRABLE_EVENT_KINDS = ["penalty", "dishonest_entry"] as const satisfies readonly CreditEventKind[];
export type RepairableEventKind = (typeof REPAIRABLE_EVENT_KINDS)[number];
export const isRepairableKind = (kind: CreditEventKind): kind is RepairableEventKind =>
  (REPAIRABLE_EVENT_KINDS as readonly CreditEventKind[]).includes(kind);

/**
 * Minimum publication before repair (《失信行为纠正后的信用信息修复管理办法（试行）》): an administrative
 * penalty for a 一般 offence 3 months, for a 较重 or 严重 one 1 year; a serious-dishonesty listing 1 year.
 */
export function minimumPublicationMonths(kind: RepairableEventKind, severity: PenaltySeverity | null): number {
  if (kind === "penalty" && severity === "general") return 3;
  return 12;
}

export type RepairableRecord = { kind: CreditEventKind; occurredOn: string; severity: PenaltySeverity | null };

/** The first day a record may be repaired: its publication date plus the minimum period. */
export function earliestRepairDate(record: RepairableRecord & { kind: RepairableEventKind }): string {
  return addMonthsToDate(record.occurredOn, minimumPublicationMonths(record.kind, record.severity));
}

/** Why the record cannot be repaired on `today` (YYYY-MM-DD), or null when it can. */
export function repairRefusal(record: RepairableRecord, today: string): string | null {
  if (!isRepairableKind(record.kind)) return "只有行政处罚和严重失信主体名单记录可以申请信用修复";
  const earliest = earliestRepairDate({ ...record, kind: record.kind });
  if (today < earliest) {
    const months = minimumPublicationMonths(record.kind, record.severity);
    const period = months === 3 ? "3 个月" : "1 年";
    return `该记录公示满 ${period}后方可申请信用修复，最早可于 ${earliest} 申请`;
  }
  return null;
}

/** Evidence files: what an application may carry. */
export const EVIDENCE_MAX_FILES = 5;
export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;
export const EVIDENCE_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];
export const EVIDENCE_EXTENSIONS: Record<EvidenceType, string> = { "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png" };

/** A file's type read from its first bytes (the name and the browser's word are not trusted), or null. */
export function evidenceTypeOf(head: Uint8Array): EvidenceType | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf"; // %PDF-
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  return null;
}
