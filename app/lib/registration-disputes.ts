/** Words of the 冒名注册 dispute, shared by the admin's pages and the service. */
import type { RegistrationDisputeStatus } from "~db/schema";
import type { Tone } from "~/ui/StatusTag";

export const DISPUTE_STATUS_LABELS: Record<RegistrationDisputeStatus, string> = { open: "待处理", upheld: "申诉成立", dismissed: "已驳回" };
export const DISPUTE_STATUS_TONES: Record<RegistrationDisputeStatus, Tone> = { open: "warn", upheld: "ok", dismissed: "neutral" };
