/**
 * Requests no browser form sends, against the built portal as `npm start` runs it (a real server
 * process on a port, so the Express layer is part of what is tested): bodies past their bound with or
 * without Content-Length, bodies of the wrong type or broken, odd methods, upload file names, bytes
 * that are not UTF-8 or GBK. Each is answered 4xx with a zh-CN message, never a 500, and never leaves
 * a stack trace in the server's log.
 */
import { currentCommitment } from "~/domain/commitments";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dateOf } from "~/lib/time";
import { seedDemoCity } from "~db/seed";
import { createTestDatabase } from "../../support/db";
import { launchPortal, signInOverHttp, type PortalProcess } from "../../support/portal-process";

const MB = 1024 * 1024;
/** The bound of every page's form (app/http/security.ts FORM_BODY_LIMIT). */
const FORM_BOUND = MB;
const SME = "9132050852601815XM";
let portal: PortalProcess;
let sme: string;
let bureau: string;
let dbPath: string;

beforeAll(async () => {
  const { db, path } = createTestDatabase();
  await seedDemoCity(db, { seed: 7, enterprises: 60, months: 6, asOf: dateOf(Date.now()) });
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  dbPath = path;
  portal = await launchPortal(path, { SEED: "none" });
  sme = await signInOverHttp(portal.baseUrl, SME);
  bureau = await signInOverHttp(portal.baseUrl, "bureau");
}, 120_000);

afterAll(async () => {
  await portal?.stop();
});

const hasChinese = (text: string) => /[\u4e00-\u9fff]/.test(text);
/** A stack frame in the server's log: what a client's mistake must never leave there. */
const STACK_FRAME = /\n\s+at /;

type RawAnswer = { status: number; headers: IncomingHttpHeaders; body: Buffer; sent: number; writeFailed: boolean };

/**
 * A request over node:http that reads the answer whatever happens to its own writes: the server may
 * answer and stop reading while the body is still being sent. `chunks` are written one by one
 * (chunked transfer unless a Content-Length header is given).
 */
function rawRequest(
  path: string,
  options: { method?: string; headers?: Record<string, string>; chunks?: Iterable<Buffer> },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let writeFailed = false;
    let answered = false;
    // A browser names the page's origin on every POST; cookie-authenticated writes without it are refused (403).
    const req = httpRequest(`${portal.baseUrl}${path}`, {
      method: options.method ?? "POST",
      headers: { Origin: portal.baseUrl, ...options.headers },
    });
    req.on("response", (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on("data", (part: Buffer) => parts.push(part));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts), sent, writeFailed }));
      res.on("error", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts), sent, writeFailed }));
    });
    req.on("error", (error) => {
      writeFailed = true;
      // Only a failure before any answer is the test's failure; after it, the server cut a body it had refused.
      if (!answered) reject(error);
    });
    const chunks = options.chunks?.[Symbol.iterator]();
    const writeNext = () => {
      for (;;) {
        const next = chunks?.next();
        if (!next || next.done) return void req.end();
        if (req.destroyed || writeFailed) return;
        sent += next.value.length;
        if (!req.write(next.value)) return void req.once("drain", writeNext);
      }
    };
    writeNext();
  });
}

function* repeated(prefix: string, fill: string, totalBytes: number, chunkBytes = 64 * 1024): Generator<Buffer> {
  yield Buffer.from(prefix);
  const chunk = Buffer.from(fill.repeat(Math.ceil(chunkBytes / fill.length)));
  for (let sent = 0; sent < totalBytes; sent += chunk.length) yield chunk;
}

describe("request bodies past their bound", () => {
  it("refuses a 20 MB chunked form field as it arrives: 413 in Chinese, nothing echoed, the rest not read", async () => {
    const errorsBefore = portal.errors();
    const answer = await rawRequest("/register", {
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" },
      chunks: repeated("uscc=1&name=", "企", 20 * MB),
    });
    expect(answer.status).toBe(413);
    const text = answer.body.toString("utf8");
    expect(text).toContain("提交的内容过大");
    // A refusal of a few hundred bytes, not the field sent back.
    expect(answer.body.length).toBeLessThan(4096);
    // The server stopped reading: the client could not get its 20 MB through.
    expect(answer.writeFailed || answer.sent < 20 * MB).toBe(true);
    // Still serving (how fast is the load benchmark's business, not a test's).
    expect((await fetch(`${portal.baseUrl}/healthz`)).status).toBe(200);
    expect(portal.errors()).toBe(errorsBefore);
  });

  it("counts a chunked JSON push against the batch bound and answers {error:{code}}", async () => {
    const answer = await rawRequest("/api/v1/credit-data/batches", {
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "Transfer-Encoding": "chunked",
        Authorization: "Bearer xyd_not-a-token",
      },
      chunks: repeated('{"batchId":"b","kind":"monthly","rows":["', "x", 21 * MB),
    });
    expect(answer.status).toBe(413);
    const body = JSON.parse(answer.body.toString("utf8")) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("body_too_large");
    expect(hasChinese(body.error.message)).toBe(true);
  });

  it("reads a refused body a little past its bound, so the client gets the 413 and not a broken pipe", async () => {
    // 2 MB declared and sent in full: the server answers at once and drains the rest.
    for (let i = 0; i < 5; i++) {
      const body = Buffer.from(`username=bureau&password=${"x".repeat(2 * MB)}`);
      const answer = await rawRequest("/login", {
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(body.length) },
        chunks: [body],
      });
      expect(answer.status).toBe(413);
      expect(answer.writeFailed).toBe(false);
    }
  });

  it("holds a page without a file input to the form bound whatever the body's type: a 2 MB multipart body to /register or /login gets 413", async () => {
    // Many small fields, as a form of made-up keys would carry them: 2 MB, past the 1 MB form bound
    // but well inside the 21 MB an upload route takes.
    const part = (i: number) => `--XYZ\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\n${"v".repeat(200)}\r\n`;
    const fields: string[] = [];
    for (let i = 0, size = 0; size < 2 * MB; i++) size += (fields[i] = part(i)).length;
    const body = Buffer.from(`${fields.join("")}--XYZ--\r\n`);
    const errorsBefore = portal.errors();
    for (const path of ["/register", "/login", "/register.data"]) {
      const declared = await rawRequest(path, {
        headers: { "Content-Type": "multipart/form-data; boundary=XYZ", "Content-Length": String(body.length) },
        chunks: [body],
      });
      expect(declared.status, path).toBe(413);
      expect(declared.body.toString("utf8")).toContain("提交的内容过大");
      expect(declared.body.length).toBeLessThan(4096);
      // Without Content-Length the bytes are counted as they arrive, against the same bound.
      const chunked = await rawRequest(path, {
        headers: { "Content-Type": "multipart/form-data; boundary=XYZ", "Transfer-Encoding": "chunked" },
        chunks: [body.subarray(0, MB), body.subarray(MB)],
      });
      expect(chunked.status, `${path} chunked`).toBe(413);
      expect(chunked.body.length).toBeLessThan(4096);
    }
    expect(portal.errors()).toBe(errorsBefore);
  });

  it("still takes a file route's multipart body past the form bound: 2 MB to /bureau/credit-data/upload is read", async () => {
    const form = new FormData();
    form.set("intent", "preview");
    form.set("kind", "monthly");
    form.set("source", "electricity");
    form.set("file", new File([`统一社会信用代码,用量\n${`${SME},5\n`.repeat(80_000)}`], "big.csv", { type: "text/csv" }));
    const response = await fetch(`${portal.baseUrl}/bureau/credit-data/upload`, {
      method: "POST",
      body: form,
      headers: { Cookie: bureau, Origin: portal.baseUrl },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("文件缺少以下列");
  });

  it("echoes only the form's own fields, each cut to what that field accepts: 10,000 made-up fields to /register", async () => {
    const body = new URLSearchParams({
      uscc: "91320571908301663W",
      name: "z".repeat(150), // 企业名称: at most 100
      legalRepName: "q".repeat(300), // 法定代表人: at most 30
      contactPhone: "7".repeat(5_000), // no declared length: codes and numbers, at most 100
      password: "Xyd#2026pass",
      passwordConfirm: "Xyd#2026pass",
    });
    for (let i = 0; i < 10_000; i++) body.append(`junkkey${i}`, `junkvalue${i}`);
    body.append("junkkey_unreadable", "a\u0001b");
    const encoded = body.toString();
    expect(encoded.length).toBeLessThan(FORM_BOUND);
    const response = await fetch(`${portal.baseUrl}/register`, { method: "POST", body, redirect: "manual" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("企业名称不能超过100个字");
    expect(html).not.toContain("junkkey");
    expect(html).not.toContain("junkvalue");
    // Each field comes back no longer than it may be, but it does come back.
    expect(html).toContain("z".repeat(100));
    expect(html).not.toContain("z".repeat(101));
    expect(html).toContain("q".repeat(30));
    expect(html).not.toContain("q".repeat(31));
    expect(html).not.toContain("7".repeat(101));
    expect(html.length).toBeLessThan(100_000);
  });

  it("never echoes a field longer than any field accepts", async () => {
    const name = "z".repeat(800_000); // 800 KB: inside the form bound, far past the 100-character name
    const response = await fetch(`${portal.baseUrl}/register`, {
      method: "POST",
      body: new URLSearchParams({ uscc: "91320571908301663W", name, password: "Xyd#2026pass", passwordConfirm: "Xyd#2026pass" }),
      redirect: "manual",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("企业名称不能超过100个字");
    expect(html).not.toContain("z".repeat(2_001));
    expect(html.length).toBeLessThan(100_000);
  });
});

describe("bodies of the wrong type, broken bodies and odd methods", () => {
  const cases: [string, Record<string, string>, string][] = [
    ["JSON", { "Content-Type": "application/json" }, JSON.stringify({ username: "bureau", password: "x" })],
    ["plain text", { "Content-Type": "text/plain;charset=UTF-8" }, "username=bureau&password=x"],
    ["no content type", {}, "username=bureau&password=x"],
    ["multipart without a boundary", { "Content-Type": "multipart/form-data" }, "username=bureau"],
    ["broken multipart", { "Content-Type": "multipart/form-data; boundary=XYZ" }, "username=bureau&password=x"],
    [
      "truncated multipart",
      { "Content-Type": "multipart/form-data; boundary=XYZ" },
      '--XYZ\r\nContent-Disposition: form-data; name="username"\r\n\r\nbureau',
    ],
  ];

  it.each(cases)("a form action sent as %s: 400 or 415 in Chinese, no stack trace", async (_name, headers, body) => {
    const errorsBefore = portal.errors();
    for (const [path, cookie] of [
      ["/login", undefined],
      ["/sme/needs/new", sme],
      ["/bureau/credit-data/upload", bureau],
    ] as const) {
      const page = await rawRequest(path, {
        headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}), "Content-Length": String(Buffer.byteLength(body)) },
        chunks: [Buffer.from(body)],
      });
      expect([400, 415], `${path}: ${page.status}`).toContain(page.status);
      expect(hasChinese(page.body.toString("utf8")), path).toBe(true);
      const api = await rawRequest(path, {
        headers: {
          ...headers,
          Accept: "application/json",
          ...(cookie ? { Cookie: cookie } : {}),
          "Content-Length": String(Buffer.byteLength(body)),
        },
        chunks: [Buffer.from(body)],
      });
      expect([400, 415], `${path} (JSON client): ${api.status}`).toContain(api.status);
      if (api.status === 415) {
        const answer = JSON.parse(api.body.toString("utf8")) as { error: { code: string; message: string } };
        expect(answer.error.code).toBe("unsupported_media_type");
        expect(hasChinese(answer.error.message)).toBe(true);
      }
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(portal.errors()).toBe(errorsBefore);
    expect(portal.errors()).not.toMatch(STACK_FRAME);
  });

  it.each(["TRACE", "PUT", "DELETE", "OPTIONS", "PROPFIND"])(
    "%s / answers 405 with Allow and a zh-CN reason, no stack trace",
    async (method) => {
      const errorsBefore = portal.errors();
      const text = await rawRequest("/", { method, chunks: [] });
      expect(text.status).toBe(405);
      expect(text.headers.allow).toBe("GET, HEAD, POST");
      expect(text.body.toString("utf8")).toContain("不支持");
      const json = await rawRequest("/login", { method, headers: { Accept: "application/json" }, chunks: [] });
      expect(json.status).toBe(405);
      expect((JSON.parse(json.body.toString("utf8")) as { error: { code: string } }).error.code).toBe("method_not_allowed");
      await new Promise((r) => setTimeout(r, 200));
      expect(portal.errors()).toBe(errorsBefore);
    },
  );

  it.each(["a=b.csv", "a;b.csv", "a,b;c=d.csv"])("uploads a file named %s: it is read, not a 500", async (filename) => {
    const errorsBefore = portal.errors();
    const form = new FormData();
    form.set("intent", "preview");
    form.set("kind", "monthly");
    form.set("source", "electricity");
    form.set("file", new File([`统一社会信用代码,用量\n${SME},5\n`], filename, { type: "text/csv" }));
    const response = await fetch(`${portal.baseUrl}/bureau/credit-data/upload`, {
      method: "POST",
      body: form,
      headers: { Cookie: bureau, Origin: portal.baseUrl },
    });
    expect(response.status).toBe(400);
    // The file itself was read: the answer is about its columns.
    expect(await response.text()).toContain("文件缺少以下列：应缴金额、实缴金额、是否按时缴纳、月份");
    expect(portal.errors()).toBe(errorsBefore);
  });
});

describe("bytes that are not text", () => {
  const needForm = (purpose: string) =>
    [
      "amount=200",
      "termMonths=12",
      `purposeCategory=${encodeURIComponent("原材料采购")}`,
      "authorize=yes",
      `commitment=${currentCommitment("need").version}`,
      `purpose=${purpose}`,
    ].join("&");
  const needCount = async () => {
    const { openDatabase } = await import("~db/connection");
    const db = openDatabase(dbPath);
    try {
      return (db.$client.prepare("SELECT count(*) AS n FROM needs WHERE purpose LIKE '%' || char(65533) || '%'").get() as { n: number }).n;
    } finally {
      db.$client.close();
    }
  };

  it("refuses invalid UTF-8 in a form field at the field, and stores nothing", async () => {
    for (const purpose of [
      `${encodeURIComponent("采购")}%FF%FE${encodeURIComponent("钢材一批")}`,
      `${encodeURIComponent("采购钢材")}%C3%28${encodeURIComponent("一批")}`,
    ]) {
      const response = await fetch(`${portal.baseUrl}/sme/needs/new`, {
        method: "POST",
        body: needForm(purpose),
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: sme, Origin: portal.baseUrl },
        redirect: "manual",
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("用途说明含有无法识别的字符，请检查输入法或文件编码");
    }
    // Raw bytes in a multipart field too.
    const multipart = Buffer.concat([
      Buffer.from(
        '--XYZ\r\nContent-Disposition: form-data; name="uscc"\r\n\r\n91320571908301663W\r\n--XYZ\r\nContent-Disposition: form-data; name="name"\r\n\r\n',
      ),
      Buffer.from([0xe8, 0x8b, 0x8f, 0xff, 0xe5, 0xb7]),
      Buffer.from("\r\n--XYZ--\r\n"),
    ]);
    const register = await rawRequest("/register", {
      headers: { "Content-Type": "multipart/form-data; boundary=XYZ", "Content-Length": String(multipart.length) },
      chunks: [multipart],
    });
    expect(register.status).toBe(400);
    expect(register.body.toString("utf8")).toContain("企业名称含有无法识别的字符，请检查输入法或文件编码");
    expect(await needCount()).toBe(0);
  });

  it("refuses a CSV upload with bytes that are neither UTF-8 nor GBK, naming the line", async () => {
    const csv = Buffer.concat([
      iconv.encode(`统一社会信用代码,月份,用量,应缴金额,实缴金额,是否按时缴纳\n${SME},2026-01,5,1.00,1.00,是\n`, "gbk"),
      Buffer.from(`${SME},2026-02,5,1.00,1.00,`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from("\n"),
    ]);
    const form = new FormData();
    form.set("intent", "preview");
    form.set("kind", "monthly");
    form.set("source", "electricity");
    form.set("file", new File([csv], "用电.csv", { type: "text/csv" }));
    const response = await fetch(`${portal.baseUrl}/bureau/credit-data/upload`, {
      method: "POST",
      body: form,
      headers: { Cookie: bureau, Origin: portal.baseUrl },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("文件第3行含有无法识别的字符，请检查输入法或文件编码");
  });

  it("never puts a NUL byte into a page: a message after long Chinese text reads 用途说明不能超过200个字", async () => {
    // Long Chinese text shifted by 0–2 bytes, so some 3-byte character straddles React's 2 KB write buffer.
    for (const shift of ["", "a", "ab"]) {
      const response = await fetch(`${portal.baseUrl}/sme/needs/new`, {
        method: "POST",
        body: needForm(encodeURIComponent(`${shift}${"采".repeat(300)}`)),
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: sme, Origin: portal.baseUrl },
        redirect: "manual",
      });
      expect(response.status).toBe(400);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.indexOf(0), `NUL byte with shift "${shift}"`).toBe(-1);
      expect(bytes.toString("utf8")).toContain("用途说明不能超过200个字</span>");
    }
  });
});
