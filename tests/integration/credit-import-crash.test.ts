/**
 * An import killed mid-write (power cut, OOM killer, kill -9) leaves nothing visible behind: the batch
 * is written in chunks that each commit, but stays "applying" until the last one, so no reader sees
 * its rows; the next import (or the maintenance sweep) rolls it back and then goes through.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { addMonths, monthOf } from "~/lib/time";
import { buildUscc } from "~/lib/uscc";
import { stagedRowsPath, stageUpload, stagingDirFor } from "~/services/credit-files.server";
import { enterpriseCreditData } from "~/services/credit-profile.server";
import { listBatches } from "~/services/credit-batches.server";
import { ingestBatch, rollBackAbandonedBatches } from "~/services/credit-ingest.server";
import { featureInputs } from "~/services/scoring.server";
import { openDatabase } from "~db/connection";
import { currentRowSql } from "~db/schema";
import { createTestDatabase } from "../support/db";

const ENTERPRISES = 5_000;
const MONTHS = 20; // 100,000 rows

describe("an import killed while it writes", () => {
  it("leaves an intact database with nothing of the batch visible, and it is rolled back whole", async () => {
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
    const watcher = openDatabase(path).$client;
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    for await (const text of createInterface({ input: child.stdout })) {
      const progress = JSON.parse(text) as (typeof seen)[number];
      seen.push(progress);
      // Killed once a chunk has been committed, as another connection sees: progress steps are written
      // inside a chunk's transaction, so on a busy machine the first ones come before any commit.
      if (progress.phase === "apply" && (watcher.prepare("SELECT count(*) FROM credit_monthly").pluck().get() as number) > 0) {
        child.kill("SIGKILL");
        break;
      }
    }
    expect(await exited).toBe("SIGKILL");
    watcher.close();
    expect(seen.some((p) => p.phase === "validate" && p.done === rows.length)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ phase: "apply", total: rows.length });
    expect(seen.at(-1)!.done).toBeLessThan(rows.length);
    expect(seen.some((p) => p.finished)).toBe(false);

    const reopened = openDatabase(path);
    const sqlite = reopened.$client;
    expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
    // Chunks were committed, but under a batch still applying: nothing of it is visible.
    expect(sqlite.prepare("SELECT status, count(*) AS n FROM credit_batches GROUP BY status").all()).toEqual([
      { status: "applying", n: 1 },
    ]);
    expect(sqlite.prepare("SELECT count(*) AS n FROM credit_monthly").pluck().get()).toBeGreaterThan(0);
    expect(sqlite.prepare(`SELECT count(*) AS n FROM credit_monthly m WHERE ${currentRowSql("m")}`).get()).toEqual({ n: 0 });
    expect(listBatches(reopened, 1).batches).toEqual([]);
    const [enterpriseId] = sqlite.prepare("SELECT id FROM enterprises ORDER BY id LIMIT 1").pluck().all() as number[];
    expect(featureInputs(reopened, [enterpriseId!], Date.now()).get(enterpriseId!)!.monthly).toEqual([]);
    expect(Object.values(enterpriseCreditData(reopened, enterpriseId!, "2000-01", "2100-12").monthly).flat()).toEqual([]);
    // Its writer is gone: the sweep rolls it back whole.
    expect(rollBackAbandonedBatches(reopened, Date.now())).toBe(1);
    expect(sqlite.prepare("SELECT count(*) AS n FROM credit_batches").get()).toEqual({ n: 0 });
    expect(sqlite.prepare("SELECT count(*) AS n FROM credit_monthly").get()).toEqual({ n: 0 });
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
