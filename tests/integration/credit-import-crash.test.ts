/**
 * An import killed mid-write (power cut, OOM killer, kill -9) leaves nothing behind: the batch and its
 * rows are one transaction, so the reopened database is intact and holds no trace of the batch.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { addMonths, monthOf } from "~/lib/time";
import { buildUscc } from "~/lib/uscc";
import { stagedRowsPath, stageUpload, stagingDirFor } from "~/services/credit-files.server";
import { ingestBatch } from "~/services/credit-ingest.server";
import { openDatabase } from "~db/connection";
import { createTestDatabase } from "../support/db";

const ENTERPRISES = 5_000;
const MONTHS = 20; // 100,000 rows

describe("an import killed while it writes", () => {
  it("leaves an intact database with no batch and no row from it", async () => {
    const { db, path } = createTestDatabase();
    const insert = db.$client.prepare(
      "INSERT INTO enterprises (uscc, name, district_code, industry_section, size, established_on, legal_rep_name, contact_name, contact_phone, registered_at) VALUES (?, ?, '320508', 'C', 'small', '2015-01-01', '张三', '李四', '13800000000', 0)",
    );
    const usccs = db.$client.transaction(() =>
      Array.from({ length: ENTERPRISES }, (_, i) => {
        const uscc = buildUscc("91", "320508", String(20_000_000 + i));
        insert.run(uscc, `测试企业${i}有限公司`);
        return uscc;
      }),
    )();
    const last = addMonths(monthOf(Date.now()), -1);
    const rows = usccs.flatMap((uscc) =>
      Array.from({ length: MONTHS }, (_, m) => ({
        uscc,
        month: addMonths(last, -m),
        quantity: 1000 + m,
        billedFen: "500.00",
        paidFen: "500.00",
        paidOnTime: "是",
      })),
    );
    const dir = stagingDirFor(path);
    const staged = await stageUpload(
      dir,
      {
        ownerUserId: "bureau",
        createdAt: Date.now(),
        filename: "big.csv",
        options: { kind: "monthly", source: "electricity", month: null, providerId: null, refuseUnregistered: false },
      },
      { rows, rowNumbers: rows.map((_, i) => i + 2) },
    );
    db.$client.close();

    const child = spawn(
      process.execPath,
      ["--import", "tsx", "tests/support/credit-import-child.ts", path, stagedRowsPath(dir, staged.id)],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const seen: { phase?: string; done?: number; finished?: string }[] = [];
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    for await (const text of createInterface({ input: child.stdout })) {
      const progress = JSON.parse(text) as (typeof seen)[number];
      seen.push(progress);
      if (progress.phase === "apply") {
        child.kill("SIGKILL");
        break;
      }
    }
    expect(await exited).toBe("SIGKILL");
    expect(seen.some((p) => p.phase === "validate" && p.done === rows.length)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ phase: "apply", total: rows.length });
    expect(seen.at(-1)!.done).toBeLessThan(rows.length);
    expect(seen.some((p) => p.finished)).toBe(false);

    const reopened = openDatabase(path);
    expect(reopened.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(reopened.$client.prepare("SELECT count(*) AS n FROM credit_batches").get()).toEqual({ n: 0 });
    expect(reopened.$client.prepare("SELECT count(*) AS n FROM credit_monthly").get()).toEqual({ n: 0 });
    // Nothing holds the write lock any more: the next import goes through.
    const next = ingestBatch(
      reopened,
      { origin: "upload", providerId: null, kind: "monthly", source: "electricity", month: last, allowedSources: null, rows: [rows[0]!] },
      Date.now(),
    );
    expect(next.status).toBe("applied");
    reopened.$client.close();
  });
});
