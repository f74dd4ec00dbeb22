/** A file download: an ASCII fallback name for old clients and the zh-CN name (RFC 6266 filename*). */
export function downloadResponse(body: Buffer, contentType: string, asciiName: string, name: string): Response {
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
