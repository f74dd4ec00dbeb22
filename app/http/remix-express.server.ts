/**
 * Express → Remix, as @remix-run/express does it, except that the body handed to Remix is the one
 * app/http/request-body.server.ts already read and bounded (`res.locals.body`), not the socket.
 */
import type { NextFunction, Request, Response } from "express";
import {
  createRequestHandler as createRemixHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import { addressedPort, fromTrustedProxy } from "./forwarded.server";

/**
 * The request's headers for Remix, without an X-Forwarded-Host no trusted proxy sent: Remix compares
 * it with Origin before every action and throws (a 500) when they differ, and it is not believed here.
 */
function remixHeaders(req: Request): Headers {
  const headers = new Headers();
  const forwardedHostBelieved = fromTrustedProxy(req);
  for (const [key, value] of Object.entries(req.headers)) {
    if (key === "x-forwarded-host" && !forwardedHostBelieved) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value) headers.set(key, value);
  }
  return headers;
}

function remixRequest(req: Request, res: Response): globalThis.Request {
  // req.hostname honours "trust proxy" but drops the port: take it from the same host, X-Forwarded-Host
  // only behind a trusted proxy (the URL reaches links the portal hands out, such as reset links).
  const port = addressedPort(req);
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const controller = new AbortController();
  // Loaders and actions are aborted when the response can no longer be written (the client left).
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const collected = (res.locals.body as Buffer | undefined) ?? Buffer.alloc(0);
  const body =
    req.method === "GET" || req.method === "HEAD"
      ? undefined
      : new Uint8Array(collected.buffer as ArrayBuffer, collected.byteOffset, collected.length);
  return new globalThis.Request(url.href, { method: req.method, headers: remixHeaders(req), body, signal: controller.signal });
}

export function remixHandler({
  build,
  mode,
  getLoadContext,
}: {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: Request, res: Response) => AppLoadContext;
}) {
  const handle = createRemixHandler(build, mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const response = await handle(remixRequest(req, res), getLoadContext(req, res));
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}
