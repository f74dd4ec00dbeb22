/** The need event log (append-only) and the enterprise's view of it as a timeline. */
import { and, asc, eq, inArray } from "drizzle-orm";
import {
  CLAIM_STATUS_LABELS,
  DISBURSEMENT_CHANNEL_LABELS,
  LOAN_STATUS_LABELS,
  type DisbursementChannel,
  REJECT_REASONS,
  type RejectReason,
} from "~/domain/marketplace";
import { DECLINE_REASONS, declineText, type DeclineReason } from "~/domain/applications";
import { KNOCK_OUT_CODE_LABELS } from "~/domain/scoring";
import { formatMoney, formatRateBp } from "~/lib/money";
import { CLAIM_WITHIN_WORKING_DAYS, DECIDE_WITHIN_WORKING_DAYS } from "~/domain/service-levels";
import type { AppDatabase, Tx } from "~db/connection";
import { claims, institutions, interceptionOverrides, loans, needEvents } from "~db/schema";

export type NeedEventType =
  | "posted"
  | "edited"
  | "withdrawn"
  | "expired"
  | "application_declined"
  | "claimed"
  | "granted"
  | "rejected"
  | "cancelled"
  | "disbursed"
  | "loan_status"
  | "sla_flagged"
  | "interception_overridden"
  | "pool_enrolled"
  | "compensation_filed"
  | "compensation_approved"
  | "compensation_refused"
  | "recovery_reported"
  | "renewal_requested"
  | "renewal_withdrawn"
  | "renewal_approved"
  | "renewal_declined"
  | "renewal_lapsed"
  | "handed_over";

export function recordNeedEvent(
  tx: Tx,
  event: {
    needId: number;
    claimId?: number | null;
    loanId?: number;
    type: NeedEventType;
    actorUserId: string | null;
    actorInstitutionId?: number | null;
    at: number;
    detail?: Record<string, unknown>;
  },
): void {
  tx.insert(needEvents)
    .values({
      needId: event.needId,
      claimId: event.claimId ?? null,
      loanId: event.loanId ?? null,
      type: event.type,
      actorUserId: event.actorUserId,
      actorInstitutionId: event.actorInstitutionId ?? null,
      at: event.at,
      detail: event.detail ?? {},
    })
    .run();
}

export type TimelineEntry = { at: number; type: string; institution: string | null; text: string; claimId: number | null };

/** What an event says, in words the enterprise understands. */
export function describeEvent(type: string, detail: Record<string, unknown>): string {
  const d = detail as Record<string, string | number | undefined>;
  const num = (key: string) => Number(d[key] ?? 0);
  switch (type) {
    case "posted":
      return `发布融资需求 ${formatMoney(num("amountFen"))}，期限 ${d.termMonths} 个月`;
    case "edited":
      return "修改了需求内容";
    case "withdrawn":
      return "撤回需求";
    case "expired":
      return "需求已到有效期，不再接受新的受理";
    case "application_declined":
      return `不予受理：${DECLINE_REASONS.includes(d.reason as DeclineReason) ? declineText(d.reason as DeclineReason, String(d.note ?? "")) : "其他原因"}`;
    case "claimed":
      return "受理了需求";
    case "granted":
      return `授信 ${formatMoney(num("amountFen"))}，年利率 ${formatRateBp(num("rateBp"))}，期限 ${d.termMonths} 个月`;
    case "rejected":
      return `未通过：${REJECT_REASONS[d.reasonCode as RejectReason] ?? "其他原因"}${d.note ? `（${d.note}）` : ""}`;
    case "cancelled":
      return `取消：${d.reason ?? "已取消"}`;
    case "disbursed":
      return `放款 ${formatMoney(num("amountFen"))}，放款日期 ${d.disbursedOn}${d.channel === "ecny" ? "，放款至数字人民币钱包" : ""}`;
    case "loan_status":
      return `贷款状态：${LOAN_STATUS_LABELS[d.status as keyof typeof LOAN_STATUS_LABELS] ?? d.status}（${d.month}）`;
    case "sla_flagged":
      return d.kind === "unclaimed"
        ? `超过${CLAIM_WITHIN_WORKING_DAYS}个工作日无机构受理，已提示相关机构`
        : `受理后超过${DECIDE_WITHIN_WORKING_DAYS}个工作日未作出授信决定，已提示受理机构`;
    case "interception_overridden": {
      const codes = Array.isArray(detail.knockOuts) ? (detail.knockOuts as (keyof typeof KNOCK_OUT_CODE_LABELS)[]) : [];
      const references = Array.isArray(detail.references) && detail.references.length > 0 ? `：${detail.references.join("、")}` : "";
      const reason = typeof detail.reason === "string" ? `。豁免理由：${detail.reason}` : "";
      return `机构管理员记录豁免：企业存在否决项（${codes.map((c) => KNOCK_OUT_CODE_LABELS[c] ?? c).join("、")}${references}），经审查同意继续办理${reason}`;
    }
    case "renewal_requested":
      return `申请无还本续贷 ${formatMoney(num("amountFen"))}，期限 ${d.termMonths} 个月（原贷款 #${d.loanId}，${d.maturesOn} 到期）`;
    case "renewal_withdrawn":
      return `撤回续贷申请（原贷款 #${d.loanId}）`;
    case "renewal_approved":
      return `银行同意续贷：新贷款 #${d.newLoanId} ${formatMoney(num("amountFen"))}，年利率 ${formatRateBp(num("rateBp"))}，期限 ${d.termMonths} 个月，${d.disbursedOn} 放款至${DISBURSEMENT_CHANNEL_LABELS[d.channel as DisbursementChannel] ?? "银行账户"}；原贷款 #${d.loanId} 同日结清`;
    case "renewal_declined":
      return `银行未同意续贷（原贷款 #${d.loanId}）：${d.reason}`;
    case "renewal_lapsed":
      return `续贷申请未在原贷款到期（${d.maturesOn}）前获得审批，已失效`;
    case "compensation_filed":
      return `贷款银行向风险补偿资金池申请代偿，损失 ${formatMoney(num("lossFen"))}`;
    case "compensation_approved":
      return `风险补偿资金池代偿 ${formatMoney(num("payoutFen"))}（损失 ${formatMoney(num("lossFen"))}）`;
    case "compensation_refused":
      return `代偿申请未通过：${d.reason ?? ""}`;
    case "recovery_reported":
      return `贷款银行报告回收 ${formatMoney(num("recoveredFen"))}，按比例返还资金池 ${formatMoney(num("returnedFen"))}`;
    case "handed_over":
      return `客户经理变更：原经办人${d.from}已离岗，本笔业务改由客户经理${d.to}继续办理`;
    case "pool_enrolled":
      return `贷款 ${formatMoney(num("amountFen"))} 纳入风险补偿资金池“${d.poolName}”`;
    default:
      return CLAIM_STATUS_LABELS[type as keyof typeof CLAIM_STATUS_LABELS] ?? type;
  }
}

/**
 * A need's events, oldest first. With `onlyInstitutionId` (a bank's view) it keeps the events of that
 * institution's own claims and loans (a renewal's events name the loan, not a claim) and the neutral
 * need-level events (posted, edited, withdrawn, expired, the unclaimed-need reminder): a bank never
 * sees another bank's claim, decision or loan, nor what the enterprise did with another bank's offer
 * — whoever acted.
 */
export function needTimeline(db: AppDatabase, needId: number, onlyInstitutionId?: number): TimelineEntry[] {
  const own = (table: typeof claims | typeof loans) =>
    new Set(
      db
        .select({ id: table.id })
        .from(table)
        .where(and(eq(table.needId, needId), eq(table.institutionId, onlyInstitutionId!)))
        .all()
        .map((row) => row.id),
    );
  const mine = onlyInstitutionId === undefined ? null : { claims: own(claims), loans: own(loans) };
  const visible = (event: typeof needEvents.$inferSelect) => {
    if (mine === null) return true;
    if (event.claimId !== null) return mine.claims.has(event.claimId);
    if (event.loanId !== null) return mine.loans.has(event.loanId);
    return event.actorInstitutionId === null || event.actorInstitutionId === onlyInstitutionId;
  };
  const events = db
    .select({ event: needEvents, institution: institutions.shortName })
    .from(needEvents)
    .leftJoin(institutions, eq(needEvents.actorInstitutionId, institutions.id))
    .where(eq(needEvents.needId, needId))
    .orderBy(asc(needEvents.at), asc(needEvents.id))
    .all()
    .filter(({ event }) => visible(event));
  const reasons = overrideReasons(
    db,
    events.map(({ event }) => event),
  );
  return events.map(({ event, institution }) => ({
    at: event.at,
    type: event.type,
    institution,
    claimId: event.claimId,
    text: describeEvent(event.type, withOverrideReason(event, reasons)),
  }));
}

/** Override events written before they carried the reason (decision 039) name the override: its reason is read from there. */
function overrideReasons(db: AppDatabase, events: readonly (typeof needEvents.$inferSelect)[]): Map<number, string> {
  const ids = events
    .filter((e) => e.type === "interception_overridden" && e.detail.reason === undefined && typeof e.detail.overrideId === "number")
    .map((e) => e.detail.overrideId as number);
  if (ids.length === 0) return new Map();
  return new Map(
    db
      .select({ id: interceptionOverrides.id, reason: interceptionOverrides.reason })
      .from(interceptionOverrides)
      .where(inArray(interceptionOverrides.id, ids))
      .all()
      .map((o) => [o.id, o.reason]),
  );
}

function withOverrideReason(event: typeof needEvents.$inferSelect, reasons: Map<number, string>): Record<string, unknown> {
  const reason = event.type === "interception_overridden" ? reasons.get(event.detail.overrideId as number) : undefined;
  return reason === undefined ? event.detail : { ...event.detail, reason };
}
