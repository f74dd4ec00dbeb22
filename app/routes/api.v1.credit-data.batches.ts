/**
 * POST /api/v1/credit-data/batches — providers push credit data (docs/push-api.md). Authenticated by
 * the provider's bearer token, not by a session: there is no role to require, and a browser's
 * cookies never authenticate here (so a cross-site form cannot use them).
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import * as v from "valibot";
import { getDb } from "~/db.server";
import { apiError, isJsonContentType, methodNotAllowed, readJsonBody } from "~/http/json-api.server";
import { badTokensByAddress, pushesByProvider, retryAfterHeaders, retryAfterText } from "~/http/rate-limits.server";
import type { RateLimitDecision } from "~/lib/rate-limit";
import { MAX_BATCH_BYTES, pushBodySchema } from "~/lib/validation/credit-batches";
import { pushBatch } from "~/services/credit-push.server";
import { authenticateProviderToken } from "~/services/data-providers.server";

const MAX_ISSUES = 100;

export const loader = () => methodNotAllowed("POST");

function tooManyRequests(decision: Extract<RateLimitDecision, { allowed: false }>, message: string): Response {
  return apiError(
    429,
    "rate_limited",
    `${message}，请 ${retryAfterText(decision.retryAfterSeconds)}后再试`,
    {},
    retryAfterHeaders(decision),
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed("POST");
  const db = getDb();
  const now = Date.now();
  const address = context.clientAddress ?? "unknown";
  // The token is checked first (a hash lookup, cheap): someone else's wrong tokens from this address
  // must not lock a provider with a valid one out. Guessing a 256-bit token is hopeless anyway; the
  // limit only stops a script hammering the API.
  const provider = authenticateProviderToken(db, request.headers.get("Authorization"), now);
  if (!provider) {
    const guessing = badTokensByAddress.hit(address, now);
    if (!guessing.allowed) return tooManyRequests(guessing, "无效令牌的请求过多");
    return apiError(
      401,
      "unauthorized",
      "缺少或无效的访问令牌：请在 Authorization 请求头中提供 Bearer 令牌",
      {},
      { "WWW-Authenticate": 'Bearer realm="credit-data"' },
    );
  }
  const pace = pushesByProvider.hit(String(provider.id), now);
  if (!pace.allowed) return tooManyRequests(pace, "推送过于频繁");
  if (!isJsonContentType(request)) return apiError(415, "unsupported_media_type", "请求体须为 JSON（Content-Type: application/json）");
  const body = await readJsonBody(request, MAX_BATCH_BYTES);
  if (!body.ok) return body.response;
  const parsed = v.safeParse(pushBodySchema, body.value);
  if (!parsed.success) {
    const issues = parsed.issues.slice(0, MAX_ISSUES).map((issue) => ({ path: v.getDotPath(issue) ?? "", message: issue.message }));
    return apiError(400, "invalid_body", "请求体不符合接口约定", { issues });
  }
  const outcome = await pushBatch(db, provider, parsed.output, now);
  // Every refusal of a push names its code (docs/push-api.md).
  if (!outcome.ok) return apiError(outcome.status, outcome.code!, outcome.message);
  // 201 for a new batch; 200 for one received before (nothing changed).
  return Response.json(outcome.report, { status: outcome.report.duplicate ? 200 : 201 });
}
