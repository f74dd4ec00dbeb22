/**
 * The sync client of the city's public credit information sharing platform (公共信用信息共享平台):
 * door 1 of the credit data. The HTTP contract is docs/credit-platform-api.md.
 *
 * Pages are stored in sync_staging as they arrive, so a run that dies half-way resumes from the last
 * stored cursor. Only when the last page is in are all rows of the period applied through ingestBatch
 * as ONE batch (externalId = the platform's batchId, so a re-run is a duplicate), and the staged pages
 * are deleted in that same transaction. No network call happens inside a transaction.
 */
import { asc, eq, max } from "drizzle-orm";
import * as v from "valibot";
import { CREDIT_SOURCES, type BatchKind } from "~/domain/credit";
import { backoffMs, retryAfterMs } from "~/lib/http-retry";
import { isMonth } from "~/lib/time";
import { BatchConflictError, ingestBatch, type BatchReport } from "~/services/credit-ingest.server";
import { writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import { syncStaging } from "~db/schema";

/** What one sync asks for: a monthly source, or the tax grades / public-record events of a period. */
export const SYNC_TARGETS = [...CREDIT_SOURCES, "tax_grade", "event"] as const;
export type SyncTarget = (typeof SYNC_TARGETS)[number];

export type PlatformConfig = { baseUrl: string; token: string };

export type SyncProgress =
  /** After every page; `pages`/`rows` include pages kept from an interrupted run. */
  | { phase: "fetch"; key: string; pages: number; rows: number; total: number | null; resumedPages: number; last: boolean }
  | { phase: "validate" | "apply"; key: string; done: number; total: number };

export type RetryNotice = { key: string; attempt: number; maxAttempts: number; delayMs: number; reason: string };

export type SyncOptions = {
  /** Per request, including reading the body. */
  timeoutMs?: number;
  /** Requests per page before giving up (the first one included). */
  maxAttempts?: number;
  /** Backoff before the second attempt; doubles each time, with jitter, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** The longest Retry-After we honour; a platform asking for longer is waited on this long. */
  maxRetryAfterMs?: number;
  pageSize?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** In [0, 1), for the jitter. */
  random?: () => number;
  onProgress?: (progress: SyncProgress) => void;
  onRetry?: (notice: RetryNotice) => void;
};

export const SYNC_DEFAULTS = {
  timeoutMs: 30_000,
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  pageSize: 500,
} as const;

/** The platform's largest page (docs/credit-platform-api.md). */
const MAX_PAGE_SIZE = 1_000;

/** What one sync found: nothing published yet, an empty snapshot, or a snapshot ingested. Failures throw CreditSyncError. */
type SyncStatus = { status: "not_published" } | { status: "empty" } | { status: "ingested"; report: BatchReport };

export type SyncResult = SyncStatus & {
  key: string;
  target: SyncTarget;
  period: string;
  /** The platform's id of the snapshot applied (null when nothing was published). */
  platformBatchId: string | null;
  /** Pages requested in this run, and pages taken over from an interrupted earlier run. */
  pagesFetched: number;
  pagesResumed: number;
  rows: number;
};

export type SyncErrorCode = "config" | "rejected" | "unavailable" | "bad_response" | "conflict" | "concurrent";

/** A failure the operator can act on; its message is zh-CN and complete. */
export class CreditSyncError extends Error {
  constructor(
    message: string,
    readonly code: SyncErrorCode,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = "CreditSyncError";
  }
}

const PLATFORM = "公共信用信息共享平台";

const configSchema = v.object({
  CREDIT_PLATFORM_URL: v.pipe(
    v.optional(v.string(), ""),
    v.trim(),
    v.nonEmpty(`未配置 CREDIT_PLATFORM_URL：请将其设为${PLATFORM}的接口地址，如 https://credit.example.gov.cn/gateway`),
    v.check((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol), "CREDIT_PLATFORM_URL 不是有效的 http(s) 地址"),
  ),
  CREDIT_PLATFORM_TOKEN: v.pipe(
    v.optional(v.string(), ""),
    v.trim(),
    v.nonEmpty(`未配置 CREDIT_PLATFORM_TOKEN：请将其设为${PLATFORM}发放的访问令牌`),
  ),
});

/** The platform's address and token from the environment, or a CreditSyncError saying what is missing. */
export function platformConfigFromEnv(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const parsed = v.safeParse(configSchema, {
    CREDIT_PLATFORM_URL: env.CREDIT_PLATFORM_URL,
    CREDIT_PLATFORM_TOKEN: env.CREDIT_PLATFORM_TOKEN,
  });
  if (!parsed.success) throw new CreditSyncError(parsed.issues[0].message, "config");
  return { baseUrl: parsed.output.CREDIT_PLATFORM_URL, token: parsed.output.CREDIT_PLATFORM_TOKEN };
}

const kindOf = (target: SyncTarget): BatchKind => (target === "tax_grade" || target === "event" ? target : "monthly");

/** kind:source:period, e.g. monthly:electricity:2026-10; tax grades and events have no source ("*"). */
function syncKeyOf(target: SyncTarget, period: string): string {
  const kind = kindOf(target);
  return `${kind}:${kind === "monthly" ? target : "*"}:${period}`;
}

const pageSchema = v.object({
  batchId: v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(100)),
  items: v.array(v.record(v.string(), v.unknown())),
  nextCursor: v.nullable(v.pipe(v.string(), v.nonEmpty(), v.maxLength(2_000))),
  total: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))), null),
});
type Page = v.InferOutput<typeof pageSchema>;

const errorBodySchema = v.object({ code: v.optional(v.string(), ""), message: v.optional(v.string(), "") });

/** The platform said it cannot continue from this cursor (its snapshot was republished): start over. */
class SnapshotChanged extends Error {}

type Settings = Required<Omit<SyncOptions, "onProgress" | "onRetry">> & Pick<SyncOptions, "onProgress" | "onRetry">;

/**
 * Syncs one target for one period. Resolves with what happened (applied, rejected, duplicate, nothing
 * published); rejects with a CreditSyncError when the platform cannot be read or refuses the request.
 */
export async function syncCredit(
  db: AppDatabase,
  config: PlatformConfig,
  target: SyncTarget,
  period: string,
  options: SyncOptions = {},
): Promise<SyncResult> {
  if (!isMonth(period)) throw new CreditSyncError("月份格式应为 YYYY-MM，如 2026-10", "config");
  const settings: Settings = {
    ...SYNC_DEFAULTS,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: Date.now,
    random: Math.random,
    ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)),
  };
  settings.pageSize = Math.min(Math.max(1, Math.floor(settings.pageSize)), MAX_PAGE_SIZE);
  const key = syncKeyOf(target, period);
  try {
    return await syncOnce(db, config, target, period, key, settings);
  } catch (error) {
    if (!(error instanceof SnapshotChanged)) throw error;
    // The pages kept belong to a snapshot that no longer exists: mixing them with the new one would
    // apply a period that never was. Start over, once.
    clearStaging(db, key);
    try {
      return await syncOnce(db, config, target, period, key, settings);
    } catch (again) {
      if (again instanceof SnapshotChanged) throw new CreditSyncError(`${PLATFORM}在同步过程中反复更新了该期数据，请稍后重试`, "conflict");
      throw again;
    }
  }
}

async function syncOnce(
  db: AppDatabase,
  config: PlatformConfig,
  target: SyncTarget,
  period: string,
  key: string,
  s: Settings,
): Promise<SyncResult> {
  const staged = db
    .select({ page: syncStaging.page, nextCursor: syncStaging.nextCursor, batchId: syncStaging.externalBatchId, rows: syncStaging.rows })
    .from(syncStaging)
    .where(eq(syncStaging.syncKey, key))
    .orderBy(asc(syncStaging.page))
    .all();
  const resumedPages = staged.length;
  let pages = resumedPages;
  let rows = staged.reduce((n, p) => n + p.rows.length, 0);
  let batchId = staged[0]?.batchId ?? null;
  let cursor = staged.at(-1)?.nextCursor ?? null;
  let finished = resumedPages > 0 && cursor === null;
  const base = { key, target, period, pagesResumed: resumedPages };

  while (!finished) {
    const answer = await requestPage(config, target, period, cursor, key, s);
    if (answer === "not_published") {
      // Only the first page can say so; later, the snapshot we were reading has gone.
      if (pages > 0) throw new SnapshotChanged();
      return { ...base, status: "not_published", platformBatchId: null, pagesFetched: 0, rows: 0 };
    }
    if (batchId !== null && answer.batchId !== batchId) throw new SnapshotChanged();
    if (answer.nextCursor !== null && answer.nextCursor === cursor) {
      throw new CreditSyncError(`${PLATFORM}返回的下一页游标与本页相同，无法继续翻页`, "bad_response");
    }
    batchId = answer.batchId;
    pages += 1;
    stagePage(db, key, pages, answer, s.now());
    rows += answer.items.length;
    cursor = answer.nextCursor;
    finished = cursor === null;
    s.onProgress?.({ phase: "fetch", key, pages, rows, total: answer.total, resumedPages, last: finished });
  }

  const result = { ...base, platformBatchId: batchId, pagesFetched: pages - resumedPages, rows };
  const all = db
    .select({ rows: syncStaging.rows })
    .from(syncStaging)
    .where(eq(syncStaging.syncKey, key))
    .orderBy(asc(syncStaging.page))
    .all()
    .flatMap((p) => p.rows as Record<string, unknown>[]);
  if (all.length === 0) {
    // Nothing to record: a period without data is a gap, not a batch.
    clearStaging(db, key);
    return { ...result, status: "empty" };
  }
  const kind = kindOf(target);
  let report: BatchReport;
  try {
    report = ingestBatch(
      db,
      {
        origin: "sync",
        providerId: null,
        kind,
        source: kind === "monthly" ? target : null,
        month: kind === "monthly" ? period : null,
        externalId: batchId,
        allowedSources: null,
        rows: all,
        alsoInTransaction: (tx) => clearStaging(tx, key),
      },
      s.now(),
      (done, total, phase) => s.onProgress?.({ phase, key, done, total }),
    );
  } catch (error) {
    if (!(error instanceof BatchConflictError)) throw error;
    // The staged rows can never be applied under this id; drop them so a re-run reads the platform afresh.
    clearStaging(db, key);
    throw new CreditSyncError(`${PLATFORM}的批次号 ${batchId} 此前已用于内容不同的数据，已拒绝：${error.message}`, "conflict");
  }
  // A duplicate opens no transaction of its own, so the staged pages go here.
  if (report.duplicate) clearStaging(db, key);
  return { ...result, status: "ingested", report };
}

function stagePage(db: AppDatabase, key: string, page: number, answer: Page, now: number) {
  writeTransaction(db, (tx) => {
    const last =
      tx
        .select({ page: max(syncStaging.page) })
        .from(syncStaging)
        .where(eq(syncStaging.syncKey, key))
        .get()?.page ?? 0;
    if (last !== page - 1) throw new CreditSyncError(`另一个同步进程正在同步 ${key}，请等它结束后再运行`, "concurrent");
    tx.insert(syncStaging)
      .values({ syncKey: key, page, nextCursor: answer.nextCursor, externalBatchId: answer.batchId, rows: answer.items, fetchedAt: now })
      .run();
  });
}

function clearStaging(db: Tx, key: string) {
  db.delete(syncStaging).where(eq(syncStaging.syncKey, key)).run();
}

function pageUrl(config: PlatformConfig, target: SyncTarget, period: string, cursor: string | null, pageSize: number): string {
  const kind = kindOf(target);
  const url = new URL(`${config.baseUrl.replace(/\/+$/, "")}/v1/credit/${kind}`);
  if (kind === "monthly") url.searchParams.set("source", target);
  url.searchParams.set("period", period);
  url.searchParams.set("limit", String(pageSize));
  if (cursor !== null) url.searchParams.set("cursor", cursor);
  return url.toString();
}

/** One page, retried on network errors, timeouts, 5xx and 429; other refusals fail at once. */
async function requestPage(
  config: PlatformConfig,
  target: SyncTarget,
  period: string,
  cursor: string | null,
  key: string,
  s: Settings,
): Promise<Page | "not_published"> {
  const url = pageUrl(config, target, period, cursor, s.pageSize);
  for (let attempt = 1; ; attempt += 1) {
    let status: number;
    let body: string;
    let retryAfter: string | null;
    try {
      const response = await fetch(url, {
        headers: { Authorization: `Bearer ${config.token}`, Accept: "application/json" },
        signal: AbortSignal.timeout(s.timeoutMs),
      });
      status = response.status;
      retryAfter = response.headers.get("retry-after");
      // Read inside the timeout: a platform that stalls mid-body is as unavailable as one that never answers.
      body = await response.text();
    } catch (error) {
      const reason = failureReason(error, s.timeoutMs);
      if (reason === null) throw error;
      await pause(attempt, reason, null, key, s);
      continue;
    }
    if (status >= 200 && status < 300) return parsePage(body);
    const platformError = parseErrorBody(body);
    if (status === 429 || status >= 500) {
      const reason = `HTTP ${status}${platformError.message ? `：${platformError.message}` : ""}`;
      await pause(attempt, reason, retryAfterMs(retryAfter, s.now()), key, s);
      continue;
    }
    if (status === 404 && platformError.code === "not_published") return "not_published";
    if (status === 410 && platformError.code === "cursor_expired") throw new SnapshotChanged();
    const detail = platformError.message || platformError.code || body.slice(0, 200) || "（无说明）";
    throw new CreditSyncError(
      `${PLATFORM}拒绝了请求（HTTP ${status}${platformError.code ? ` ${platformError.code}` : ""}）：${detail}`,
      "rejected",
      status,
    );
  }
}

/** Waits before the next attempt, or gives up when the attempts are spent. */
async function pause(attempt: number, reason: string, retryAfter: number | null, key: string, s: Settings) {
  if (attempt >= s.maxAttempts) {
    throw new CreditSyncError(
      `连续 ${s.maxAttempts} 次请求${PLATFORM}失败（最后一次：${reason}），请稍后重新运行；已取得的页面已保存，重新运行将从中断处继续`,
      "unavailable",
    );
  }
  const delayMs = retryAfter !== null ? Math.min(retryAfter, s.maxRetryAfterMs) : backoffMs(attempt, s);
  s.onRetry?.({ key, attempt, maxAttempts: s.maxAttempts, delayMs, reason });
  await s.sleep(delayMs);
}

/** Why a request failed when it is worth retrying; null for errors that are not the network's. */
function failureReason(error: unknown, timeoutMs: number): string | null {
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `请求超时（${timeoutMs / 1_000} 秒内无应答）`;
  }
  if (error instanceof TypeError) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? cause.message : error.message;
    return `网络错误：${detail}`;
  }
  return null;
}

function parsePage(body: string): Page {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new CreditSyncError(`${PLATFORM}返回的内容不是 JSON`, "bad_response");
  }
  const parsed = v.safeParse(pageSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = issue.path?.map((p) => String(p.key)).join(".") || "响应";
    throw new CreditSyncError(`${PLATFORM}返回的数据格式不符合接口约定（${where}）`, "bad_response");
  }
  return parsed.output;
}

function parseErrorBody(body: string): { code: string; message: string } {
  try {
    const parsed = v.safeParse(errorBodySchema, JSON.parse(body));
    if (parsed.success) return parsed.output;
  } catch {
    // Not JSON (a proxy's HTML page): the caller shows the start of the text instead.
  }
  return { code: "", message: "" };
}
