/**
 * The built portal as a real server process (app/cli/start.ts, as `npm start` runs it after the
 * build) on 127.0.0.1 and a free port, over a database the caller chooses: for the browser tests, the
 * crash test and the load benchmark. Free of vitest, so the benchmark can use it too.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { DEMO_PASSWORD } from "~db/seed/accounts";

export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export type PortalProcess = {
  port: number;
  /** http://127.0.0.1:port */
  baseUrl: string;
  child: ChildProcess;
  /** Everything the server printed so far, stdout and stderr interleaved. */
  output(): string;
  /** What the server printed on stderr only (errors, stack traces). */
  errors(): string;
  /** SIGTERM: the server closes its listener and exits. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies at once, mid-write if it was writing (a power cut, the OOM killer). */
  kill(): Promise<void>;
};

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Starts the server and waits until /healthz answers. Node runs start.ts itself (tsx as a loader, not
 * the tsx CLI, which would put a second process in between): the child's pid is the server's, so a
 * kill reaches the server and not a wrapper.
 */
export async function launchPortal(
  databasePath: string,
  env: Record<string, string> = {},
  options: { startTimeoutMs?: number } = {},
): Promise<PortalProcess> {
  // freePort() closes the port before the server takes it; another test's server may take it in
  // between. That server start fails with EADDRINUSE: try another port, a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchOnce(databasePath, env, options);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error && error.message.includes("EADDRINUSE"))) throw error;
    }
  }
}

async function launchOnce(
  databasePath: string,
  env: Record<string, string>,
  { startTimeoutMs = 90_000 }: { startTimeoutMs?: number },
): Promise<PortalProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "app/cli/start.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATABASE_PATH: databasePath, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let errors = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => {
    output += chunk;
    errors += chunk;
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const portal: PortalProcess = {
    port,
    baseUrl,
    child,
    output: () => output,
    errors: () => errors,
    stop: () => {
      const done = exited(child);
      child.kill("SIGTERM");
      return done;
    },
    kill: () => {
      const done = exited(child);
      child.kill("SIGKILL");
      return done;
    },
  };
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      // The exit can come before the last of its output: read that too (the reason is usually there).
      const drained = Promise.all([child.stdout!, child.stderr!].map((stream) => (stream.closed ? undefined : once(stream, "close"))));
      await Promise.race([drained, new Promise((r) => setTimeout(r, 2_000))]);
      throw new Error(`portal exited early:\n${output}`);
    }
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return portal;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await portal.kill();
      throw new Error(`portal did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Signs in through the real login form; returns the session cookie (`name=value`) to send back. */
export async function signInOverHttp(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    body: new URLSearchParams({ username, password }),
    redirect: "manual",
  });
  const cookie = response.headers.getSetCookie()[0];
  if (response.status !== 302 || !cookie) throw new Error(`sign-in as ${username} failed with ${response.status}`);
  return cookie.split(";")[0]!;
}
