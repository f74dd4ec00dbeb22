/**
 * `npm start`: brings the database schema up to date, seeds the demo city into an empty database
 * (unless SEED=none), then serves the built portal on PORT (default 3000).
 */
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { isForeignOriginWrite, newNonce, securityHeaders } from "~/http/security";
import { dateOf } from "~/lib/time";
import { flagServiceLevelBreaches } from "~/services/claims.server";
import { expireNeeds } from "~/services/needs.server";
import { rescoreIfDue } from "~/services/scoring.server";
import { databasePathFromEnv, openDatabase } from "~db/connection";
import { openMigratedDatabase } from "~db/migrate";
import { DEFAULT_SEED_OPTIONS, isDatabaseEmpty, seedDemoCity } from "~db/seed";

process.env.NODE_ENV ??= "production";
const BUILD_PATH = fileURLToPath(new URL("../../build/index.js", import.meta.url));
const PUBLIC_DIR = fileURLToPath(new URL("../../public", import.meta.url));

async function prepareDatabase(path: string) {
  const db = openMigratedDatabase(path);
  console.log(`数据库 ${path}：结构已是最新`);
  if (!isDatabaseEmpty(db)) {
    console.log("数据库已有数据，保留现有数据");
  } else if (process.env.SEED === "none") {
    console.log("SEED=none：以空数据库启动。可用 npm run admin:create -- --username <用户名> 创建管理员");
  } else {
    console.log("数据库为空，正在生成演示数据……");
    await seedDemoCity(db, { ...DEFAULT_SEED_OPTIONS, asOf: dateOf(Date.now()) }, (line) => console.log(`  ${line}`));
  }
  db.$client.close();
}

async function serve() {
  if (!existsSync(BUILD_PATH)) {
    console.error("找不到构建产物 build/index.js，请先运行 npm run build（npm start 会自动构建）");
    process.exit(1);
  }
  const build = (await import(pathToFileURL(BUILD_PATH).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
  const production = process.env.NODE_ENV === "production";
  app.use((req, res, next) => {
    const nonce = newNonce();
    res.locals.cspNonce = nonce;
    res.set(securityHeaders(nonce, production));
    if (isForeignOriginWrite(req.method, req.get("origin"), req.get("x-forwarded-host") ?? req.get("host"))) {
      const message = "请求来自其他网站，已拒绝。请在本平台页面内操作。";
      res.status(403);
      if (req.accepts(["html", "json"]) === "json") res.json({ error: { code: "foreign_origin", message } });
      else res.type("text/plain; charset=utf-8").send(message);
      return;
    }
    next();
  });
  app.use(compression());
  // Fingerprinted assets never change; everything else in public/ may.
  app.use("/build", express.static(`${PUBLIC_DIR}/build`, { immutable: true, maxAge: "1y" }));
  app.use(express.static(PUBLIC_DIR, { maxAge: "1h" }));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV,
      getLoadContext: (req, res) => ({
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
        cspNonce: res.locals.cspNonce as string,
      }),
    }),
  );
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  const server = app.listen(port, host, () => {
    console.log(`苏州市信易贷平台已启动：http://localhost:${port}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/**
 * Expires needs past their date, flags service-level breaches and, once a month, re-scores every
 * enterprise; now and every ten minutes.
 */
function startMaintenance(path: string) {
  const db = openDatabase(path);
  const sweep = () => {
    try {
      const now = Date.now();
      const expired = expireNeeds(db, now);
      const flagged = flagServiceLevelBreaches(db, now);
      if (expired || flagged) console.log(`例行处理：${expired} 笔需求到期，${flagged} 项服务时限提示`);
      const rescored = rescoreIfDue(db, now);
      if (rescored) console.log(`例行处理：本月信用评分已按 ${rescored.modelVersion} 重算 ${rescored.scored} 家企业`);
    } catch (error) {
      console.error("例行处理失败", error);
    }
  };
  sweep();
  setInterval(sweep, 10 * 60 * 1000).unref();
}

await prepareDatabase(databasePathFromEnv());
startMaintenance(databasePathFromEnv());
await serve();
