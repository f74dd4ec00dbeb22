import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { canonicalJson, sha256Hex } from "~/lib/canonical-json";
import { contentHasher, ingestBatch, type BatchSpec } from "~/services/credit-ingest.server";
import { createTestDatabase } from "../support/db";

const NOW = Date.parse("2026-11-10T02:00:00Z");
const { db } = createTestDatabase();
db.run(sql`insert into enterprises (uscc, name, district_code, industry_section, size, established_on, legal_rep_name, contact_name, contact_phone, registered_at)
           values ('9132050852601815XM', '苏州姑苏精密机械有限公司', '320508', 'C', 'small', '2012-05-18', '张三', '李四', '13800000000', 0)`);
const providerId = db.get<{ id: number }>(
  sql`insert into data_providers (name, sources, created_at) values ('国网苏州供电公司', '["electricity"]', 0) returning id`,
).id;

const spec = (rows: Record<string, unknown>[], externalId: string): BatchSpec => ({
  origin: "push",
  providerId,
  kind: "monthly",
  source: "electricity",
  month: "2026-10",
  externalId,
  allowedSources: ["electricity"],
  rows,
});
const current = () =>
  db.all(
    sql`select quantity, billed_fen, paid_fen, paid_on_time, arrears_fen, headcount from credit_monthly where superseded_by_batch_id is null`,
  );

describe("credit ingest contract", () => {
  it("hashes a batch exactly as canonical JSON of its content, so earlier batches still match", () => {
    const hashOf = (kind: "monthly" | "event", id: number | null, rows: Record<string, unknown>[]) => {
      const hasher = contentHasher(kind, id);
      rows.forEach((row) => hasher.add(row));
      return hasher.digest();
    };
    const rows = [{ source: "electricity", month: "2026-10", uscc: "9132050852601815XM", quantity: 12, billedFen: 8.5, note: undefined }];
    expect(hashOf("monthly", providerId, rows)).toBe(sha256Hex(canonicalJson({ kind: "monthly", providerId, rows })));
    const many = Array.from({ length: 3000 }, (_, i) => ({ uscc: `U${i}`, quantity: i, paidOnTime: "是" }));
    expect(hashOf("event", null, many)).toBe(sha256Hex(canonicalJson({ kind: "event", providerId: null, rows: many })));
    expect(hashOf("event", null, [])).toBe(sha256Hex(canonicalJson({ kind: "event", providerId: null, rows: [] })));
  });

  it("accepts a pushed row that leaves out the fields its source does not report", () => {
    const report = ingestBatch(
      db,
      spec([{ uscc: "9132050852601815XM", quantity: 1200, billedFen: 816, paidFen: 816, paidOnTime: "是" }], "a"),
      NOW,
    );
    expect(report).toMatchObject({ status: "applied", rowsAccepted: 1, rejections: [] });
    expect(current()).toEqual([
      { quantity: 1200, billed_fen: 81_600, paid_fen: 81_600, paid_on_time: 1, arrears_fen: null, headcount: null },
    ]);
  });

  it("answers a re-sent batch with its first report, and a corrected one supersedes the value", () => {
    const again = ingestBatch(
      db,
      spec([{ uscc: "9132050852601815XM", quantity: 1200, billedFen: 816, paidFen: 816, paidOnTime: "是" }], "a"),
      NOW,
    );
    expect(again.duplicate).toBe(true);
    const corrected = ingestBatch(
      db,
      spec([{ uscc: "9132050852601815XM", quantity: 1300, billedFen: 884, paidFen: 884, paidOnTime: "是" }], "b"),
      NOW,
    );
    expect(corrected).toMatchObject({ status: "applied", rowsSuperseded: 1, rowsUnchanged: 0 });
    expect(current()).toEqual([
      { quantity: 1300, billed_fen: 88_400, paid_fen: 88_400, paid_on_time: 1, arrears_fen: null, headcount: null },
    ]);
  });

  it("refuses a whole batch for one bad row, naming the row and field", () => {
    const report = ingestBatch(
      db,
      spec(
        [
          { uscc: "9132050852601815XM", quantity: 1, billedFen: 1, paidFen: 1, paidOnTime: "是" },
          { uscc: "9132050852601815XM", quantity: 2, billedFen: 1.005, paidFen: 1, paidOnTime: "是" },
          { uscc: "9132050852601815XM", quantity: 3, billedFen: 1, paidFen: 1, paidOnTime: "是" },
        ],
        "c",
      ),
      NOW,
    );
    expect(report.status).toBe("rejected");
    expect(report.rejections).toEqual([
      { row: 2, field: "应缴金额", reason: "应缴金额应为不小于0的金额（元），最多两位小数", value: "1.005" },
      { row: 3, field: "整行", reason: "与第 1 行重复（同一企业、同一数据项）", value: null },
    ]);
    expect(current()).toEqual([expect.objectContaining({ quantity: 1300 })]);
  });

  it("inside an open transaction (as the seed runs it) commits or rolls back with that transaction", () => {
    const batches = () => db.get<{ n: number }>(sql`select count(*) as n from credit_batches`).n;
    const before = batches();
    expect(() =>
      db.transaction(() => {
        ingestBatch(db, spec([{ uscc: "9132050852601815XM", quantity: 1400, billedFen: 952, paidFen: 952, paidOnTime: "是" }], "d"), NOW);
        throw new Error("outer work failed");
      }),
    ).toThrow("outer work failed");
    expect(batches()).toBe(before);
    expect(current()).toEqual([expect.objectContaining({ quantity: 1300 })]);
  });
});
