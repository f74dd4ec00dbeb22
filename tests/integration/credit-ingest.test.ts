/**
 * The one ingest path every door uses: a batch is applied whole or rejected whole with every bad row
 * listed; re-sending is harmless; a correction supersedes and keeps the old value as history.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { addMonths, monthOf } from "~/lib/time";
import { buildUscc } from "~/lib/uscc";
import { BatchConflictError, ingestBatch, type BatchSpec } from "~/services/credit-ingest.server";
import { creditBatches, creditBatchRejections, creditEvents, creditMonthly, creditTaxGrades, dataProviders, enterprises } from "~db/schema";
import { createTestDatabase } from "../support/db";
import { createFacts } from "../support/facts";

const { db } = createTestDatabase();
const now = Date.now();
const month = addMonths(monthOf(now), -1);
const lastYear = Number(monthOf(now).slice(0, 4)) - 1;
let usccs: string[];
let ids: number[];
let powerCompany: number;

beforeAll(() => {
  const facts = createFacts(db);
  for (let i = 0; i < 3; i++) facts.enterprise({ district: "320508", industry: "C", size: "small", registered: "2025-01-01 09:00" });
  const rows = db.select().from(enterprises).orderBy(enterprises.id).all();
  usccs = rows.map((e) => e.uscc);
  ids = rows.map((e) => e.id);
  powerCompany = db
    .insert(dataProviders)
    .values({ name: "国网苏州供电公司", sources: ["electricity"], createdAt: now })
    .returning()
    .get().id;
});

const power = (uscc: string, kwh: number, paid = "800.00") => ({
  uscc,
  quantity: kwh,
  billedFen: "800.00",
  paidFen: paid,
  paidOnTime: "是",
});

function monthly(rows: Record<string, unknown>[], extra: Partial<BatchSpec> = {}): BatchSpec {
  return {
    origin: "push",
    providerId: powerCompany,
    kind: "monthly",
    source: "electricity",
    month,
    allowedSources: ["electricity"],
    rows,
    ...extra,
  };
}

const counts = () => ({
  batches: db.select().from(creditBatches).all().length,
  monthly: db.select().from(creditMonthly).all().length,
});

describe("a good batch", () => {
  it("is applied whole, amounts in fen, and reported", () => {
    const phases: string[] = [];
    const report = ingestBatch(
      db,
      monthly([power(usccs[0]!, 1200), power(usccs[1]!, 300, "0")], { externalId: "p-1" }),
      now,
      (_d, _t, phase) => phases.push(phase),
    );
    expect(report).toMatchObject({
      status: "applied",
      duplicate: false,
      rowsTotal: 2,
      rowsAccepted: 2,
      rowsRejected: 0,
      rowsSuperseded: 0,
      rowsUnchanged: 0,
      rejections: [],
    });
    expect(report.touchedEnterpriseIds).toEqual([ids[0], ids[1]]);
    expect(phases).toContain("validate");
    const stored = db
      .select()
      .from(creditMonthly)
      .where(eq(creditMonthly.batchId, report.batchId))
      .orderBy(creditMonthly.enterpriseId)
      .all();
    expect(stored.map((r) => [r.enterpriseId, r.source, r.month, r.quantity, r.billedFen, r.paidFen, r.paidOnTime, r.arrearsFen])).toEqual([
      [ids[0], "electricity", month, 1200, 80_000, 80_000, true, null],
      [ids[1], "electricity", month, 300, 80_000, 0, true, null],
    ]);
  });
});

describe("a batch with a bad row", () => {
  it("is rejected whole: every bad row listed with field and reason, nothing stored", () => {
    const before = counts();
    const otherUscc = buildUscc("91", "320508", "77777777");
    const badCheck = usccs[2]!.slice(0, 17) + (usccs[2]!.endsWith("0") ? "1" : "0");
    const report = ingestBatch(
      db,
      monthly(
        [
          power(usccs[2]!, 10),
          power(otherUscc, 10),
          power(badCheck, 10),
          { ...power(usccs[2]!, 10), paidFen: "-5" },
          { ...power(usccs[2]!, 10), month: addMonths(monthOf(now), 1) },
          { ...power(usccs[2]!, 10), source: "water" },
          power(usccs[2]!, 11),
          { uscc: usccs[1], quantity: 5, billedFen: "1" },
        ],
        { firstRowNumber: 2 },
      ),
      now,
    );
    // The row for a firm not on the portal (row 3) is not bad: only malformed rows are.
    expect(report).toMatchObject({ status: "rejected", rowsTotal: 8, rowsAccepted: 0, rowsRejected: 6 });
    expect(report.rejections.map((r) => [r.row, r.field, r.reason])).toEqual([
      [4, "统一社会信用代码", "统一社会信用代码校验位不正确，请核对"],
      [5, "实缴金额", "实缴金额应为不小于0的金额（元），最多两位小数"],
      [6, "月份", "不能报送未来月份的数据"],
      [7, "数据源", "与本批次的数据源（electricity）不一致"],
      [8, "整行", "与第 2 行重复（同一企业、同一数据项）"],
      [9, "实缴金额", "用电数据须填写实缴金额"],
      [9, "是否按时缴纳", "用电数据须填写是否按时缴纳"],
    ]);
    expect(report.rejections[1]!.value).toBe("-5");
    expect(counts()).toEqual({ batches: before.batches + 1, monthly: before.monthly });
    const batch = db.select().from(creditBatches).where(eq(creditBatches.id, report.batchId)).get()!;
    expect(batch.status).toBe("rejected");
    expect(db.select().from(creditBatchRejections).where(eq(creditBatchRejections.batchId, report.batchId)).all()).toHaveLength(7);
  });
});

describe("re-sending and correcting", () => {
  it("answers the same batch again with its first report and changes nothing", () => {
    const before = counts();
    const report = ingestBatch(db, monthly([power(usccs[0]!, 1200), power(usccs[1]!, 300, "0")], { externalId: "p-1" }), now);
    expect(report).toMatchObject({ duplicate: true, status: "applied", rowsAccepted: 2 });
    expect(counts()).toEqual(before);
    // The same content under another batch id is the same data too.
    expect(ingestBatch(db, monthly([power(usccs[0]!, 1200), power(usccs[1]!, 300, "0")], { externalId: "p-1-again" }), now).duplicate).toBe(
      true,
    );
    expect(counts()).toEqual(before);
  });

  it("refuses a batch id reused for different content", () => {
    const before = counts();
    expect(() => ingestBatch(db, monthly([power(usccs[0]!, 9999)], { externalId: "p-1" }), now)).toThrow(BatchConflictError);
    expect(counts()).toEqual(before);
  });

  it("lets a corrected batch supersede the old value, which stays as history", () => {
    const first = db.select().from(creditMonthly).where(eq(creditMonthly.enterpriseId, ids[1]!)).get()!;
    const report = ingestBatch(
      db,
      monthly([power(usccs[0]!, 1200), power(usccs[1]!, 300, "800.00")], { externalId: "p-1-fix" }),
      now + 1000,
    );
    expect(report).toMatchObject({ status: "applied", duplicate: false, rowsAccepted: 2, rowsSuperseded: 1, rowsUnchanged: 1 });
    expect(report.touchedEnterpriseIds).toEqual([ids[1]]);
    const history = db.select().from(creditMonthly).where(eq(creditMonthly.enterpriseId, ids[1]!)).orderBy(creditMonthly.id).all();
    expect(history.map((r) => [r.paidFen, r.batchId, r.supersededByBatchId, r.supersededAt])).toEqual([
      [0, first.batchId, report.batchId, now + 1000],
      [80_000, report.batchId, null, null],
    ]);
  });
});

describe("tax grades and events", () => {
  const staff = { origin: "upload" as const, providerId: null, allowedSources: null };

  it("applies a tax-grade batch and a later correction of one grade", () => {
    const first = ingestBatch(
      db,
      {
        ...staff,
        kind: "tax_grade",
        rows: [
          { uscc: usccs[0], year: lastYear, grade: "b" },
          { uscc: usccs[1], year: String(lastYear), grade: "A" },
        ],
      },
      now,
    );
    expect(first).toMatchObject({ status: "applied", rowsAccepted: 2 });
    const fixed = ingestBatch(db, { ...staff, kind: "tax_grade", rows: [{ uscc: usccs[0], year: lastYear, grade: "A" }] }, now);
    expect(fixed).toMatchObject({ rowsSuperseded: 1 });
    const grades = db.select().from(creditTaxGrades).where(eq(creditTaxGrades.enterpriseId, ids[0]!)).orderBy(creditTaxGrades.id).all();
    expect(grades.map((g) => [g.grade, g.supersededByBatchId])).toEqual([
      ["B", fixed.batchId],
      ["A", null],
    ]);
    const future = ingestBatch(db, { ...staff, kind: "tax_grade", rows: [{ uscc: usccs[2], year: lastYear + 1, grade: "A" }] }, now);
    expect(future.rejections.map((r) => r.reason)).toEqual(["只能报送已评定的年度"]);
  });

  it("applies events, requiring a severity for penalties only", () => {
    const penalty = {
      uscc: usccs[2],
      kind: "penalty",
      occurredOn: "2026-03-02",
      severity: "较重",
      reference: "苏环罚〔2026〕12号",
      authority: "苏州市生态环境局",
      description: "超标排放",
    };
    const report = ingestBatch(
      db,
      {
        ...staff,
        kind: "event",
        rows: [penalty, { ...penalty, kind: "honour", severity: "", reference: "守重-2025-1", description: "守合同重信用企业" }],
      },
      now,
    );
    expect(report).toMatchObject({ status: "applied", rowsAccepted: 2 });
    const stored = db.select().from(creditEvents).where(eq(creditEvents.batchId, report.batchId)).all();
    expect(stored.map((e) => [e.kind, e.severity])).toEqual([
      ["penalty", "serious"],
      ["honour", null],
    ]);
    const bad = ingestBatch(db, { ...staff, kind: "event", rows: [{ ...penalty, reference: "苏环罚〔2026〕13号", severity: "" }] }, now);
    expect(bad.rejections.map((r) => [r.field, r.reason])).toEqual([["处罚等级", "行政处罚须填写处罚等级，其他事件不填"]]);
  });
});
