/**
 * The bureau's upload screen over the built portal: a multipart upload gives a preview, confirming
 * runs the import in a worker with a progress display, and the batch report and its CSV follow.
 */
import { spawnSync } from "node:child_process";
import { eq } from "drizzle-orm";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import { addMonths, monthOf } from "~/lib/time";
import { MAX_BATCH_BYTES } from "~/lib/validation/credit-batches";
import { creditBatches, creditImportJobs, creditMonthly, dataProviders, enterprises, users } from "~db/schema";
import { startTestApp, type TestApp } from "../../support/app";

const PAGE = "/bureau/credit-data/upload";
const month = addMonths(monthOf(Date.now()), -1);

let app: TestApp;
let bureau: string;
let bureau2: string;
let usccs: string[];

function upload(fields: Record<string, string>, file: { name: string; bytes: Uint8Array } | null, cookie = bureau) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  if (file) form.append("file", new File([new Uint8Array(file.bytes)], file.name));
  return app.request(PAGE, { cookie, body: form });
}

/** Follows the redirect to the job page and polls it as the browser does, until the import is over. */
async function importUntilDone(stagedId: string): Promise<string> {
  const confirm = await app.request(PAGE, { cookie: bureau, form: { intent: "import", stagedId } });
  expect(confirm.status).toBe(302);
  const location = confirm.headers.get("Location")!;
  expect(location).toMatch(/^\/bureau\/credit-data\/upload\?job=/);
  for (let i = 0; i < 120; i++) {
    const html = await textOf(await app.request(location, { cookie: bureau }));
    if (!/排队中|正在读取|正在校验|正在写入/.test(html)) return html;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the import did not finish");
}

/** The page's text as a reader sees it (React marks text boundaries with empty comments). */
const textOf = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");
const stagedIdOf = (html: string) => /name="stagedId" value="([0-9a-f-]{36})"/.exec(html)![1]!;

beforeAll(async () => {
  app = await startTestApp();
  bureau = await app.signIn("bureau");
  bureau2 = await app.signIn("bureau2");
  usccs = app.db
    .select({ uscc: enterprises.uscc })
    .from(enterprises)
    .limit(3)
    .all()
    .map((e) => e.uscc);
  // The demo city's water company, which may send water data only.
  expect(app.db.select().from(dataProviders).where(eq(dataProviders.name, "苏州市水务集团")).get()?.sources).toEqual(["water"]);
});

describe("uploading a provider's file", () => {
  const gbkCsv = () =>
    iconv.encode(
      [
        "统一社会信用代码,用量（千瓦时）,应缴金额（元）,实缴金额,是否按时缴纳,备注",
        ...usccs.map((u, i) => `${u},${100 + i},88.50,88.50,是,`),
      ].join("\r\n"),
      "gbk",
    );

  it("previews the first rows, the row count and the header mapping, then imports with progress", async () => {
    const preview = await upload(
      { intent: "preview", kind: "monthly", source: "electricity", month },
      { name: "用电.csv", bytes: gbkCsv() },
    );
    expect(preview.status).toBe(200);
    const html = await textOf(preview);
    expect(html).toContain("预览：用电.csv");
    expect(html).toContain("GBK/GB18030 编码");
    expect(html).toContain("用量（千瓦时） → 用量");
    expect(html).toContain("备注"); // shown as ignored
    expect(html).toContain("确认导入 3 行");
    expect(html).toContain(usccs[0]);

    const done = await importUntilDone(stagedIdOf(html));
    expect(done).toContain("导入完成：3 行已入库");
    const batch = app.db.select().from(creditBatches).orderBy(creditBatches.id).all().at(-1)!;
    expect(batch).toMatchObject({
      origin: "upload",
      status: "applied",
      rowsAccepted: 3,
      filename: "用电.csv",
      source: "electricity",
      month,
    });
    expect(
      app.db
        .select()
        .from(creditMonthly)
        .where(eq(creditMonthly.batchId, batch.id))
        .all()
        .map((r) => r.paidFen),
    ).toEqual([8850, 8850, 8850]);
    expect(done).toContain(`/bureau/credit-data/batches/${batch.id}`);
    const list = await textOf(await app.request("/bureau/credit-data", { cookie: bureau }));
    expect(list).toContain(`#${batch.id}`);
    expect(list).toContain("文件上传");
  });

  it("reports a bad file's rows by spreadsheet row number, on the page and in the CSV", async () => {
    const csv = `统一社会信用代码,用量,应缴金额,实缴金额,是否按时缴纳\n${usccs[0]},5,1,1,是\n${usccs[1]},5,1,-1,也许\n`;
    const html = await (
      await upload(
        { intent: "preview", kind: "monthly", source: "electricity", month },
        { name: "bad.csv", bytes: new TextEncoder().encode(csv) },
      )
    ).text();
    const done = await importUntilDone(stagedIdOf(html));
    expect(done).toContain("数据有误，整批未入库");
    const batch = app.db.select().from(creditBatches).orderBy(creditBatches.id).all().at(-1)!;
    const report = await textOf(await app.request(`/bureau/credit-data/batches/${batch.id}`, { cookie: bureau }));
    expect(report).toContain("已退回");
    expect(report).toContain("是否按时缴纳应填“是”或“否”");
    const download = await app.request(`/bureau/credit-data/batches/${batch.id}.csv`, { cookie: bureau });
    expect(download.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split("\r\n");
    expect(lines).toEqual([
      "行号,字段,原因,原值",
      "3,实缴金额,实缴金额应为不小于0的金额（元），最多两位小数,'-1",
      "3,是否按时缴纳,是否按时缴纳应填“是”或“否”,也许",
    ]);
  });

  it("shows on a whole-city batch's report how many rows were for firms not on the portal (未入驻企业 N 行)", async () => {
    const city = app.db
      .select()
      .from(creditBatches)
      .where(eq(creditBatches.source, "electricity"))
      .orderBy(creditBatches.id)
      .all()
      .filter((b) => b.rowsUnregistered > 0)
      .at(-1)!;
    expect(city.rowsUnregistered).toBeGreaterThan(city.rowsAccepted / 2);
    const report = await textOf(await app.request(`/bureau/credit-data/batches/${city.id}`, { cookie: bureau }));
    expect(report).toContain(
      `其中未入驻企业 ${city.rowsUnregistered.toLocaleString("zh-CN")} 行：按统一社会信用代码留存，企业入驻时自动归集。`,
    );
    const list = await textOf(await app.request("/bureau/credit-data", { cookie: bureau }));
    expect(list).toContain("未入驻企业");
  });

  it("refuses an uploaded exit from the dishonesty list that names a listing the portal does not hold", async () => {
    const csv = [
      "统一社会信用代码,事件类型,发生日期,文书号,作出机关,事项说明,移出对象文书号",
      `91320583131860916J,dishonest_exit,${month}-18,苏税稽移出〔2026〕8号,国家税务总局苏州市税务局,移出重大税收违法失信主体名单,苏税稽失信〔2019〕1号`,
    ].join("\r\n");
    const preview = await textOf(
      await upload({ intent: "preview", kind: "event" }, { name: "移出名单.csv", bytes: new TextEncoder().encode(csv) }),
    );
    expect(preview).toContain("移出对象文书号 → 移出对象文书号");
    const done = await importUntilDone(stagedIdOf(preview));
    expect(done).toContain("数据有误，整批未入库");
    const batch = app.db.select().from(creditBatches).orderBy(creditBatches.id).all().at(-1)!;
    const report = await textOf(await app.request(`/bureau/credit-data/batches/${batch.id}`, { cookie: bureau }));
    expect(report).toContain("移出对象不存在：该企业没有文书号为“苏税稽失信〔2019〕1号”的列入严重失信主体名单记录");
  });

  it("says at the field what is wrong before anything is staged", async () => {
    const noColumn = await upload(
      { intent: "preview", kind: "monthly", source: "electricity" },
      { name: "x.csv", bytes: new TextEncoder().encode(`统一社会信用代码,用量\n${usccs[0]},5\n`) },
    );
    expect(noColumn.status).toBe(400);
    expect(await noColumn.text()).toContain("文件缺少以下列：应缴金额、实缴金额、是否按时缴纳、月份");
    const water = app.db.select().from(dataProviders).where(eq(dataProviders.name, "苏州市水务集团")).get()!;
    const notTheirs = await upload(
      { intent: "preview", kind: "monthly", source: "electricity", month, providerId: String(water.id) },
      { name: "用电.csv", bytes: gbkCsv() },
    );
    expect(notTheirs.status).toBe(400);
    expect(await notTheirs.text()).toContain("该提供方无权报送用电数据");
    const noFile = await upload({ intent: "preview", kind: "tax_grade", madeUpField: "回显不应出现" }, null);
    const noFileHtml = await noFile.text();
    expect(noFileHtml).toContain("请选择要上传的 CSV 或 Excel（.xlsx）文件");
    // The refusal sends back the form's own fields only, not whatever else was posted.
    expect(noFileHtml).not.toContain("madeUpField");
    expect(noFileHtml).not.toContain("回显不应出现");
    const tooBig = await upload({ intent: "preview", kind: "tax_grade" }, { name: "big.csv", bytes: new Uint8Array(MAX_BATCH_BYTES + 1) });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.text()).toContain("文件超过 20 MB");
  });

  it("lets only the user who previewed a file import it", async () => {
    const html = await (
      await upload({ intent: "preview", kind: "monthly", source: "electricity", month }, { name: "用电.csv", bytes: gbkCsv() })
    ).text();
    const other = await app.request(PAGE, { cookie: bureau2, form: { intent: "import", stagedId: stagedIdOf(html) } });
    expect(other.status).toBe(404);
    expect(await other.text()).toContain("预览已过期或不存在");
    const discard = await app.request(PAGE, { cookie: bureau, form: { intent: "discard", stagedId: stagedIdOf(html) } });
    expect(await discard.text()).toContain("已放弃导入 用电.csv");
  });

  it("shows a job cut off with its importing process as failed, from any server process", async () => {
    const bureauUserId = app.db.select({ id: users.id }).from(users).where(eq(users.username, "bureau")).get()!.id;
    // A process id no process has: the importing process died (kill -9, OOM) before it finished the job.
    const gone = spawnSync(process.execPath, ["-e", ""]).pid!;
    app.db
      .insert(creditImportJobs)
      .values({
        id: "11111111-2222-3333-4444-555555555555",
        ownerUserId: bureauUserId,
        filename: "断电.csv",
        state: "running",
        phase: "apply",
        done: 40,
        total: 90,
        processId: gone,
        createdAt: Date.now(),
      })
      .run();
    const html = await textOf(await app.request(`${PAGE}?job=11111111-2222-3333-4444-555555555555`, { cookie: bureau }));
    expect(html).toContain("导入失败：服务器进程已重启，导入被中断");
    expect(html).not.toContain("正在写入");
    // Only its owner sees it.
    expect(await textOf(await app.request(`${PAGE}?job=11111111-2222-3333-4444-555555555555`, { cookie: bureau2 }))).toContain(
      "找不到该导入任务",
    );
  });

  it("tells the user when a job is unknown (the server restarted)", async () => {
    const html = await (await app.request(`${PAGE}?job=00000000-0000-0000-0000-000000000000`, { cookie: bureau })).text();
    expect(html).toContain("找不到该导入任务");
  });
});
