/**
 * Seed step: 信用承诺 and 信用修复. Every seeded need carries the 信用承诺 its firm ticked when posting
 * it; a few banks found a firm's material false and recorded a 违诺. Firms with penalties or a
 * dishonesty listing applied for repair over the last weeks, written through the services at the
 * times they happened, so the bureau's queue holds applications in every state (one past its 5
 * working days). The README's demo enterprises keep their stories: none of them applies.
 */
import { and, inArray, isNotNull } from "drizzle-orm";
import { currentCommitment } from "~/domain/commitments";
import { DAY_MS } from "~/lib/time";
import { actingUser } from "~/services/accounts.server";
import { recordBreach } from "~/services/commitments.server";
import { applyForRepair, decideRepair, repairableRecords, resubmitRepair, withdrawRepair } from "~/services/credit-repairs.server";
import { claims, creditEvents, enterprises } from "~db/schema";
import { enterpriseSession, must } from "./acting";
import type { SeedContext, SeedStep } from "./context";

/** The README's demo enterprises, whose credit stories other pages show. */
const README_FIRMS = ["9132050852601815XM", "91320571908301663W", "91320583131860916J"];
const HOUR = 3600_000;

/** A one-page PDF, as a scanner would give: enough for a browser to open. */
function evidencePdf(title: string): Uint8Array {
  const text = title.replace(/[()\\]/g, "");
  const body = `BT /F1 14 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${body.length} >>\nstream\n${body}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}

const evidence = (name: string, title: string) => {
  const bytes = evidencePdf(title);
  return [{ filename: name, size: bytes.length, bytes }];
};

const STATEMENTS = [
  "已全额缴纳罚款，按主管部门要求完成整改：更换不合格设备、建立日常巡查台账并指定专人负责，整改情况已经主管部门现场复查确认。",
  "收到处罚决定后立即停止违法行为，补办相关手续，组织全体员工开展合规培训，并建立季度自查制度，近六个月未再发生同类问题。",
  "已履行行政处罚决定书确定的全部义务，对相关责任人进行了内部处理，修订了管理制度，整改报告已报送主管部门备案。",
];
const BREACH_REASONS = [
  "企业提交的购销合同经向合同相对方核实系伪造，对方否认签订该合同",
  "企业提交的近一年财务报表营业收入与纳税申报数据严重不符，经核实报表系虚构",
  "企业申报的用途为采购原材料，经贷前实地核查企业已停产半年，所提交的订单材料不实",
];

/** Every seeded need was posted with the commitment of the day, signed by its firm's user. */
function signNeedCommitments(ctx: SeedContext): number {
  return ctx.db.$client
    .prepare(
      `INSERT INTO commitments (enterprise_id, kind, version, signed_by_user_id, signed_at, subject_id)
       SELECT n.enterprise_id, 'need', ?, (SELECT min(u.id) FROM users u WHERE u.enterprise_id = n.enterprise_id), n.posted_at, n.id
       FROM needs n WHERE NOT EXISTS (SELECT 1 FROM commitments c WHERE c.kind = 'need' AND c.subject_id = n.id)`,
    )
    .run(currentCommitment("need").version).changes;
}

/** A few banks found material false after claiming a need: recorded by the claiming officer a few days on. */
function recordBreaches(ctx: SeedContext): number {
  const candidates = ctx.db
    .select({ needId: claims.needId, officer: claims.officerUserId, claimedAt: claims.claimedAt, status: claims.status })
    .from(claims)
    .where(and(inArray(claims.status, ["rejected", "cancelled"]), isNotNull(claims.decidedAt)))
    .orderBy(claims.id)
    .all()
    .filter((c) => c.claimedAt < ctx.now - 30 * DAY_MS);
  let recorded = 0;
  // Several banks may have claimed the same need: its commitment is breached once.
  const breachedNeeds = new Set<number>();
  for (const c of candidates) {
    if (recorded === BREACH_REASONS.length) break;
    if (breachedNeeds.has(c.needId)) continue;
    if (!ctx.rng.chance(0.5)) continue;
    const commitmentId = (
      ctx.db.$client.prepare("SELECT id FROM commitments WHERE kind = 'need' AND subject_id = ?").get(c.needId) as
        { id: number } | undefined
    )?.id;
    if (commitmentId === undefined) continue;
    const officer = actingUser(ctx.db, { id: c.officer })!;
    must(
      recordBreach(ctx.db, officer, { commitmentId, reason: BREACH_REASONS[recorded]! }, c.claimedAt + ctx.rng.int(2, 6) * DAY_MS),
      "记录违诺",
    );
    breachedNeeds.add(c.needId);
    recorded += 1;
  }
  return recorded;
}

type Plan = "accepted" | "refused" | "more_requested" | "submitted" | "overdue" | "withdrawn" | "resubmitted";
/** The states the bureau's queue shows, in the order records are given them. */
const PLANS: Plan[] = [
  "accepted",
  "submitted",
  "overdue",
  "more_requested",
  "refused",
  "accepted",
  "submitted",
  "withdrawn",
  "resubmitted",
  "accepted",
];

function applications(ctx: SeedContext): Record<Plan, number> {
  const bureau = actingUser(ctx.db, { username: "bureau" })!;
  const counts = Object.fromEntries(PLANS.map((p) => [p, 0])) as Record<Plan, number>;
  const owners = ctx.db
    .selectDistinct({ enterpriseId: creditEvents.enterpriseId })
    .from(creditEvents)
    .where(and(inArray(creditEvents.kind, ["penalty", "dishonest_entry"]), isNotNull(creditEvents.enterpriseId)))
    .orderBy(creditEvents.enterpriseId)
    .all()
    .map((r) => r.enterpriseId!);
  const readmeFirms = new Set(
    ctx.db
      .select({ id: enterprises.id })
      .from(enterprises)
      .where(inArray(enterprises.uscc, README_FIRMS))
      .all()
      .map((e) => e.id),
  );
  let next = 0;
  for (const enterpriseId of owners) {
    if (next === PLANS.length) break;
    if (readmeFirms.has(enterpriseId)) continue;
    const plan = PLANS[next]!;
    // Filed 2–25 days ago (the overdue one 12), on a record the firm could repair then.
    const filedAt = ctx.now - (plan === "overdue" ? 12 : ctx.rng.int(2, 25)) * DAY_MS + ctx.rng.int(9, 16) * HOUR;
    const record = repairableRecords(ctx.db, enterpriseId, filedAt).find((r) => r.refusal === null);
    if (!record) continue;
    next += 1;
    const firm = enterpriseSession(ctx, enterpriseId);
    const { repairId } = must(
      applyForRepair(
        ctx.db,
        firm,
        { eventId: record.eventId, statement: ctx.rng.pick(STATEMENTS), commitment: currentCommitment("repair").version },
        evidence("整改完成报告.pdf", `Rectification report ${record.reference.length}`),
        filedAt,
      ),
      "申请信用修复",
    );
    const later = (days: number) => Math.min(ctx.now - HOUR, filedAt + days * DAY_MS);
    if (plan === "accepted")
      must(decideRepair(ctx.db, bureau, repairId, { decision: "accept", note: "整改到位，材料齐全" }, later(2)), "同意修复");
    if (plan === "refused")
      must(
        decideRepair(ctx.db, bureau, repairId, { decision: "refuse", note: "罚款缴纳凭证与处罚决定书金额不一致，整改未完成" }, later(3)),
        "不予修复",
      );
    if (plan === "more_requested" || plan === "resubmitted")
      must(
        decideRepair(ctx.db, bureau, repairId, { decision: "ask_more", note: "请补充主管部门出具的整改复查意见" }, later(1)),
        "要求补充",
      );
    if (plan === "resubmitted")
      must(
        resubmitRepair(
          ctx.db,
          firm,
          repairId,
          { statement: ctx.rng.pick(STATEMENTS), note: "已补充复查意见" },
          evidence("复查意见.pdf", "Review opinion"),
          later(2),
        ),
        "补充材料",
      );
    if (plan === "withdrawn") must(withdrawRepair(ctx.db, firm, repairId, later(1)), "撤回");
    counts[plan] += 1;
  }
  return counts;
}

export const repairsStep: SeedStep = {
  label: "信用承诺与信用修复",
  run(ctx, report) {
    const signed = signNeedCommitments(ctx);
    const breaches = recordBreaches(ctx);
    const c = applications(ctx);
    report(
      `需求信用承诺 ${signed} 份，违诺 ${breaches} 条；修复申请：已修复 ${c.accepted}，待审核 ${c.submitted + c.overdue + c.resubmitted}（其中超期 ${c.overdue}），待补充 ${c.more_requested}，未予修复 ${c.refused}，已撤回 ${c.withdrawn}`,
    );
  },
};
