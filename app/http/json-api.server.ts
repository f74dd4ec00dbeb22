/**
 * Small pieces of the JSON API (docs/push-api.md): error bodies of one shape,
 * `{ "error": { "code", "message", … } }`, and a JSON body read with a size limit.
 */
export function apiError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: HeadersInit = {},
): Response {
  return Response.json({ error: { code, message, ...extra } }, { status, headers });
}

export function methodNotAllowed(allow: string): Response {
  return apiError(405, "method_not_allowed", `此地址只接受 ${allow} 请求`, {}, { Allow: allow });
}

export function isJsonContentType(request: Request): boolean {
  const type = request.headers.get("Content-Type")?.split(";")[0]?.trim().toLowerCase();
  return type === "application/json";
}

/**
 * The request's JSON body, or the error response to send: 413 past `maxBytes` (checked while
 * reading, so a missing or false Content-Length does not help), 400 for malformed JSON.
 */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const tooLarge = () => ({
    ok: false as const,
    response: apiError(413, "body_too_large", `请求体超过 ${maxBytes / 1024 / 1024} MB，请拆分后分批推送`),
  });
  if (Number(request.headers.get("Content-Length") ?? 0) > maxBytes) return tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return tooLarge();
      }
      chunks.push(value);
    }
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    return { ok: false, response: apiError(400, "invalid_body", "请求体不是有效的 JSON") };
  }
}
