/**
 * Online backup and restore. The backup uses SQLite's backup API through better-sqlite3, page by
 * page, so the portal keeps serving (and writing) while it runs and the copy is one consistent
 * snapshot. A restore first checks the file it is given, then replaces the database with it.
 */
import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import Database from "better-sqlite3";

export type BackupProgress = (copiedPages: number, totalPages: number) => void;

/** Pages copied per step: progress can be shown, and the source is never read-locked for long. */
const PAGES_PER_STEP = 2_000;
const ALL_REMAINING_PAGES = 0x7fffffff;

export async function backupDatabase(
  sourcePath: string,
  targetPath: string,
  progress: BackupProgress = () => {},
  pagesPerStep = PAGES_PER_STEP,
) {
  if (!existsSync(sourcePath)) throw new Error(`数据库文件不存在：${sourcePath}`);
  const source = new Database(sourcePath, { readonly: true, fileMustExist: true });
  source.pragma("busy_timeout = 5000");
  let previousRemaining = Infinity;
  let restarted = false;
  try {
    await source.backup(targetPath, {
      progress: ({ totalPages, remainingPages }) => {
        progress(totalPages - remainingPages, totalPages);
        // SQLite restarts a stepped backup whenever another connection writes between steps; on a busy
        // portal that could go on for ever. After the first restart, copy the rest in one step.
        if (remainingPages > previousRemaining) restarted = true;
        previousRemaining = remainingPages;
        return restarted ? ALL_REMAINING_PAGES : pagesPerStep;
      },
    });
  } finally {
    source.close();
  }
  const check = verifyDatabase(targetPath);
  if (!check.ok) throw new Error(`备份文件校验失败：${check.message}`);
  return check;
}

export function verifyDatabase(path: string): { ok: true; tables: number } | { ok: false; message: string } {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const result = db.pragma("integrity_check") as { integrity_check: string }[];
    if (result.length !== 1 || result[0]!.integrity_check !== "ok") {
      return { ok: false, message: result.map((r) => r.integrity_check).join("; ") };
    }
    const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = '__drizzle_migrations'").get()) {
      return { ok: false, message: "不是本平台的数据库（缺少迁移记录）" };
    }
    return { ok: true, tables };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  } finally {
    db?.close();
  }
}

/**
 * Replaces the database at `targetPath` with the backup at `backupPath`. The portal must be stopped.
 * The current database is kept beside it as `<name>.before-restore-<time>` until the operator removes it.
 */
export function restoreDatabase(backupPath: string, targetPath: string, now: number): { keptAs: string | null } {
  const check = verifyDatabase(backupPath);
  if (!check.ok) throw new Error(`备份文件无法使用：${check.message}`);
  let keptAs: string | null = null;
  if (existsSync(targetPath)) {
    keptAs = `${targetPath}.before-restore-${now}`;
    // Fold the WAL into the main file first so the kept copy is complete.
    const current = new Database(targetPath);
    current.pragma("wal_checkpoint(TRUNCATE)");
    current.close();
    renameSync(targetPath, keptAs);
  }
  for (const suffix of ["-wal", "-shm"]) rmSync(targetPath + suffix, { force: true });
  const staging = `${targetPath}.restoring`;
  copyFileSync(backupPath, staging);
  renameSync(staging, targetPath);
  return { keptAs };
}
