/**
 * The built portal (build/index.js, as `npm run build` made it) driven in-process through Remix's
 * request handler, over a fresh database of this test file's own. Requests go through the same
 * routing, guards, loaders and actions as in production, without opening a port.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import type { AppDatabase } from "~db/connection";
import { seedDemoCity } from "~db/seed";
import { DEMO_PASSWORD } from "~db/seed/accounts";
import { createTestDatabase } from "./db";

const BUILD_PATH = fileURLToPath(new URL("../../build/index.js", import.meta.url));

export type RequestOptions = {
  method?: string;
  form?: Record<string, string>;
  /** A raw body (JSON text, FormData for multipart uploads …); `form` takes precedence. */
  body?: BodyInit;
  cookie?: string;
  headers?: Record<string, string>;
  clientAddress?: string;
};

export type TestApp = {
  db: AppDatabase;
  build: ServerBuild;
  request(path: string, options?: RequestOptions): Promise<Response>;
  /** Signs in through the real login form and returns the session cookie to send back. */
  signIn(username: string, password?: string): Promise<string>;
};

/** A small seeded city (the demo accounts exist) unless `seed: false`. */
export async function startTestApp({ seed = true }: { seed?: boolean } = {}): Promise<TestApp> {
  const { db, path } = createTestDatabase();
  if (seed) await seedDemoCity(db, { seed: 7, enterprises: 60, months: 6, asOf: "2026-11-15" });
  process.env.DATABASE_PATH = path;
  const build = (await import(/* @vite-ignore */ pathToFileURL(BUILD_PATH).href)) as ServerBuild;
  const handler = createRequestHandler(build, "production");

  const request: TestApp["request"] = (path, options = {}) => {
    const headers = new Headers(options.headers);
    if (options.cookie) headers.set("Cookie", options.cookie);
    let body: BodyInit | undefined = options.body;
    if (options.form) {
      body = new URLSearchParams(options.form);
      headers.set("Content-Type", "application/x-www-form-urlencoded");
    }
    const method = options.method ?? (body !== undefined ? "POST" : "GET");
    return handler(new Request(`http://localhost${path}`, { method, headers, body, redirect: "manual" }), {
      clientAddress: options.clientAddress ?? "203.0.113.10",
    });
  };

  const signIn: TestApp["signIn"] = async (username, password = DEMO_PASSWORD) => {
    const response = await request("/login", { form: { username, password } });
    const cookie = response.headers.get("Set-Cookie");
    if (response.status !== 302 || !cookie) throw new Error(`sign-in as ${username} failed with ${response.status}`);
    return cookie.split(";")[0]!;
  };

  return { db, build, request, signIn };
}
