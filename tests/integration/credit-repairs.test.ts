/**
 * 信用修复 applications and 信用承诺: eligibility on both sides of the publication limits, evidence
 * checked by content, the bureau's three answers, the score and knock-out after a repair, the service
 * level, who may read the evidence, and 违诺 recorded, scored and revoked through 异议.
 */
import { existsSync, readFileSync } from "node:fs";
import { and, count, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/auth/session.server";
import { currentCommitment } from "~/domain/commitments";
import { formatDateTime } from "~/lib/time";
import { claimNeed } from "~/services/claims.server";
import { commitmentFor, recordBreach } from "~/services/commitments.server";
import {
  applyForRepair,
  decideRepair,
  evidenceFileFor,
  listRepairsForBureau,
  repairableRecords,
  repairDetail,
  resubmitRepair,
  withdrawRepair,
  type EvidenceUpload,
} from "~/services/credit-repairs.server";
import { enterpriseCreditData } from "~/services/credit-profile.server";
import { postNeed } from "~/services/needs.server";
import { fileObjection, resolveObjection } from "~/services/objections.server";
import { currentScore } from "~/services/scoring.server";
import { seedDemoCity } from "~db/seed";
import { creditEvents, creditQueryLog, notifications } from "~db/schema";
import { enterpriseUser, ingest, sessionOf } from "../support/credit";
import { createTestDatabase } from "../support/db";
import { at, createFacts } from "../support/facts";

const { db } = createTestDatabase();
const T0 = at("2026-11-16 10:00"); // a Monday
const DAY = 86_400_000;

let a: SessionUser & { uscc: string };
let b: SessionUser & { uscc: string };
let bureau: SessionUser;
let officer: SessionUser;
let otherBankOfficer: SessionUser;

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const upload = (filename: string, bytes: Uint8Array): EvidenceUpload => ({ filename, size: bytes.length, bytes });
const statement = "已于2026年4月完成危险废物贮存场所整改，建立台账并通过生态环境部门复查，罚款已全额缴纳。";
const repairCommitment = currentCommitment("repair").version;

const event = (uscc: string, kind: string, reference: string, occurredOn: string, severity = "") => ({
  uscc,
  kind,
  severity,
  occurredOn,
  reference,
  authority: "苏州市姑苏生态环境局",
  description: "未按规定贮存危险废物",
});

function recordId(user: { enterpriseId: number | null }, reference: string): number {
  return db
    .select({ id: creditEvents.id })
    .from(creditEvents)
    .where(and(eq(creditEvents.enterpriseId, user.enterpriseId!), eq(creditEvents.reference, reference)))
    .get()!.id;
}

function apply(user: SessionUser, reference: string, now = T0, files = [upload("整改报告.pdf", PDF)]) {
  return applyForRepair(db, user, { eventId: recordId(user, reference), statement, commitment: repairCommitment }, files, now);
}

const notificationsOf = (enterpriseId: number, kind: string) =>
  db
    .select()
    .from(notifications)
    .where(and(eq(notifications.enterpriseId, enterpriseId), like(notifications.kind, kind)))
    .all();

beforeAll(async () => {
  await seedDemoCity(db, { seed: 21, enterprises: 8, months: 2, asOf: "2026-11-01" });
  const f = createFacts(db);
  a = enterpriseUser(db, f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2026-01-05 10:00" }));
  b = enterpriseUser(db, f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2026-01-05 10:00" }));
  bureau = sessionOf(db, "bureau");
  officer = sessionOf(db, "szbank_officer");
  otherBankOfficer = sessionOf(db, "icbc_officer");
  ingest(
    db,
    "event",
    [
      // 一般: repairable from 2026-11-16 (3 months); 较重: from 2026-11-17 (1 year); the listing: from 2026-11-10.
      event(a.uscc, "penalty", "姑环罚〔2026〕88号", "2026-08-16", "一般"),
      event(a.uscc, "penalty", "姑环罚〔2025〕301号", "2025-11-17", "较重"),
      event(a.uscc, "dishonest_entry", "苏失信〔2025〕12号", "2025-11-10"),
      event(b.uscc, "penalty", "姑市监罚〔2026〕7号", "2026-08-01", "一般"),
    ],
    T0 - 30 * DAY,
  );
});

describe("eligibility: the minimum publication period", () => {
  it("lets a 一般 penalty be repaired after 3 months and tells the firm the earliest date the day before", () => {
    const records = (now: number) => repairableRecords(db, a.enterpriseId!, now);
    const general = (now: number) => records(now).find((r) => r.reference === "姑环罚〔2026〕88号")!;
    expect(general(T0 - DAY)).toMatchObject({
      earliestOn: "2026-11-16",
      refusal: "该记录公示满 3 个月后方可申请信用修复，最早可于 2026-11-16 申请",
    });
    expect(general(T0).refusal).toBeNull();
  });

  it("holds a 较重 penalty for a full year: refused on 2026-11-16, open on 2026-11-17", () => {
    const serious = (now: number) => repairableRecords(db, a.enterpriseId!, now).find((r) => r.reference === "姑环罚〔2025〕301号")!;
    expect(serious(T0).refusal).toBe("该记录公示满 1 年后方可申请信用修复，最早可于 2026-11-17 申请");
    expect(serious(T0 + DAY).refusal).toBeNull();
  });

  it("refuses at the record, with the date, when the firm applies too early — and stores nothing", () => {
    const before = listRepairsForBureau(db, "all", 1, T0).page.total;
    expect(apply(a, "姑环罚〔2025〕301号")).toEqual({
      ok: false,
      status: 409,
      fieldErrors: { eventId: "该记录公示满 1 年后方可申请信用修复，最早可于 2026-11-17 申请" },
    });
    expect(listRepairsForBureau(db, "all", 1, T0).page.total).toBe(before);
  });

  it("never offers another firm's record", () => {
    expect(repairableRecords(db, b.enterpriseId!, T0, recordId(a, "姑环罚〔2026〕88号"))).toEqual([]);
    expect(apply(b, "姑市监罚〔2026〕7号", T0)).toMatchObject({ ok: true });
    const foreign = applyForRepair(
      db,
      b,
      { eventId: recordId(a, "姑环罚〔2026〕88号"), statement, commitment: repairCommitment },
      [upload("a.pdf", PDF)],
      T0,
    );
    expect(foreign).toMatchObject({ ok: false, status: 404 });
  });
});

describe("evidence, checked by content", () => {
  it("refuses a text file named .pdf, an oversized file, too many files and none at all, naming the file", () => {
    expect(apply(a, "姑环罚〔2026〕88号", T0, [upload("整改报告.pdf", new TextEncoder().encode("not a pdf"))])).toEqual({
      ok: false,
      fieldErrors: { evidence: "“整改报告.pdf”不是 PDF、JPG 或 PNG 文件（按文件内容判断，与扩展名无关）" },
    });
    expect(apply(a, "姑环罚〔2026〕88号", T0, [{ filename: "扫描件.png", size: 6 * 1024 * 1024, bytes: new Uint8Array() }])).toEqual({
      ok: false,
      fieldErrors: { evidence: "“扫描件.png”超过 5 MB，请压缩后重新上传" },
    });
    expect(
      apply(
        a,
        "姑环罚〔2026〕88号",
        T0,
        Array.from({ length: 6 }, (_, i) => upload(`${i}.pdf`, PDF)),
      ),
    ).toEqual({
      ok: false,
      fieldErrors: { evidence: "每次最多上传 5 个文件" },
    });
    expect(apply(a, "姑环罚〔2026〕88号", T0, [])).toEqual({
      ok: false,
      fieldErrors: { evidence: "请上传至少一份证明材料（PDF、JPG 或 PNG）" },
    });
  });

  it("keeps a PNG sent under a .pdf name as the PNG it is, stored next to the database", () => {
    const outcome = apply(a, "姑环罚〔2026〕88号", T0, [upload("现场照片.pdf", PNG), upload("缴款凭证.pdf", PDF)]);
    expect(outcome).toMatchObject({ ok: true });
    if (!outcome.ok) return;
    const detail = repairDetail(db, outcome.repairId, { enterpriseId: a.enterpriseId! }, T0)!;
    expect(detail.files.map((f) => [f.filename, f.mediaType, f.bytes])).toEqual([
      ["现场照片.pdf", "image/png", PNG.length],
      ["缴款凭证.pdf", "application/pdf", PDF.length],
    ]);
    const file = evidenceFileFor(db, detail.files[0]!.id, a, T0)!;
    expect(file.path.endsWith(".png")).toBe(true);
    expect(new Uint8Array(readFileSync(file.path))).toEqual(PNG);
    // The 承诺书 the firm ticked: which version, who, when.
    expect(detail.commitment).toMatchObject({
      kind: "repair",
      version: repairCommitment,
      signedAt: T0,
      signerName: a.displayName,
      breach: null,
    });
    expect(detail.repair).toMatchObject({ status: "submitted", statement });
    expect(formatDateTime(detail.repair.dueAt)).toBe("2026-11-23 10:00"); // 5 working days
    // One open application per record.
    expect(repairableRecords(db, a.enterpriseId!, T0, detail.repair.eventId)[0]!.refusal).toBe("该记录已有修复申请正在办理");
  });
});

describe("the bureau's review", () => {
  const openRepairOf = (user: { uscc: string }) => listRepairsForBureau(db, "waiting", 1, T0).rows.find((r) => r.uscc === user.uscc)!.id;

  it("asks for more material, the firm adds it and resubmits with a new 5-working-day deadline, all on the timeline", () => {
    const id = openRepairOf(a);
    expect(decideRepair(db, bureau, id, { decision: "ask_more", note: "请补充罚款缴纳凭证原件扫描件" }, T0 + 3600_000)).toMatchObject({
      ok: true,
    });
    expect(repairDetail(db, id, "bureau", T0)!.repair.status).toBe("more_requested");
    expect(notificationsOf(a.enterpriseId!, "repair.%").at(-1)).toMatchObject({
      title: "信用修复申请需补充材料",
      link: `/sme/repairs/${id}`,
    });
    // The bureau cannot decide while the firm holds it; the firm cannot resubmit somebody else's.
    expect(decideRepair(db, bureau, id, { decision: "accept", note: "" }, T0 + 7200_000)).toMatchObject({ ok: false, status: 409 });
    expect(resubmitRepair(db, b, id, { statement, note: "" }, [], T0 + DAY)).toMatchObject({ ok: false, status: 404 });
    const resubmitted = resubmitRepair(
      db,
      a,
      id,
      { statement, note: "已补充缴款凭证" },
      [upload("缴款凭证原件.jpg", new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]))],
      T0 + DAY,
    );
    expect(resubmitted).toMatchObject({ ok: true });
    const detail = repairDetail(db, id, { enterpriseId: a.enterpriseId! }, T0 + DAY)!;
    expect(detail.repair.status).toBe("submitted");
    expect(formatDateTime(detail.repair.dueAt)).toBe("2026-11-24 10:00");
    expect(detail.files.map((f) => f.mediaType)).toEqual(["image/png", "application/pdf", "image/jpeg"]);
    expect(detail.steps.map((s) => [s.label, s.note])).toEqual([
      ["提交申请", null],
      ["要求补充材料", "请补充罚款缴纳凭证原件扫描件"],
      ["补充材料并重新提交", "已补充缴款凭证"],
    ]);
  });

  it("flags a decision past its 5 working days like the marketplace's service levels", () => {
    const id = openRepairOf(a);
    const late = at("2026-11-24 10:01");
    expect(listRepairsForBureau(db, "waiting", 1, at("2026-11-24 10:00")).rows.find((r) => r.id === id)!.overdue).toBe(false);
    expect(listRepairsForBureau(db, "waiting", 1, late).rows.find((r) => r.id === id)!.overdue).toBe(true);
  });

  it("accepts: a credit_repair through the ingest path, the penalty lifted, the score up at once and the firm told", () => {
    const id = openRepairOf(a);
    const before = currentScore(db, a.enterpriseId!)!;
    const outcome = decideRepair(db, bureau, id, { decision: "accept", note: "整改到位" }, T0 + 2 * DAY);
    expect(outcome).toMatchObject({ ok: true });
    if (!outcome.ok) return;
    const repair = db
      .select()
      .from(creditEvents)
      .where(and(eq(creditEvents.enterpriseId, a.enterpriseId!), eq(creditEvents.kind, "credit_repair")))
      .get()!;
    expect(repair).toMatchObject({ repairsReference: "姑环罚〔2026〕88号", batchId: outcome.repairBatchId });
    const after = currentScore(db, a.enterpriseId!)!;
    // The 一般 penalty weighed 1 (−10 points); the 较重 one, 3 — still there, in the 1.5–3.5 bin (−25) either way,
    // so the firm's penaltyLoad falls from 4 (−45) to 3 (−25): +20.
    expect(after.score - before.score).toBe(20);
    expect(outcome.score).toEqual({ before: before.score, after: after.score });
    expect(notificationsOf(a.enterpriseId!, "repair.accepted")[0]!.body).toContain(`${before.score} 分 → ${after.score} 分`);
    expect(repairableRecords(db, a.enterpriseId!, T0 + 2 * DAY).find((r) => r.reference === "姑环罚〔2026〕88号")).toMatchObject({
      repaired: true,
      refusal: "该记录已完成信用修复",
    });
    expect(decideRepair(db, bureau, id, { decision: "refuse", note: "重复处理" }, T0 + 3 * DAY)).toMatchObject({ ok: false, status: 409 });
  });

  it("lifts the knock-out when the listing itself is repaired", () => {
    expect(currentScore(db, a.enterpriseId!)!.knockedOut).toBe(true);
    const applied = apply(a, "苏失信〔2025〕12号", T0 + 2 * DAY);
    expect(applied).toMatchObject({ ok: true });
    if (!applied.ok) return;
    expect(decideRepair(db, bureau, applied.repairId, { decision: "accept", note: "" }, T0 + 3 * DAY)).toMatchObject({ ok: true });
    expect(currentScore(db, a.enterpriseId!)!.knockedOut).toBe(false);
  });

  it("refuses with a reason the firm reads; the firm may apply again, or withdraw", () => {
    const id = openRepairOf(b);
    expect(decideRepair(db, bureau, id, { decision: "refuse", note: "整改说明与处罚事项不符" }, T0 + DAY)).toMatchObject({ ok: true });
    expect(notificationsOf(b.enterpriseId!, "repair.refused")[0]!.body).toContain("理由：整改说明与处罚事项不符");
    expect(repairDetail(db, id, { enterpriseId: b.enterpriseId! }, T0 + DAY)!.repair).toMatchObject({
      status: "refused",
      bureauNote: "整改说明与处罚事项不符",
    });
    const again = apply(b, "姑市监罚〔2026〕7号", T0 + DAY);
    expect(again).toMatchObject({ ok: true });
    if (!again.ok) return;
    expect(withdrawRepair(db, a, again.repairId, T0 + DAY)).toMatchObject({ ok: false, status: 404 });
    expect(withdrawRepair(db, b, again.repairId, T0 + DAY)).toMatchObject({ ok: true });
    expect(withdrawRepair(db, b, again.repairId, T0 + DAY)).toMatchObject({ ok: false, status: 409 });
  });

  it("shows an application to its firm and the bureau only", () => {
    const id = listRepairsForBureau(db, "all", 1, T0).rows.find((r) => r.uscc === a.uscc)!.id;
    expect(repairDetail(db, id, { enterpriseId: b.enterpriseId! }, T0)).toBeNull();
    expect(repairDetail(db, id, "bureau", T0)).not.toBeNull();
  });
});

describe("who reads the evidence", () => {
  it("the firm and the bureau; a bank only under a live authorization, and that read is logged", () => {
    const bRepair = listRepairsForBureau(db, "all", 1, T0).rows.find((r) => r.uscc === b.uscc)!.id;
    const fileId = repairDetail(db, bRepair, "bureau", T0)!.files[0]!.id;
    expect(evidenceFileFor(db, fileId, b, T0)).not.toBeNull();
    expect(evidenceFileFor(db, fileId, bureau, T0)).not.toBeNull();
    expect(evidenceFileFor(db, fileId, a, T0)).toBeNull();
    expect(evidenceFileFor(db, fileId, officer, T0 + DAY)).toBeNull();
    // b posts a need open to all banks: its authorization lets a bank read, logged.
    const posted = postNeed(
      db,
      b,
      {
        amountFen: 100_000_000,
        termMonths: 12,
        purpose: "流动资金周转：采购原材料",
        guaranteeMode: null,
        rateCeilingBp: null,
        expiresOn: "2099-12-31",
        targetProductId: null,
        commitmentVersion: currentCommitment("need").version,
      },
      T0 + DAY,
    );
    expect(posted).toMatchObject({ ok: true });
    const logged = () => db.select({ n: count() }).from(creditQueryLog).where(eq(creditQueryLog.enterpriseId, b.enterpriseId!)).get()!.n;
    const before = logged();
    const file = evidenceFileFor(db, fileId, officer, T0 + DAY + 1000)!;
    expect(existsSync(file.path)).toBe(true);
    expect(logged()).toBe(before + 1);
  });
});

describe("信用承诺 and 违诺", () => {
  let needId: number;

  it("keeps the commitment ticked with a need: version, who and when", () => {
    const posted = postNeed(
      db,
      b,
      {
        amountFen: 50_000_000,
        termMonths: 6,
        purpose: "流动资金周转：支付货款",
        guaranteeMode: null,
        rateCeilingBp: null,
        expiresOn: "2099-12-31",
        targetProductId: null,
        commitmentVersion: currentCommitment("need").version,
      },
      T0 + 2 * DAY,
    );
    if (!posted.ok) throw new Error(posted.message);
    needId = posted.needId;
    expect(commitmentFor(db, "need", needId)).toMatchObject({ version: "need-2026.1", signedAt: T0 + 2 * DAY, signerName: b.displayName });
  });

  it("lets the bank that claimed the need record a breach — once — and nobody else; the score falls 30 at once", () => {
    const commitmentId = commitmentFor(db, "need", needId)!.id;
    const input = { commitmentId, reason: "提交的购销合同经核实系伪造，合同相对方否认签订" };
    expect(recordBreach(db, officer, input, T0 + 2 * DAY)).toMatchObject({ ok: false, status: 404 }); // not claimed yet
    expect(claimNeed(db, officer, needId, T0 + 2 * DAY)).toMatchObject({ ok: true });
    expect(recordBreach(db, otherBankOfficer, input, T0 + 2 * DAY)).toMatchObject({ ok: false, status: 404 });
    const before = currentScore(db, b.enterpriseId!)!.score;
    expect(recordBreach(db, officer, input, T0 + 2 * DAY + 1000)).toMatchObject({ ok: true });
    expect(recordBreach(db, bureau, input, T0 + 2 * DAY + 2000)).toMatchObject({ ok: false, status: 409 });
    expect(currentScore(db, b.enterpriseId!)!.score).toBe(before - 30);
    expect(commitmentFor(db, "need", needId)!.breach).toMatchObject({ reason: input.reason, recordedBy: "苏州银行" });
    expect(notificationsOf(b.enterpriseId!, "credit.breach")[0]!.body).toContain("提出异议");
  });

  it("is disputed through 异议: upheld, the breach is revoked (kept as history) and the points come back", () => {
    const breach = enterpriseCreditData(db, b.enterpriseId!, "2026-10", "2026-10").events.find((e) => e.kind === "commitment_breach")!;
    const scored = currentScore(db, b.enterpriseId!)!.score;
    const filed = fileObjection(
      db,
      b,
      { itemType: "event", itemId: breach.id, reason: "合同真实有效，已提交对方盖章确认函" },
      T0 + 3 * DAY,
    );
    if (!filed.ok) throw new Error(filed.message);
    const resolved = resolveObjection(
      db,
      bureau,
      filed.objectionId,
      { decision: "upheld", resolution: "经核实合同真实" },
      {},
      T0 + 4 * DAY,
    );
    expect(resolved).toMatchObject({ ok: true });
    const events = enterpriseCreditData(db, b.enterpriseId!, "2026-10", "2026-10").events.map((e) => e.kind);
    expect(events).toEqual(expect.arrayContaining(["commitment_breach", "breach_revoked"]));
    expect(currentScore(db, b.enterpriseId!)!.score).toBe(scored + 30);
  });
});
