/**
 * The request body as the Express server takes it in, before any route sees it: bytes are counted as
 * they arrive, whatever Content-Length says or leaves out (chunked bodies), and a body past the bound of
 * its route (app/http/security.ts bodyLimitFor) is answered 413 at once and read no further than a small, bounded
 * drain. The body a route then reads is the one collected here (`res.locals.body`).
 */
import type { NextFunction, Request, Response } from "express";
import { bodyLimitFor, declaredBodyTooLarge } from "./security";

/**
 * After a refusal the server keeps reading (and dropping) what the client is still sending, up to
 * DRAIN_BYTES, so a client that sends a little too much reads the 413 instead of a reset connection.
 * Past that it stops reading and closes its side once the refusal is flushed: the client has the
 * answer and an end of stream before anything could reset the connection (a reset with unread bytes
 * on the server's side can discard the refusal still on its way). DRAIN_MS later a connection the
 * client still holds open is cut.
 */
export const DRAIN_BYTES = 4 * 1024 * 1024;
export const DRAIN_MS = 5_000;

/** A refusal in the form the client reads: JSON `{error:{code,message}}` for programs, plain text otherwise. */
export function refuse(req: Request, res: Response, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  res.status(status).set(headers);
  if (req.accepts(["html", "json"]) === "json") res.json({ error: { code, message } });
  else res.type("text/plain; charset=utf-8").send(message);
}

/** Reads what is left of the request and drops it, within DRAIN_BYTES; then stops reading and closes (see DRAIN_BYTES). */
function drain(req: Request, res: Response) {
  let drained = 0;
  const cut = () => req.socket.destroy();
  const timer = setTimeout(cut, DRAIN_MS);
  timer.unref();
  const stopReading = () => {
    req.removeAllListeners("data");
    req.pause();
    req.socket.pause();
    if (res.writableFinished) req.socket.end();
    else res.once("finish", () => req.socket.end());
  };
  req.removeAllListeners("data");
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_BYTES) stopReading();
  });
  // Read to its end, the connection may serve the next request; otherwise the timer cuts it (a no-op once closed).
  req.once("end", () => clearTimeout(timer));
  req.resume();
}

/** A refusal answered before the body is read: the body is drained within bounds, never read into memory. */
export function refuseUnread(
  req: Request,
  res: Response,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) {
  refuse(req, res, status, code, message, headers);
  if (req.method !== "GET" && req.method !== "HEAD") drain(req, res);
}

function refuseTooLarge(req: Request, res: Response) {
  refuseUnread(req, res, 413, "body_too_large", bodyLimitFor(req.path).message);
}

/**
 * Collects the body of every request that may carry one (all but GET and HEAD) into `res.locals.body`,
 * refusing it with 413 as soon as it passes its bound.
 */
export function boundedBody(req: Request, res: Response, next: NextFunction) {
  if (req.method === "GET" || req.method === "HEAD") return next();
  if (declaredBodyTooLarge(req.path, req.get("content-length"))) return refuseTooLarge(req, res);
  const limit = bodyLimitFor(req.path).bytes;
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      refused = true;
      chunks.length = 0;
      req.off("data", onData);
      refuseTooLarge(req, res);
      return;
    }
    chunks.push(chunk);
  };
  req.on("data", onData);
  req.once("end", () => {
    if (refused) return;
    res.locals.body = Buffer.concat(chunks, size);
    next();
  });
  // A client that goes away mid-body gets no answer; there is nothing to log.
  req.once("error", () => req.socket.destroy());
}
