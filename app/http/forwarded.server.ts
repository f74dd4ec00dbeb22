/**
 * What the client addressed — host, port and scheme — as Express sees a request. X-Forwarded-Host and
 * X-Forwarded-Proto are anyone's to send: they count only when the request came from a proxy
 * TRUST_PROXY names (Express's own rule, as for req.ip and req.protocol); otherwise the Host header and
 * the connection's own scheme do.
 */
import type { Request } from "express";

/** Whether the request came from a proxy TRUST_PROXY names. */
export function fromTrustedProxy(req: Request): boolean {
  const trusted = req.app.get("trust proxy fn") as ((address: string | undefined, hop: number) => boolean) | undefined;
  return trusted?.(req.socket.remoteAddress, 0) ?? false;
}

/** The host the client addressed, with its port when it named one ("portal.example:8443"). */
export function addressedHost(req: Request): string | undefined {
  const forwarded = req.get("x-forwarded-host");
  if (forwarded && fromTrustedProxy(req)) return forwarded.split(",")[0]!.trim();
  return req.get("host");
}

/** The port the client addressed, when its host names one: null for the scheme's default. */
export function addressedPort(req: Request): number | null {
  const port = /:(\d{1,5})$/.exec(addressedHost(req) ?? "")?.[1];
  return port === undefined ? null : Number(port);
}

/** The site's origin as the client addressed it, `scheme://host[:port]` (req.protocol honours TRUST_PROXY too). */
export function addressedSite(req: Request): string | undefined {
  const host = addressedHost(req);
  return host === undefined ? undefined : `${req.protocol}://${host}`;
}
