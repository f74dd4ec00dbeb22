/**
 * Search and density (issue 18): the 金融超市's keyword and orders, the officer's firm search, the
 * queue's compact table and the queue's and business list's CSV exports — through the built portal.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { districtName as districtNameOf } from "~/lib/reference";
import { marketProducts } from "~/services/products.server";
import { officerQueue } from "~/services/queue.server";
import { listInstitutionClaims } from "~/services/claim-views.server";
import { searchFirmsForOfficer } from "~/services/credit-profile.server";
import { parse } from "csv-parse/sync";
import { startTestApp, type TestApp } from "../../support/app";
import { sessionOf } from "../../support/credit";
import { DEMO_LOGIN, foreignObjects } from "../../support/route-table";

let app: TestApp;
let officer: string;
let enterprise: string;

beforeAll(async () => {
  app = await startTestApp();
  officer = await app.signIn(DEMO_LOGIN.bank_officer);
  enterprise = await app.signIn(DEMO_LOGIN.enterprise);
});

const csvRows = async (response: Response) => {
  const bytes = Buffer.from(await response.arrayBuffer());
  expect([...bytes.subarray(0, 3)], "UTF-8 byte-order mark").toEqual([0xef, 0xbb, 0xbf]);
  return parse(bytes.subarray(3).toString("utf8")) as string[][];
};

describe("金融超市: keyword and order", () => {
  it("finds products by words in their name, their description or their bank's name, every word narrowing", () => {
    const all = marketProducts(app.db, { page: 1 }).page.total;
    const sample = marketProducts(app.db, { page: 1 }).rows[0]!;
    const byName = marketProducts(app.db, { keyword: sample.name, page: 1 }).rows;
    expect(byName.map((p) => p.id)).toContain(sample.id);
    const byBank = marketProducts(app.db, { keyword: sample.institutionName, page: 1 });
    expect(byBank.page.total).toBeGreaterThan(0);
    expect(byBank.page.total).toBeLessThan(all);
    expect(byBank.rows.every((p) => p.institutionName === sample.institutionName || p.name.includes(sample.institutionName))).toBe(true);
    const narrowed = marketProducts(app.db, { keyword: `${sample.institutionName} ${sample.name}`, page: 1 }).rows;
    expect(narrowed.map((p) => p.id)).toContain(sample.id);
    expect(narrowed.every((p) => p.institutionName === sample.institutionName)).toBe(true);
    // The description counts too: a word only it holds.
    app.db.$client.prepare("UPDATE products SET description = description || '（支持跨境电商结算）' WHERE id = ?").run(sample.id);
    expect(marketProducts(app.db, { keyword: "跨境电商", page: 1 }).rows.map((p) => p.id)).toEqual([sample.id]);
    // LIKE's wildcards are taken literally.
    const literal = app.db.$client
      .prepare("SELECT count(*) AS n FROM products WHERE listed = 1 AND (instr(name, '%') > 0 OR instr(description, '%') > 0)")
      .get() as { n: number };
    expect(marketProducts(app.db, { keyword: "%", page: 1 }).page.total).toBe(literal.n);
    expect(marketProducts(app.db, { keyword: "_", page: 1 }).page.total).toBe(0);
  });

  it("sorts by rate (lowest first), amount and term (largest first), ties by the default order", () => {
    const every = (sort: "rate" | "amount" | "term") => {
      const { page } = marketProducts(app.db, { sort, page: 1 });
      return Array.from({ length: page.pageCount }, (_, i) => marketProducts(app.db, { sort, page: i + 1 }).rows).flat();
    };
    const rates = every("rate").map((p) => p.rateMinBp);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    const amounts = every("amount").map((p) => p.amountMaxFen);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    const terms = every("term");
    expect(terms.map((p) => p.termMaxMonths)).toEqual(terms.map((p) => p.termMaxMonths).sort((a, b) => b - a));
    // Paging over an order shows each product once.
    expect(new Set(terms.map((p) => p.id)).size).toBe(terms.length);
  });

  it("takes the keyword and order from the query string, keeps them across pages, and ignores a bad value with a notice instead of failing", async () => {
    const page = await app.request(`/products?q=${encodeURIComponent("银行")}&sort=rate`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('value="银行"');
    expect(html).not.toContain("部分筛选条件格式不正确");
    // The pager's links keep the keyword and the order.
    expect(marketProducts(app.db, { sort: "term", page: 1 }).page.pageCount).toBeGreaterThan(1);
    const paged = await (await app.request("/products?sort=term&q=%E8%B4%B7")).text();
    if (marketProducts(app.db, { sort: "term", keyword: "贷", page: 1 }).page.pageCount > 1) {
      expect(paged).toContain("sort=term&amp;q=%E8%B4%B7&amp;page=2");
    }
    expect(await (await app.request("/products?sort=term")).text()).toContain('href="/products?sort=term&amp;page=2"');
    for (const bad of ["sort=cheapest", "sort[]=rate", `q=${"长".repeat(80)}`, "amount=lots&term=-1", "page=-3&sort=%00"]) {
      const response = await app.request(`/products?${bad}`);
      expect(response.status, bad).toBe(200);
      const body = await response.text();
      if (!bad.startsWith("sort[]")) expect(body, bad).toContain("部分筛选条件格式不正确，已忽略");
      expect(body, bad).toContain("共 ");
    }
  });
});

describe("需求队列: compact table and CSV", () => {
  it("shows the compact table when the query string asks for it, and keeps the choice in the filter form", async () => {
    const html = await (await app.request("/bank/applicants?view=table&sort=amount", { cookie: officer })).text();
    expect(html).toContain("需求队列（紧凑表格）");
    expect(html).toMatch(/<input type="hidden" name="view" value="table"\/?>/);
    expect(html).toMatch(/aria-current="page"[^>]*>紧凑表格|紧凑表格<\/a>/);
    const cards = await (await app.request("/bank/applicants?view=grid", { cookie: officer })).text();
    expect(cards).not.toContain("需求队列（紧凑表格）");
    expect(cards).toContain("部分筛选条件格式不正确");
  });

  it("exports the queue as the officer sees it: same filter and order, every page, in the one CSV writer's format", async () => {
    const user = sessionOf(app.db, DEMO_LOGIN.bank_officer);
    const expected = officerQueue(app.db, user.institutionId!, { sort: "amount", page: 1, pageSize: 10_000 }, Date.now()).rows;
    expect(expected.length).toBeGreaterThan(0);
    const response = await app.request("/bank/applicants.csv?sort=amount&view=table&page=2", { cookie: officer });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(decodeURIComponent(response.headers.get("Content-Disposition")!)).toMatch(/需求队列-\d{4}-\d{2}-\d{2}\.csv/);
    const [header, ...rows] = await csvRows(response);
    expect(header!.slice(0, 3)).toEqual(["排名", "需求编号", "企业"]);
    expect(rows.map((r) => Number(r[1]))).toEqual(expected.map((r) => r.needId));

    const district = expected[0]!.enterprise.district;
    const filtered = await csvRows(
      await app.request(`/bank/applicants.csv?district=${encodeURIComponent(districtCodeOf(district))}&sort=bogus`, { cookie: officer }),
    );
    expect(filtered.slice(1).every((r) => r[3] === district)).toBe(true);
    expect(filtered.length - 1).toBeLessThanOrEqual(expected.length);
  });

  it("writes a firm name that starts like a formula as inert text", async () => {
    const user = sessionOf(app.db, DEMO_LOGIN.bank_officer);
    const first = officerQueue(app.db, user.institutionId!, { sort: "fit", page: 1 }, Date.now()).rows[0]!;
    const rename = app.db.$client.prepare("UPDATE enterprises SET name = ? WHERE id = ?");
    rename.run('=HYPERLINK("//e.x","点此")', first.enterprise.id);
    try {
      const rows = await csvRows(await app.request("/bank/applicants.csv", { cookie: officer }));
      expect(rows.find((r) => r[1] === String(first.needId))![2]).toBe('\'=HYPERLINK("//e.x","点此")');
    } finally {
      rename.run(first.enterprise.name, first.enterprise.id);
    }
  });

  it("is refused to anyone but the institution's staff", async () => {
    expect((await app.request("/bank/applicants.csv", { cookie: enterprise })).status).toBe(403);
    expect((await app.request("/bank/applicants.csv")).status).toBe(302);
  });
});

describe("我的业务: CSV", () => {
  it("exports the bank's business list with the page's filter, every page, and nothing of another bank", async () => {
    const user = sessionOf(app.db, DEMO_LOGIN.bank_officer);
    const all = listInstitutionClaims(app.db, user, { page: 1, pageSize: 10_000 }, Date.now()).rows;
    expect(all.length).toBeGreaterThan(0);
    const [header, ...rows] = await csvRows(await app.request("/bank/claims.csv", { cookie: officer }));
    expect(header![0]).toBe("需求编号");
    expect(rows.map((r) => Number(r[0]))).toEqual(all.map((r) => r.need.id));
    const mine = await csvRows(await app.request("/bank/claims.csv?mine=1&status=disbursed", { cookie: officer }));
    const expectedMine = all.filter((r) => r.claim.officerUserId === user.id && r.claim.status === "disbursed");
    expect(mine.slice(1).map((r) => Number(r[0]))).toEqual(expectedMine.map((r) => r.need.id));
    expect(mine.slice(1).every((r) => r[5] === "已放款")).toBe(true);
    const foreignNeeds = app.db.$client.prepare("SELECT need_id AS id FROM claims WHERE institution_id <> ?").all(user.institutionId) as {
      id: number;
    }[];
    const ownNeeds = new Set(all.map((r) => r.need.id));
    expect(rows.filter((r) => !ownNeeds.has(Number(r[0])) && foreignNeeds.some((f) => f.id === Number(r[0])))).toEqual([]);
    // The page links to the export with its filter.
    const page = await (await app.request("/bank/claims?status=granted&mine=1", { cookie: officer })).text();
    expect(page).toContain('href="/bank/claims.csv?status=granted&amp;mine=1"');
  });

  it("is refused to an enterprise", async () => {
    expect((await app.request("/bank/claims.csv", { cookie: enterprise })).status).toBe(403);
  });
});

describe("企业查询", () => {
  it("finds a firm the bank does business with by part of its name or by its USCC, and shows only the summary's facts", async () => {
    const user = sessionOf(app.db, DEMO_LOGIN.bank_officer);
    const firm = officerQueue(app.db, user.institutionId!, { sort: "fit", page: 1 }, Date.now()).rows[0]!.enterprise;
    const { uscc, contact_phone: phone } = app.db.$client
      .prepare("SELECT uscc, contact_phone FROM enterprises WHERE id = ?")
      .get(firm.id) as {
      uscc: string;
      contact_phone: string;
    };
    const part = firm.name.slice(2, 6);
    expect(searchFirmsForOfficer(app.db, user, part, Date.now()).rows.map((r) => r.id)).toContain(firm.id);
    const byCode = searchFirmsForOfficer(app.db, user, uscc.toLowerCase(), Date.now()).rows;
    expect(byCode[0]).toMatchObject({ id: firm.id, uscc, district: firm.district });
    const html = await (await app.request(`/bank/enterprises?q=${uscc}`, { cookie: officer })).text();
    expect(html).toContain(`href="/bank/enterprises/${firm.id}"`);
    expect(html).not.toContain(phone);
  });

  it("never finds a firm the enterprise page would call not found for this bank", async () => {
    const user = sessionOf(app.db, DEMO_LOGIN.bank_officer);
    const stranger = foreignObjects(app).enterprise;
    const { name, uscc } = app.db.$client.prepare("SELECT name, uscc FROM enterprises WHERE id = ?").get(stranger) as {
      name: string;
      uscc: string;
    };
    expect(searchFirmsForOfficer(app.db, user, uscc, Date.now()).rows).toEqual([]);
    expect(searchFirmsForOfficer(app.db, user, name, Date.now()).rows.map((r) => r.id)).not.toContain(stranger);
    expect((await app.request(`/bank/enterprises/${stranger}`, { cookie: officer })).status).toBe(404);
    const html = await (await app.request(`/bank/enterprises?q=${uscc}`, { cookie: officer })).text();
    expect(html).toContain("没有找到");
  });

  it("asks for at least two characters, and is refused to an enterprise", async () => {
    const response = await app.request("/bank/enterprises?q=a", { cookie: officer });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("请输入至少 2 个字");
    expect((await app.request("/bank/enterprises?q=苏州", { cookie: enterprise })).status).toBe(403);
  });
});

function districtCodeOf(name: string): string {
  const found = app.db.$client.prepare("SELECT district_code AS code FROM enterprises").all() as { code: string }[];
  for (const { code } of found) if (districtNameOf(code) === name) return code;
  throw new Error(`no district named ${name}`);
}
