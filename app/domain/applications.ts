/**
 * Applications (申请): a need aimed at one product, which only that product's institution may claim
 * (docs/decisions/038-applications-a-bank-can-act-on.md). A firm with a knock-out may not apply — no
 * institution may claim it (decision 021) and the ranked queue leaves it out — and is told why before it
 * submits; the institution sees every application to its products, marked with why its queue leaves
 * one out, and answers one it will not take with 不予受理 and a reason the firm is told.
 */
import type { RecordedKnockOut } from "./interception";

/** Why an institution answers 不予受理; the firm reads the label and the officer's note. */
export const DECLINE_REASONS = ["knocked_out", "not_eligible", "outside_scope", "incomplete", "other"] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];
export const DECLINE_REASON_LABELS: Record<DeclineReason, string> = {
  knocked_out: "企业存在否决项（严重失信、被强制执行或纳税信用 D 级）",
  not_eligible: "不符合产品准入条件",
  outside_scope: "不在本机构服务范围内",
  incomplete: "申请信息不完整或无法核实",
  other: "其他原因",
};

/** What the firm reads on the product page and the apply form, and what the server answers, when it may not apply. */
export function applicationRefusal(knockOuts: readonly RecordedKnockOut[]): string {
  return `贵企业目前存在否决项，暂不能申请信贷产品：${knockOuts.map((k) => k.reason).join("；")}。金融机构不能受理存在否决项企业的申请；否决项消除后（如移出失信名单、执行案件结案、完成信用修复）即可申请。`;
}

/** Where an application stands for the institution it was made to. */
export const APPLICATION_STATES = ["in_queue", "outside_queue", "claimed", "declined", "closed"] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];
export const APPLICATION_STATE_LABELS: Record<ApplicationState, string> = {
  in_queue: "待受理",
  outside_queue: "待受理（不在需求队列）",
  claimed: "已受理",
  declined: "不予受理",
  closed: "已结束",
};

/** The note an officer writes with 不予受理 is required for "other". */
export const DECLINE_NOTE_REQUIRED = "选择“其他原因”时请写明理由（至少5个字）";
export const declineNoteMissing = (reason: DeclineReason, note: string) => reason === "other" && note.trim().length < 5;

/** What the firm reads: the reason, and the officer's note if any. */
export const declineText = (reason: DeclineReason, note: string) => `${DECLINE_REASON_LABELS[reason]}${note ? `（${note}）` : ""}`;
