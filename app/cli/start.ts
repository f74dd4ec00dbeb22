/**
 * `npm start`: checks the environment (app/config.server.ts), brings the database schema up to date,
 * seeds the demo city into an empty database (unless SEED=none), then serves the built portal on PORT
 * (default 3000) with WEB_CONCURRENCY processes (default: one per core) over the one SQLite file. The
 * primary process prepares the database, runs the periodic sweep (app/services/maintenance.server.ts)
 * and the credit imports in worker threads, and restarts a server process that dies; the server
 * processes answer requests (docs/decisions/028-several-server-processes.md).
 */
import cluster from "node:cluster";
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { configProblemsText, parseConfig, type ServerConfig } from "~/config.server";
import { addressedSite } from "~/http/forwarded.server";
import { remixHandler } from "~/http/remix-express.server";
import { boundedBody, refuse, refuseUnread } from "~/http/request-body.server";
import {
  ALLOWED_METHODS,
  isAllowedMethod,
  mustNotStore,
  newNonce,
  securityHeaders,
  unsupportedBodyType,
  WRITE_ORIGIN_MESSAGES,
  writeOriginProblem,
} from "~/http/security";
import { dateOf } from "~/lib/time";
import { failCutOffImportJobs, serveImportsForWorkers } from "~/services/import-jobs.server";
import { startWorker } from "~/services/workers.server";
import { openDatabase } from "~db/connection";
import { openMigratedDatabase } from "~db/migrate";
import { DEFAULT_SEED_OPTIONS, isDatabaseEmpty, seedDemoCity } from "~db/seed";

process.env.NODE_ENV ??= "production";
const configResult = parseConfig(process.env);
if (!configResult.ok) {
  console.error(configProblemsText(configResult.problems));
  process.exit(1);
}
const config: ServerConfig = configResult.config;
const BUILD_PATH = fileURLToPath(new URL("../../build/index.js", import.meta.url));
const PUBLIC_DIR = fileURLToPath(new URL("../../public", import.meta.url));

async function prepareDatabase(path: string) {
  const db = openMigratedDatabase(path);
  console.log(`数据库 ${path}：结构已是最新`);
  if (!isDatabaseEmpty(db)) {
    console.log("数据库已有数据，保留现有数据");
  } else if (config.seed === "none") {
    console.log("SEED=none：以空数据库启动。可用 npm run admin:create -- --username <用户名> 创建管理员");
  } else {
    console.log("数据库为空，正在生成演示数据……");
    await seedDemoCity(db, { ...DEFAULT_SEED_OPTIONS, asOf: dateOf(Date.now()) }, (line) => console.log(`  ${line}`));
  }
  const cutOff = failCutOffImportJobs(db, Date.now());
  if (cutOff > 0) console.log(`${cutOff} 个上传导入在上次停止时被中断，已标记为失败（未写入任何数据）`);
  db.$client.close();
}

/**
 * `Cache-Control: no-store` on every page and answer to a signed-in user and on every response that
 * sets a cookie (app/http/security.ts mustNotStore), decided when the headers go out so it also
 * covers what the routes set. Static assets are served before this and keep their caching.
 */
function keepPrivateResponsesOutOfCaches(req: express.Request, res: express.Response, next: express.NextFunction) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: express.Response, ...args: unknown[]) {
    if (mustNotStore(req.get("cookie"), res.getHeader("set-cookie") !== undefined)) res.setHeader("Cache-Control", "no-store");
    return (writeHead as (...a: unknown[]) => express.Response).apply(this, args);
  } as typeof res.writeHead;
  next();
}

async function serve() {
  if (!existsSync(BUILD_PATH)) {
    console.error("找不到构建产物 build/index.js，请先运行 npm run build（npm start 会自动构建）");
    process.exit(1);
  }
  const build = (await import(pathToFileURL(BUILD_PATH).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  if (config.trustProxy !== null) app.set("trust proxy", config.trustProxy);
  // Which server process answered (0: the only one), for operators and the load benchmark.
  const servedBy = String(cluster.worker?.id ?? 0);
  app.use((req, res, next) => {
    res.set("X-Served-By", servedBy);
    const nonce = newNonce();
    res.locals.cspNonce = nonce;
    res.set(securityHeaders(nonce, config.production));
    const originProblem = writeOriginProblem({
      method: req.method,
      path: req.path,
      origin: req.get("origin"),
      referer: req.get("referer"),
      site: addressedSite(req),
      cookie: req.get("cookie"),
    });
    if (originProblem) {
      refuseUnread(req, res, 403, originProblem === "foreign" ? "foreign_origin" : "origin_unproven", WRITE_ORIGIN_MESSAGES[originProblem]);
      return;
    }
    if (!isAllowedMethod(req.method)) {
      // TRACE, PUT, DELETE, OPTIONS …: nothing here takes them (and TRACE would echo the request back).
      refuseUnread(req, res, 405, "method_not_allowed", `不支持 ${req.method} 请求，本平台只接受 ${ALLOWED_METHODS.join("、")}`, {
        Allow: ALLOWED_METHODS.join(", "),
      });
      return;
    }
    if (req.method === "POST" && unsupportedBodyType(req.path, req.get("content-type"))) {
      refuseUnread(req, res, 415, "unsupported_media_type", "提交的内容格式不受支持，请通过平台页面上的表单提交。");
      return;
    }
    next();
  });
  // Every body is counted as it arrives and refused past its bound (413), chunked or not.
  app.use(boundedBody);
  app.use(compression());
  // Fingerprinted assets never change; everything else in public/ may.
  app.use("/build", express.static(`${PUBLIC_DIR}/build`, { immutable: true, maxAge: "1y" }));
  app.use(express.static(PUBLIC_DIR, { maxAge: "1h" }));
  app.all(
    "*",
    keepPrivateResponsesOutOfCaches,
    remixHandler({
      build,
      mode: config.nodeEnv,
      getLoadContext: (req, res) => ({
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
        cspNonce: res.locals.cspNonce as string,
      }),
    }),
  );
  // Our own faults only (clients' mistakes are answered above or by the routes): logged, and a zh-CN answer.
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    console.error(error);
    if (res.headersSent) res.destroy();
    else refuse(req, res, 500, "internal_error", "服务暂时出现问题，请稍后再试。");
  });
  const server = app.listen(config.port, config.host, () => {
    // With several processes the primary says it once all of them listen.
    if (cluster.isPrimary) console.log(`苏州市信易贷平台已启动：http://localhost:${config.port}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** The periodic sweep (app/services/maintenance.server.ts), in a worker thread that never keeps the process alive. */
function startMaintenance(databasePath: string) {
  const worker = startWorker("maintenance-worker.server.ts", { databasePath });
  worker.on("error", (error) => console.error("例行处理进程出错", error));
  worker.unref();
}

/** Restarting a server process that died waits this long, so a process failing at start-up cannot spin. */
const RESTART_DELAY_MS = 1_000;

/** The primary of several server processes: forks them, restarts one that dies, stops them all on SIGTERM. */
function superviseServers(count: number) {
  cluster.setupPrimary({ serialization: "advanced" });
  let stopping = false;
  let announced = false;
  const listening = new Set<number>();
  cluster.on("listening", (worker) => {
    listening.add(worker.id);
    if (announced || listening.size < count) return;
    announced = true;
    console.log(`苏州市信易贷平台已启动：http://localhost:${config.port}（${count} 个服务进程）`);
  });
  cluster.on("exit", (worker, code, signal) => {
    listening.delete(worker.id);
    if (stopping) return;
    console.error(`服务进程 ${worker.process.pid} 意外退出（${signal ?? `代码 ${code}`}），${RESTART_DELAY_MS / 1000} 秒后重新启动`);
    setTimeout(() => cluster.fork(), RESTART_DELAY_MS);
  });
  for (let i = 0; i < count; i++) cluster.fork();
  const stop = () => {
    stopping = true;
    cluster.disconnect(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (cluster.isPrimary) {
  await prepareDatabase(config.databasePath);
  startMaintenance(config.databasePath);
  if (config.webConcurrency === 1) {
    await serve();
  } else {
    serveImportsForWorkers(openDatabase(config.databasePath));
    superviseServers(config.webConcurrency);
  }
} else {
  await serve();
}
