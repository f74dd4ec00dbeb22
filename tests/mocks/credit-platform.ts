/**
 * The city's public credit information sharing platform (docs/credit-platform-api.md), in memory.
 * Tests publish snapshots (`creditPlatform.publish`) built from registered enterprises' USCCs and
 * switch failure modes with `mockServer.use(...)` overrides; `answerCreditPlatform` is exported so a
 * command-line test can serve the same platform from a local HTTP server.
 */
import { http } from "msw";
import { CREDIT_SOURCES, type CreditSource } from "~/domain/credit";

export const CREDIT_PLATFORM_URL = "https://credit-platform.test/gateway";
export const CREDIT_PLATFORM_TOKEN = "platform-test-token";

export type PlatformKind = "monthly" | "tax_grade" | "event";
export type Snapshot = { batchId: string; items: Record<string, unknown>[] };

const snapshots = new Map<string, Snapshot>();
const keyOf = (kind: PlatformKind, source: string | null, period: string) => `${kind}:${source ?? "*"}:${period}`;

export const creditPlatform = {
  publish(kind: PlatformKind, source: CreditSource | null, period: string, snapshot: Snapshot) {
    snapshots.set(keyOf(kind, source, period), snapshot);
  },
  reset() {
    snapshots.clear();
  },
};

/**
 * A month of one source for the given enterprises, amounts in 元 as the platform sends them.
 * `bump` shifts every figure, for a corrected re-publication.
 */
export function monthlyItems(source: CreditSource, usccs: readonly string[], bump = 0): Record<string, unknown>[] {
  return usccs.map((uscc, i) => {
    const billed = `${1000 + 250 * i + bump}.${String(10 + i).padStart(2, "0")}`;
    const late = i % 4 === 3;
    const paid = late ? `${500 + bump}.00` : billed;
    const arrears = late ? `${500 + 250 * i}.${String(10 + i).padStart(2, "0")}` : "0";
    switch (source) {
      case "tax":
        return { uscc, taxPaidFen: billed, paidOnTime: late ? "否" : "是", arrearsFen: late ? "1200.00" : "0" };
      case "social_insurance":
      case "housing_fund":
        return { uscc, headcount: 12 + i + bump, billedFen: billed, paidFen: paid, paidOnTime: !late, arrearsFen: arrears };
      default:
        return {
          uscc,
          quantity: 20_000 + 1_000 * i + bump,
          billedFen: billed,
          paidFen: paid,
          paidOnTime: late ? "否" : "是",
          arrearsFen: arrears,
        };
    }
  });
}

const encodeCursor = (batchId: string, offset: number) => Buffer.from(JSON.stringify({ b: batchId, o: offset })).toString("base64url");

function decodeCursor(cursor: string): { b: string; o: number } | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { b?: unknown; o?: unknown };
    return typeof value.b === "string" && Number.isInteger(value.o) && (value.o as number) >= 0
      ? { b: value.b, o: value.o as number }
      : null;
  } catch {
    return null;
  }
}

/** Which item a request starts at (0 for the first page), so tests can fail a chosen page. */
export function requestedOffset(request: Request): number {
  const cursor = new URL(request.url).searchParams.get("cursor");
  return cursor === null ? 0 : (decodeCursor(cursor)?.o ?? -1);
}

const problem = (status: number, code: string, message: string) => Response.json({ code, message }, { status });

/** The platform's answer to one request, whatever the base URL it was served under. */
export function answerCreditPlatform(request: Request, token = CREDIT_PLATFORM_TOKEN): Response {
  const url = new URL(request.url);
  const kind = /\/v1\/credit\/([a-z_]+)$/.exec(url.pathname)?.[1];
  if (request.method !== "GET" || (kind !== "monthly" && kind !== "tax_grade" && kind !== "event")) {
    return problem(404, "not_found", "接口不存在");
  }
  if (request.headers.get("authorization") !== `Bearer ${token}`) return problem(401, "unauthorized", "访问令牌无效或已过期");
  const period = url.searchParams.get("period") ?? "";
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) return problem(400, "invalid_parameter", "period 应为 YYYY-MM");
  const source = url.searchParams.get("source");
  if (kind === "monthly" && !CREDIT_SOURCES.includes(source as CreditSource)) return problem(400, "invalid_parameter", "source 无效");
  const limit = Number(url.searchParams.get("limit") ?? "500");
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return problem(400, "invalid_parameter", "limit 应为 1 到 1000 的整数");

  const snapshot = snapshots.get(keyOf(kind, kind === "monthly" ? source : null, period));
  if (!snapshot) return problem(404, "not_published", "该期数据尚未发布");
  const cursorText = url.searchParams.get("cursor");
  let offset = 0;
  if (cursorText !== null) {
    const cursor = decodeCursor(cursorText);
    if (!cursor) return problem(400, "invalid_cursor", "游标无效");
    if (cursor.b !== snapshot.batchId) return problem(410, "cursor_expired", "该期数据已重新发布，请从第一页重新获取");
    offset = cursor.o;
  }
  const end = offset + limit;
  return Response.json({
    batchId: snapshot.batchId,
    total: snapshot.items.length,
    items: snapshot.items.slice(offset, end),
    nextCursor: end < snapshot.items.length ? encodeCursor(snapshot.batchId, end) : null,
  });
}

export const creditPlatformHandlers = [http.get(`${CREDIT_PLATFORM_URL}/v1/credit/:kind`, ({ request }) => answerCreditPlatform(request))];
