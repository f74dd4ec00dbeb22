/** Scoring screens over HTTP: public method page, the enterprise's score, the bureau's forms and their errors. */
import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app";

let app: TestApp;
let bureau: string;

beforeAll(async () => {
  app = await startTestApp();
  bureau = await app.signIn("bureau");
});

describe("scoring pages over HTTP", () => {
  it("publishes the points table, grade bands and knock-outs to anyone", async () => {
    const html = await (await app.request("/credit/method")).text();
    for (const text of ["expert-2026.2", "A 优", "700 分及以上", "严重失信主体名单", "纳税信用等级", "缺失月份按缺失处理"])
      expect(html).toContain(text);
  });

  it("shows the enterprise its score, grade and how to raise it", async () => {
    const html = await (await app.request("/sme/score", { cookie: await app.signIn("9132050852601815XM") })).text();
    expect(html).toMatch(/<strong>\d{3}<\/strong> 分/);
    expect(html).toContain("怎样提高评分");
    expect(html).toContain("/credit/method");
  });

  it("refuses to activate a version without a reason, at the field", async () => {
    const response = await app.request("/bureau/scoring", {
      cookie: bureau,
      form: { intent: "activate", version: "expert-2026.2", reason: "" },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("请写明启用原因");
  });

  it("builds a district list and refuses a push to no institution, at the field", async () => {
    const path = "/bureau/recommendations?district=320508&month=2026-11";
    expect((await app.request(path, { cookie: bureau, form: { intent: "build" } })).status).toBe(200);
    const push = await app.request(path, { cookie: bureau, form: { intent: "push", listId: "1" } });
    expect(push.status).toBe(400);
    expect(await push.text()).toContain("请至少选择一家金融机构");
  });
});
