/**
 * An online backup taken while another process keeps writing opens, passes integrity_check and is
 * one consistent snapshot; a restore brings exactly that snapshot back.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { describe, expect, inject, it } from "vitest";
import { backupDatabase, restoreDatabase, verifyDatabase } from "~db/backup";
import { openMigratedDatabase } from "~db/migrate";

const dir = () => inject("testDatabaseDir");

/** Each transaction registers one enterprise; the statistics triggers count it in the same transaction. */
const WRITER = `
const Database = require("better-sqlite3");
const db = new Database(process.argv[1]);
db.pragma("journal_mode = WAL"); db.pragma("busy_timeout = 5000");
const insert = db.prepare("INSERT INTO enterprises (uscc, name, district_code, industry_section, size, established_on, legal_rep_name, contact_name, contact_phone, registered_at) VALUES (?, ?, '320508', 'C', 'small', '2015-01-01', '张三', '李四', '13800000000', ?)");
let i = 0;
process.stdout.write("ready\\n");
for (;;) { db.transaction(() => { for (let k = 0; k < 20; k++) { i++; insert.run("W" + i, "企业" + i, Date.now()); } })(); }
`;

function consistency(path: string) {
  const db = new Database(path, { readonly: true });
  const row = db
    .prepare(
      "SELECT (SELECT count(*) FROM enterprises) AS rows, (SELECT coalesce(sum(enterprises_new), 0) FROM stat_cells WHERE dim = 'total') AS counted",
    )
    .get() as { rows: number; counted: number };
  db.close();
  return row;
}

describe("online backup", () => {
  it("copies a database that another process is writing to, consistently", async () => {
    const source = join(dir(), `${randomUUID()}.sqlite`);
    openMigratedDatabase(source).$client.close();
    const writer = spawn(process.execPath, ["-e", WRITER, source], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => writer.stdout!.once("data", () => resolve()));
    await new Promise((r) => setTimeout(r, 300));
    try {
      const target = join(dir(), `${randomUUID()}.backup.sqlite`);
      let steps = 0;
      // Tiny steps, so the copy spans many steps while the writer keeps writing (and SQLite restarts it).
      await backupDatabase(source, target, () => steps++, 2);
      expect(verifyDatabase(target)).toMatchObject({ ok: true });
      const snapshot = consistency(target);
      expect(snapshot.rows).toBeGreaterThan(0);
      // Every transaction is in the copy whole, or not at all.
      expect(snapshot.rows % 20).toBe(0);
      expect(snapshot.counted).toBe(snapshot.rows);
      expect(steps).toBeGreaterThan(1);

      // Writing went on during and after the backup.
      await new Promise((r) => setTimeout(r, 200));
      writer.kill("SIGKILL");
      await new Promise((r) => writer.once("exit", r));
      expect(consistency(source).rows).toBeGreaterThan(snapshot.rows);

      // Restoring brings back exactly the snapshot, keeping the replaced database aside.
      const { keptAs } = restoreDatabase(target, source, Date.now());
      expect(consistency(source)).toEqual(snapshot);
      expect(keptAs && consistency(keptAs).rows).toBeGreaterThan(snapshot.rows);
    } finally {
      writer.kill("SIGKILL");
    }
  });

  it("refuses to restore a file that is not a portal database", () => {
    const bogus = join(dir(), `${randomUUID()}.sqlite`);
    new Database(bogus).exec("CREATE TABLE x (y)");
    expect(() => restoreDatabase(bogus, join(dir(), "target.sqlite"), Date.now())).toThrow(/缺少迁移记录/);
  });
});
