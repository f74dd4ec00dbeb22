/**
 * The request body as the Express server takes it in, before any route sees it: bytes are counted as
 * they arrive, whatever Content-Length says or leaves out (chunked bodies), and a body past the bound of
 * its kind (app/http/security.ts) is answered 413 at once and read no further than a small, bounded
 * drain. The body a route then reads is the one collected here (`res.locals.body`).
 */
import type { NextFunction, Request, Response } from "express";
import { bodyLimitFor, declaredBodyTooLarge } from "./security";
import { MAX_BATCH_BYTES } from "~/lib/validation/credit-batches";

export const BODY_TOO_LARGE_MESSAGE = `提交的内容过大，已拒绝。上传文件请不超过 ${MAX_BATCH_BYTES / 1024 / 1024} MB，表单内容请精简后重试。`;

/**
 * After a refusal the server keeps reading (and dropping) what the client is still sending, up to this
 * much and this long, so a client that sends a little too much reads the 413 instead of a reset
 * connection; past either bound the connection is cut.
 */
export const DRAIN_BYTES = 4 * 1024 * 1024;
export const DRAIN_MS = 5_000;

/** A refusal in the form the client reads: JSON `{error:{code,message}}` for programs, plain text otherwise. */
export function refuse(req: Request, res: Response, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  res.status(status).set(headers);
  if (req.accepts(["html", "json"]) === "json") res.json({ error: { code, message } });
  else res.type("text/plain; charset=utf-8").send(message);
}

/** Reads what is left of the request and drops it, within DRAIN_BYTES and DRAIN_MS; then the connection may be reused or is cut. */
function drain(req: Request) {
  let drained = 0;
  const cut = () => {
    clearTimeout(timer);
    req.removeAllListeners("data");
    req.socket.destroy();
  };
  const timer = setTimeout(cut, DRAIN_MS);
  timer.unref();
  req.removeAllListeners("data");
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_BYTES) cut();
  });
  req.once("end", () => clearTimeout(timer));
  req.once("close", () => clearTimeout(timer));
  req.resume();
}

/** A refusal answered before the body is read: the body is drained within bounds, never read into memory. */
export function refuseUnread(req: Request, res: Response, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  refuse(req, res, status, code, message, headers);
  if (req.method !== "GET" && req.method !== "HEAD") drain(req);
}

function refuseTooLarge(req: Request, res: Response) {
  refuseUnread(req, res, 413, "body_too_large", BODY_TOO_LARGE_MESSAGE);
}

/**
 * Collects the body of every request that may carry one (all but GET and HEAD) into `res.locals.body`,
 * refusing it with 413 as soon as it passes its bound.
 */
export function boundedBody(req: Request, res: Response, next: NextFunction) {
  if (req.method === "GET" || req.method === "HEAD") return next();
  if (declaredBodyTooLarge(req.get("content-type"), req.get("content-length"))) return refuseTooLarge(req, res);
  const limit = bodyLimitFor(req.get("content-type"));
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
