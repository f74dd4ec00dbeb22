/** Objections: filing on one's own data, the deadline, and the bureau's answer written through the ingest path. */
import { and, count, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/auth/session.server";
import { parseForm } from "~/lib/forms";
import { formatDateTime } from "~/lib/time";
import { objectionSchema } from "~/lib/validation/objections";
import { enterpriseCreditData } from "~/services/credit-profile.server";
import {
  fileObjection,
  listEnterpriseObjections,
  listObjectionsForBureau,
  objectionDetail,
  resolveObjection,
} from "~/services/objections.server";
import { seedDemoCity } from "~db/seed";
import { auditLog, creditBatches, creditMonthly, notifications, objections } from "~db/schema";
import { enterpriseUser, ingest, sessionOf } from "../support/credit";
import { createTestDatabase } from "../support/db";
import { at, createFacts } from "../support/facts";

const { db } = createTestDatabase();
const T0 = at("2026-11-16 10:00"); // a Monday

let a: SessionUser & { uscc: string };
let b: SessionUser & { uscc: string };
let bureau: SessionUser;
let aPower: number;
let bPower: number;
let aGrade: number;
let aPenalty: number;

const reason = "十月电表读数有误：表计更换后起码录错，实际用电约两千千瓦时";
const correctPower = { quantity: "2000", billedFen: "1,600.00", paidFen: "1600", paidOnTime: "是", arrearsFen: "" };
const electricityRows = (enterpriseId: number) =>
  db
    .select()
    .from(creditMonthly)
    .where(and(eq(creditMonthly.enterpriseId, enterpriseId), eq(creditMonthly.source, "electricity"), eq(creditMonthly.month, "2026-10")))
    .orderBy(creditMonthly.id)
    .all();
/** What the enterprise was told about its objections (the set-up's penalty also brings it a 失信提醒). */
const notificationsOf = (enterpriseId: number) =>
  db
    .select()
    .from(notifications)
    .where(and(eq(notifications.enterpriseId, enterpriseId), like(notifications.kind, "objection.%")))
    .all();
const batchCount = () => db.select({ n: count() }).from(creditBatches).get()!.n;

function file(user: SessionUser, itemType: "monthly" | "tax_grade" | "event", itemId: number, now = T0) {
  const outcome = fileObjection(db, user, { itemType, itemId, reason }, now);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.objectionId;
}

beforeAll(async () => {
  await seedDemoCity(db, { seed: 13, enterprises: 12, months: 2, asOf: "2026-11-01" });
  const f = createFacts(db);
  a = enterpriseUser(db, f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2026-01-05 10:00" }));
  b = enterpriseUser(db, f.enterprise({ district: "320583", industry: "C", size: "small", registered: "2026-01-05 10:00" }));
  bureau = sessionOf(db, "bureau");
  const power = (uscc: string) => ({
    uscc,
    source: "electricity",
    month: "2026-10",
    quantity: 20_000,
    billedFen: "16,000.00",
    paidFen: "16,000.00",
    paidOnTime: "是",
  });
  ingest(db, "monthly", [power(a.uscc), power(b.uscc)], T0 - 86_400_000);
  ingest(db, "tax_grade", [{ uscc: a.uscc, year: 2025, grade: "B" }], T0 - 86_400_000);
  ingest(
    db,
    "event",
    [
      {
        uscc: a.uscc,
        kind: "penalty",
        severity: "一般",
        occurredOn: "2026-03-02",
        reference: "姑环罚〔2026〕15号",
        authority: "苏州市姑苏生态环境局",
        description: "未按规定贮存危险废物",
      },
    ],
    T0 - 86_400_000,
  );
  aPower = electricityRows(a.enterpriseId!)[0]!.id;
  bPower = electricityRows(b.enterpriseId!)[0]!.id;
  const data = enterpriseCreditData(db, a.enterpriseId!, "2026-10", "2026-10");
  aGrade = data.taxGrades[0]!.id;
  aPenalty = data.events[0]!.id;
});

describe("filing", () => {
  let objectionId: number;

  it("files on the enterprise's own item, due 10 working days later, and marks the item", () => {
    const outcome = fileObjection(db, a, { itemType: "monthly", itemId: aPower, reason }, T0);
    expect(outcome).toMatchObject({ ok: true });
    if (!outcome.ok) return;
    objectionId = outcome.objectionId;
    expect(formatDateTime(outcome.dueAt)).toBe("2026-11-30 10:00");
    expect(enterpriseCreditData(db, a.enterpriseId!, "2026-10", "2026-10").monthly.electricity[0]!.openObjectionId).toBe(objectionId);
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "objection.file"), eq(auditLog.targetId, String(objectionId))))
        .all(),
    ).toHaveLength(1);
  });

  it("refuses another enterprise's item as if it did not exist, and a second open objection on one item", () => {
    expect(fileObjection(db, a, { itemType: "monthly", itemId: bPower, reason }, T0)).toMatchObject({ ok: false, status: 404 });
    expect(fileObjection(db, b, { itemType: "tax_grade", itemId: aGrade, reason }, T0)).toMatchObject({ ok: false, status: 404 });
    expect(fileObjection(db, a, { itemType: "monthly", itemId: aPower, reason }, T0)).toMatchObject({
      ok: false,
      status: 409,
      message: "该数据已有异议正在处理中，请等待处理结果",
    });
    expect(db.select({ n: count() }).from(objections).get()!.n).toBe(1);
  });

  it("asks for a reason of 10 to 500 characters", () => {
    const form = (text: string) => parseForm(objectionSchema, { itemType: "monthly", itemId: String(aPower), reason: text });
    expect(form("数据不对")).toMatchObject({ ok: false, fieldErrors: { reason: "异议理由至少10个字" } });
    expect(form("错".repeat(501))).toMatchObject({ ok: false, fieldErrors: { reason: "异议理由不能超过500个字" } });
    expect(form(reason)).toMatchObject({ ok: true, data: { itemType: "monthly", itemId: aPower } });
  });

  it("shows the enterprise only its own objections, and the bureau the overdue ones flagged", () => {
    expect(objectionDetail(db, objectionId, { enterpriseId: b.enterpriseId! }, T0)).toBeNull();
    expect(listEnterpriseObjections(db, b.enterpriseId!, 1, T0).rows).toEqual([]);
    expect(listEnterpriseObjections(db, a.enterpriseId!, 1, T0).rows[0]).toMatchObject({
      id: objectionId,
      itemTitle: "用电 · 2026年10月",
      status: "open",
      overdue: false,
    });
    expect(listObjectionsForBureau(db, "open", 1, at("2026-11-30 10:01")).rows[0]).toMatchObject({
      id: objectionId,
      overdue: true,
      enterpriseName: expect.any(String),
    });
  });
});

describe("the bureau's answer", () => {
  let upheldId: number;

  it("refuses to correct a value another batch is still applying (409), and writes nothing", () => {
    const id = db.select().from(objections).where(eq(objections.itemId, aPower)).get()!.id;
    const sqlite = db.$client;
    const columns = (
      sqlite.prepare("SELECT name FROM pragma_table_info('credit_monthly') WHERE name NOT IN ('id', 'batch_id')").all() as {
        name: string;
      }[]
    ).map((c) => c.name);
    const state = () => [sqlite.prepare("SELECT count(*) AS n FROM credit_batches").get(), electricityRows(a.enterpriseId!)];
    // A large import between its chunks: it wrote a new value for the disputed month and marked the old
    // one superseded, neither visible to readers until its last chunk commits.
    const applying = sqlite
      .prepare(
        `INSERT INTO credit_batches (origin, kind, source, content_hash, status, rows_total, rows_accepted, rows_rejected, created_at, applying_pid, applying_at)
         VALUES ('push', 'monthly', 'electricity', 'h', 'applying', 1, 1, 0, ?, ?, ?)`,
      )
      .run(Date.now(), process.pid, Date.now()).lastInsertRowid as number;
    sqlite
      .prepare("UPDATE credit_monthly SET superseded_at = ?, superseded_by_batch_id = ? WHERE id = ?")
      .run(Date.now(), applying, aPower);
    sqlite
      .prepare(
        `INSERT INTO credit_monthly (batch_id, ${columns.join(", ")}) SELECT ?, ${columns.join(", ")} FROM credit_monthly WHERE id = ?`,
      )
      .run(applying, aPower);
    sqlite.prepare("UPDATE credit_monthly SET superseded_at = NULL, superseded_by_batch_id = NULL WHERE batch_id = ?").run(applying);
    const before = state();
    try {
      const outcome = resolveObjection(
        db,
        bureau,
        id,
        { decision: "upheld", resolution: "经核实数据有误，予以更正" },
        correctPower,
        at("2026-11-20 14:00"),
      );
      expect(outcome).toEqual({ ok: false, status: 409, message: "该数据正由另一批次导入中，请在导入完成后再试", code: "batch_applying" });
      expect(state()).toEqual(before);
      expect(db.select().from(objections).where(eq(objections.id, id)).get()!.status).toBe("open");
    } finally {
      sqlite.prepare("DELETE FROM credit_monthly WHERE batch_id = ?").run(applying);
      sqlite.prepare("UPDATE credit_monthly SET superseded_at = NULL, superseded_by_batch_id = NULL WHERE id = ?").run(aPower);
      sqlite.prepare("DELETE FROM credit_batches WHERE id = ?").run(applying);
    }
  });

  it("upheld: corrects through the ingest path, keeps the old value as history, tells the enterprise", () => {
    upheldId = db.select().from(objections).where(eq(objections.itemId, aPower)).get()!.id;
    const decidedAt = at("2026-11-20 15:00");
    const outcome = resolveObjection(
      db,
      bureau,
      upheldId,
      { decision: "upheld", resolution: "经国网苏州供电公司核实，表计更换后起码录入错误，已更正" },
      correctPower,
      decidedAt,
    );
    expect(outcome).toMatchObject({ ok: true, correctionBatchId: expect.any(Number) });
    if (!outcome.ok) return;

    const [old, corrected] = electricityRows(a.enterpriseId!);
    expect(old).toMatchObject({
      id: aPower,
      quantity: 20_000,
      billedFen: 1_600_000,
      supersededByBatchId: outcome.correctionBatchId,
      supersededAt: decidedAt,
    });
    expect(corrected).toMatchObject({
      quantity: 2000,
      billedFen: 160_000,
      paidFen: 160_000,
      paidOnTime: true,
      supersededByBatchId: null,
      batchId: outcome.correctionBatchId,
    });
    const batch = db.select().from(creditBatches).where(eq(creditBatches.id, outcome.correctionBatchId!)).get()!;
    expect(batch).toMatchObject({
      origin: "objection",
      kind: "monthly",
      status: "applied",
      rowsTotal: 1,
      rowsSuperseded: 1,
      externalId: `objection-${upheldId}`,
      createdByUserId: bureau.id,
    });

    expect(db.select().from(objections).where(eq(objections.id, upheldId)).get()).toMatchObject({
      status: "upheld",
      resolvedAt: decidedAt,
      resolvedByUserId: bureau.id,
      correctionBatchId: outcome.correctionBatchId,
    });
    const view = enterpriseCreditData(db, a.enterpriseId!, "2026-10", "2026-10").monthly.electricity;
    expect(view.map((r) => [r.quantity, r.openObjectionId])).toEqual([[2000, null]]);
    expect(notificationsOf(a.enterpriseId!)).toEqual([
      expect.objectContaining({
        kind: "objection.upheld",
        title: "异议已采纳，数据已更正",
        link: `/sme/objections/${upheldId}`,
        body: expect.stringContaining("用电 · 2026年10月"),
      }),
    ]);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "objection.uphold")).all()).toHaveLength(1);
    const detail = objectionDetail(db, upheldId, { enterpriseId: a.enterpriseId! }, decidedAt)!;
    expect(detail.disputed).toMatchObject({ type: "monthly", values: { quantity: 20_000 } });
    expect(detail.corrected).toMatchObject({ type: "monthly", values: { quantity: 2000 } });
    expect(detail.current).toBeNull();
  });

  it("refuses a second answer with 409 and changes nothing", () => {
    const before = { batches: batchCount(), notes: notificationsOf(a.enterpriseId!).length };
    const again = resolveObjection(db, bureau, upheldId, { decision: "rejected", resolution: "重复处理测试" }, {}, at("2026-11-20 15:05"));
    expect(again).toEqual({ ok: false, status: 409, message: "该异议已于 2026-11-20 15:00 处理（已采纳并更正），不能重复处理" });
    expect(db.select().from(objections).where(eq(objections.id, upheldId)).get()!.status).toBe("upheld");
    expect({ batches: batchCount(), notes: notificationsOf(a.enterpriseId!).length }).toEqual(before);
  });

  it("refuses corrections that fail the data rules, or change nothing, at the field and without writing", () => {
    const id = file(a, "tax_grade", aGrade);
    const before = batchCount();
    const bad = resolveObjection(db, bureau, id, { decision: "upheld", resolution: "经税务局核实" }, { grade: "E" }, T0 + 1);
    expect(bad).toMatchObject({ ok: false, status: 400, fieldErrors: { grade: "纳税信用等级应为 A、B、M、C 或 D" } });
    const same = resolveObjection(db, bureau, id, { decision: "upheld", resolution: "经税务局核实" }, { grade: "B" }, T0 + 2);
    expect(same).toMatchObject({ ok: false, status: 400, message: expect.stringContaining("与现有数据相同") });
    expect(batchCount()).toBe(before);
    expect(db.select().from(objections).where(eq(objections.id, id)).get()!.status).toBe("open");
    expect(
      resolveObjection(db, bureau, id, { decision: "upheld", resolution: "经税务局核实，评价结果录入错误" }, { grade: "a" }, T0 + 3),
    ).toMatchObject({ ok: true });
    expect(enterpriseCreditData(db, a.enterpriseId!, "2026-10", "2026-10").taxGrades.map((g) => g.grade)).toEqual(["A"]);
  });

  it("rejected: the value stays, the reason reaches the enterprise", () => {
    const id = file(a, "event", aPenalty);
    const outcome = resolveObjection(
      db,
      bureau,
      id,
      { decision: "rejected", resolution: "处罚决定书送达无误，如已整改请向作出机关申请信用修复" },
      {},
      T0 + 10,
    );
    expect(outcome).toEqual({ ok: true, correctionBatchId: null });
    expect(db.select().from(objections).where(eq(objections.id, id)).get()).toMatchObject({
      status: "rejected",
      correctionBatchId: null,
      resolution: expect.stringContaining("信用修复"),
    });
    expect(enterpriseCreditData(db, a.enterpriseId!, "2026-10", "2026-10").events).toEqual([
      expect.objectContaining({ id: aPenalty, openObjectionId: null }),
    ]);
    expect(notificationsOf(a.enterpriseId!).filter((n) => n.kind === "objection.rejected")).toEqual([
      expect.objectContaining({ title: "异议未采纳", link: `/sme/objections/${id}`, body: expect.stringContaining("信用修复") }),
    ]);
  });

  it("applies each correction, even one restating a value an earlier correction wrote", () => {
    const correctTo = (quantity: string, now: number) => {
      const current = enterpriseCreditData(db, a.enterpriseId!, "2026-10", "2026-10").monthly.electricity[0]!;
      const id = file(a, "monthly", current.id, now);
      const outcome = resolveObjection(
        db,
        bureau,
        id,
        { decision: "upheld", resolution: "经核实更正" },
        { ...correctPower, quantity },
        now + 1,
      );
      if (!outcome.ok) throw new Error(outcome.message);
    };
    correctTo("2100", T0 + 100);
    correctTo("2000", T0 + 200); // the same row content the first correction wrote
    expect(enterpriseCreditData(db, a.enterpriseId!, "2026-10", "2026-10").monthly.electricity[0]!.quantity).toBe(2000);
    expect(electricityRows(a.enterpriseId!).map((r) => [r.quantity, r.supersededByBatchId === null])).toEqual([
      [20_000, false],
      [2000, false],
      [2100, false],
      [2000, true],
    ]);
  });
});
