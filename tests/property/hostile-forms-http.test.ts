/**
 * Hostile form bodies posted to every form route of the built portal, as the role the form is for:
 * never a 5xx; a refusal (4xx) shows a zh-CN message on the page and leaves the database as it was;
 * hostile markup never comes back unescaped. The push API answers hostile JSON with `{error:{code}}`.
 */
import { currentCommitment } from "~/domain/commitments";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays, addMonths, dateOf, monthOf } from "~/lib/time";
import { enterpriseCreditData } from "~/services/credit-profile.server";
import { PROVIDER_PERMISSIONS } from "~/domain/credit";
import { createProvider, issueToken } from "~/services/data-providers.server";
import { postNeed } from "~/services/needs.server";
import { fileObjection } from "~/services/objections.server";
import { startTestApp, type TestApp } from "../support/app";
import { watchWrites } from "../support/db";
import { ingest, sessionOf } from "../support/credit";
import { hostileFieldValue, hostileJson, mutatedForm, TEN_MB_CHINESE } from "./hostile";

const RUNS = { numRuns: 30 };
const SME = "9132050852601815XM";
const PASSWORD = "Xyd#2026pass";
const today = dateOf(Date.now());
const lastMonth = addMonths(monthOf(Date.now()), -1);

let app: TestApp;
const cookies: Record<string, string> = {};
let ids: {
  need: number;
  product: number;
  claimed: number;
  granted: number;
  loan: number;
  objection: number;
  creditItem: number;
  /** The demo firm's application to 苏州银行's product, for 不予受理. */
  application: number;
};

/**
 * Moves whenever the portal writes a row (rate-limit counters aside): a refused request must leave it
 * where it was, whichever table it would have touched.
 */
let dataVersion: () => number;

let address = 0;
/** Each request from its own address, so rate limits on login and registration stay out of the way. */
const nextAddress = () => `198.18.${(++address >> 8) & 255}.${address & 255}`;

const hasChinese = (text: unknown) => typeof text === "string" && /[\u4e00-\u9fff]/.test(text);

/**
 * The messages a refused submit carries: the route's action called as Remix calls it, so the test reads
 * its field errors as data instead of scraping them from the page.
 */
/**
 * The password form ends a user's sessions at the 5th wrong current password (SECURITY.md), so its
 * hostile posts come from an officer of their own, signed in afresh each time (which clears the count).
 */
const PASSWORD_CHANGER = "password_changer";
async function cookieFor(target: Target): Promise<string | undefined> {
  if (target.role === PASSWORD_CHANGER) return app.signIn("szbank_officer2");
  return target.role ? cookies[target.role] : undefined;
}

async function refusalMessages(
  target: Target,
  form: Record<string, string>,
  clientAddress: string,
  cookie: string | undefined,
): Promise<string[]> {
  const path = target.path();
  const headers = new Headers({
    "Content-Type": "application/x-www-form-urlencoded",
  });
  if (cookie) headers.set("Cookie", cookie);
  const request = new Request(`http://localhost${path}`, {
    method: "POST",
    headers,
    body: new URLSearchParams(form),
  });
  const action = app.build.routes[target.routeId]!.module.action!;
  let result: unknown;
  try {
    result = await action({
      request,
      params: target.params?.() ?? {},
      context: { clientAddress, cspNonce: "test" },
    });
  } catch (thrown) {
    // A guard or a missing object answers with a thrown Response whose body is the message.
    if (thrown instanceof Response) return [await thrown.text()];
    throw thrown;
  }
  if (result instanceof Response) return [await result.text()];
  const payload =
    (result as { type?: string; data?: unknown }).type === "DataWithResponseInit" ? (result as { data: unknown }).data : result;
  const {
    fieldErrors = {},
    error,
    formError,
  } = (payload ?? {}) as { fieldErrors?: Record<string, string>; error?: string; formError?: string };
  return [...Object.values(fieldErrors), ...[error, formError].filter((m) => m !== undefined)];
}

async function postHostile(target: Target, form: Record<string, string>) {
  const path = target.path();
  const clientAddress = nextAddress();
  const cookie = await cookieFor(target);
  const before = dataVersion();
  const response = await app.request(path, {
    form,
    cookie,
    clientAddress,
  });
  const html = await response.text();
  expect(response.status, `${path} ${JSON.stringify(form).slice(0, 300)}`).toBeLessThan(500);
  expect(html).not.toContain("<script>alert(1)</script>");
  expect(html).not.toContain("<img src=x onerror");
  if (response.status >= 400) {
    expect(dataVersion(), `a refused ${path} wrote to the database`).toBe(before);
    const messages = await refusalMessages(target, form, clientAddress, cookie);
    expect(messages.length, `no message for the ${response.status} answer of ${path}`).toBeGreaterThan(0);
    for (const message of messages) expect(hasChinese(message), `${path}: "${message}"`).toBe(true);
    expect(dataVersion()).toBe(before);
  }
  return response;
}

type Target = {
  name: string;
  routeId: string;
  path: () => string;
  params?: () => Record<string, string>;
  role: string | null;
  valid: () => Record<string, string>;
  extra?: string[];
};

const TARGETS: Target[] = [
  {
    name: "registration",
    routeId: "routes/register",
    path: () => "/register",
    role: null,
    valid: () => ({
      uscc: "91320571908301663W",
      name: "苏州新注册科技有限公司",
      districtCode: "320508",
      industrySection: "C",
      size: "small",
      establishedOn: "2018-06-01",
      legalRepName: "王建国",
      contactName: "李小红",
      contactPhone: "13912345678",
      password: PASSWORD,
      passwordConfirm: PASSWORD,
      agree: "yes",
    }),
  },
  {
    name: "login",
    routeId: "routes/login",
    path: () => "/login",
    role: null,
    valid: () => ({
      username: "bureau",
      password: "Wrong#Pass2026",
      redirectTo: "/bureau",
    }),
  },
  {
    name: "need post",
    routeId: "routes/sme.needs.new",
    path: () => "/sme/needs/new",
    role: "enterprise",
    valid: () => ({
      amount: "200",
      termMonths: "12",
      purposeCategory: "原材料采购",
      purpose: "采购钢材用于订单生产",
      guaranteeMode: "credit",
      rateCeiling: "5",
      expiresOn: addDays(today, 30),
      authorize: "yes",
      commitment: currentCommitment("need").version,
    }),
    extra: ["targetProductId"],
  },
  {
    name: "need edit",
    routeId: "routes/sme.needs.$needId.edit",
    path: () => `/sme/needs/${ids.need}/edit`,
    params: () => ({ needId: String(ids.need) }),
    role: "enterprise",
    valid: () => ({
      amount: "300",
      termMonths: "24",
      purposeCategory: "设备购置",
      purpose: "购置数控机床两台",
      guaranteeMode: "",
      rateCeiling: "",
      expiresOn: addDays(today, 60),
      authorize: "yes",
      commitment: currentCommitment("need").version,
    }),
  },
  {
    name: "product create",
    routeId: "routes/bank.products.new",
    path: () => "/bank/products/new",
    role: "bank_admin",
    valid: () => productForm("苏易贷新品"),
  },
  {
    name: "product edit",
    routeId: "routes/bank.products.$productId",
    path: () => `/bank/products/${ids.product}`,
    params: () => ({ productId: String(ids.product) }),
    role: "bank_admin",
    valid: () => productForm("苏易贷改版"),
  },
  {
    name: "不予受理",
    routeId: "routes/bank.applications",
    path: () => "/bank/applications",
    role: "bank_officer",
    valid: () => ({ intent: "decline", needId: String(ids.application), reason: "not_eligible", note: "经营年限不足产品要求" }),
  },
  {
    name: "grant",
    routeId: "routes/bank.claims.$claimId",
    path: () => `/bank/claims/${ids.claimed}`,
    params: () => ({ claimId: String(ids.claimed) }),
    role: "bank_officer",
    valid: () => ({
      intent: "grant",
      productId: String(ids.product),
      amount: "100",
      rate: "4.35",
      termMonths: "12",
      guaranteeMode: "credit",
    }),
    extra: ["exceedsRequest"],
  },
  {
    name: "reject",
    routeId: "routes/bank.claims.$claimId",
    path: () => `/bank/claims/${ids.claimed}`,
    params: () => ({ claimId: String(ids.claimed) }),
    role: "bank_officer",
    valid: () => ({
      intent: "reject",
      reasonCode: "other",
      note: "企业经营地址无法核实",
    }),
  },
  {
    name: "disburse",
    routeId: "routes/bank.claims.$claimId",
    path: () => `/bank/claims/${ids.granted}`,
    params: () => ({ claimId: String(ids.granted) }),
    role: "bank_officer",
    valid: () => ({ intent: "disburse", amount: "50", disbursedOn: today, confirmBelowHalf: "yes" }),
  },
  {
    name: "loan status",
    routeId: "routes/bank.claims.$claimId",
    path: () => `/bank/claims/${ids.granted}`,
    params: () => ({ claimId: String(ids.granted) }),
    role: "bank_officer",
    valid: () => ({
      intent: "status",
      loanId: String(ids.loan),
      month: lastMonth,
      status: "normal",
    }),
  },
  {
    name: "authorization",
    routeId: "routes/sme.authorizations",
    path: () => "/sme/authorizations",
    role: "enterprise",
    valid: () => ({
      intent: "create",
      institution: "all",
      purpose: "贷款审查使用",
      expiresOn: addDays(today, 90),
    }),
  },
  {
    name: "objection",
    routeId: "routes/sme.objections.new",
    path: () => "/sme/objections/new",
    role: "enterprise",
    valid: () => ({
      itemType: "monthly",
      itemId: String(ids.creditItem),
      reason: "该月电费已按时缴纳，有缴费凭证",
    }),
  },
  {
    name: "objection decision",
    routeId: "routes/bureau.objections.$objectionId",
    path: () => `/bureau/objections/${ids.objection}`,
    params: () => ({ objectionId: String(ids.objection) }),
    role: "bureau",
    valid: () => ({
      decision: "rejected",
      resolution: "经核实数据无误，不予采纳",
    }),
  },
  {
    name: "officer creation",
    routeId: "routes/bank.officers",
    path: () => "/bank/officers",
    role: "bank_admin",
    valid: () => ({
      intent: "create",
      username: "szbank_fuzz",
      displayName: "测试经理",
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    }),
  },
  {
    name: "staff creation",
    routeId: "routes/admin.users",
    path: () => "/admin/users",
    role: "admin",
    valid: () => ({
      intent: "create",
      username: "analyst.fuzz",
      displayName: "李分析",
      role: "bureau",
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    }),
  },
  {
    name: "user status",
    routeId: "routes/admin.users",
    path: () => "/admin/users",
    role: "admin",
    valid: () => ({ intent: "disable", userId: "no-such-user", confirm: "yes" }),
  },
  {
    name: "institution",
    routeId: "routes/bureau.institutions",
    path: () => "/bureau/institutions",
    role: "bureau",
    valid: () => ({
      name: "苏州测试银行股份有限公司",
      shortName: "测试银行",
      kind: "city_bank",
      adminUsername: "testbank_admin",
      adminDisplayName: "管理员甲",
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    }),
  },
  {
    name: "provider",
    routeId: "routes/bureau.credit-data.providers",
    path: () => "/bureau/credit-data/providers",
    role: "bureau",
    valid: () => ({
      intent: "create_provider",
      name: "苏州水务集团",
      sources: "water",
    }),
  },
  {
    name: "token issue",
    routeId: "routes/bureau.credit-data.providers",
    path: () => "/bureau/credit-data/providers",
    role: "bureau",
    valid: () => ({
      intent: "issue_token",
      providerId: "999999",
      label: "生产环境",
    }),
  },
  {
    name: "token revoke",
    routeId: "routes/bureau.credit-data.providers",
    path: () => "/bureau/credit-data/providers",
    role: "bureau",
    valid: () => ({ intent: "revoke_token", tokenId: "999999" }),
  },
  {
    name: "upload options",
    routeId: "routes/bureau.credit-data.upload",
    path: () => "/bureau/credit-data/upload",
    role: "bureau",
    valid: () => ({
      kind: "monthly",
      source: "water",
      month: lastMonth,
      providerId: "",
    }),
  },
  {
    name: "report revision",
    routeId: "routes/bureau.reports.$month",
    path: () => `/bureau/reports/${lastMonth}`,
    params: () => ({ month: lastMonth }),
    role: "bureau",
    valid: () => ({
      intent: "open_revision",
      reason: "苏州银行补报了放款数据",
    }),
  },
  {
    name: "password change",
    routeId: "routes/account.password",
    path: () => "/account/password",
    role: PASSWORD_CHANGER,
    valid: () => ({
      currentPassword: "Wrong#Pass2026",
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    }),
  },
  {
    name: "holiday notice",
    routeId: "routes/admin.calendar",
    path: () => "/admin/calendar",
    role: "admin",
    valid: () => ({
      intent: "create",
      year: "2031",
      reference: "国办发明电〔2030〕1号",
      holidays: "2031-01-01\n2031-10-01 至 2031-10-07",
      workdays: "2031-09-28",
      reason: "",
    }),
  },
  // Last: an accepted hostile LPR moves the rate ceiling the rate forms above are checked against.
  {
    name: "LPR",
    routeId: "routes/admin.lpr",
    path: () => "/admin/lpr",
    role: "admin",
    valid: () => ({ effectiveOn: "2025-05-20", oneYear: "3.00", fiveYear: "", note: "" }),
  },
];

function productForm(name: string) {
  return {
    name,
    description: "纯信用",
    amountMin: "10",
    amountMax: "300",
    rateMin: "3.45",
    rateMax: "6.5",
    termMin: "3",
    termMax: "36",
    guaranteeModes: "credit",
    districtScope: "all",
    industryScope: "all",
    minGrade: "",
    minYears: "2",
    tags: "首贷",
  };
}

beforeAll(async () => {
  app = await startTestApp();
  dataVersion = watchWrites(app.db);
  const logins = {
    enterprise: SME,
    bank_officer: "szbank_officer",
    bank_admin: "szbank_admin",
    bureau: "bureau",
    admin: "admin",
  };
  for (const [role, username] of Object.entries(logins)) cookies[role] = await app.signIn(username);
  const one = (query: string) => (app.db.$client.prepare(query).get() as { id: number } | undefined)?.id ?? 999_999;
  const now = Date.now();
  ingest(
    app.db,
    "monthly",
    [
      {
        uscc: SME,
        source: "electricity",
        month: lastMonth,
        quantity: 31_415,
        billedFen: "2,500.00",
        paidFen: "2,500.00",
        paidOnTime: "是",
      },
    ],
    now,
  );
  const sme = sessionOf(app.db, SME);
  const officerClaims = "FROM claims c JOIN users u ON u.id = c.officer_user_id WHERE u.username = 'szbank_officer'";
  ids = {
    need: one(
      `SELECT n.id FROM needs n JOIN enterprises e ON e.id = n.enterprise_id WHERE e.uscc = '${SME}' AND n.status = 'open' AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.need_id = n.id) ORDER BY n.id DESC LIMIT 1`,
    ),
    product: one(
      "SELECT p.id FROM products p JOIN institutions i ON i.id = p.institution_id WHERE i.short_name = '苏州银行' ORDER BY p.id LIMIT 1",
    ),
    claimed: one(`SELECT c.id ${officerClaims} AND c.status = 'claimed' ORDER BY c.id DESC LIMIT 1`),
    granted: one(
      `SELECT c.id ${officerClaims} AND c.status IN ('granted', 'disbursed') ORDER BY c.status = 'granted' DESC, c.id DESC LIMIT 1`,
    ),
    loan: one(
      "SELECT l.id FROM loans l JOIN institutions i ON i.id = l.institution_id WHERE i.short_name = '苏州银行' ORDER BY l.id LIMIT 1",
    ),
    objection: 0,
    creditItem: enterpriseCreditData(app.db, sme.enterpriseId!, lastMonth, lastMonth).monthly.electricity[0]!.id,
    application: 0,
  };
  const applied = postNeed(
    app.db,
    sme,
    {
      amountFen: 50 * 1_000_000,
      termMonths: 12,
      purpose: "原材料采购：采购钢材",
      guaranteeMode: null,
      rateCeilingBp: null,
      expiresOn: addDays(today, 30),
      targetProductId: ids.product,
      commitmentVersion: currentCommitment("need").version,
    },
    now,
  );
  if (!applied.ok) throw new Error(applied.message);
  ids.application = applied.needId;
  const filed = fileObjection(
    app.db,
    sme,
    {
      itemType: "monthly",
      itemId: ids.creditItem,
      reason: "该月用电量与电费单不符，请核实",
    },
    now,
  );
  if (!filed.ok) throw new Error(filed.message);
  ids.objection = filed.objectionId;
  // Seeding the small city takes seconds; on a busy machine more than the property project's default 10.
}, 60_000);

describe("hostile form bodies over HTTP", () => {
  it.each(TARGETS.map((t) => [t.name, t] as const))(
    "%s: never 5xx; a refusal says why in Chinese and writes nothing",
    async (_name, target) => {
      await fc.assert(
        fc.asyncProperty(mutatedForm(target.valid(), target.extra, hostileFieldValue), async (form) => {
          await postHostile(target, form);
        }),
        RUNS,
      );
    },
  );

  it("a 10 MB field is refused at the field, not with a crash", async () => {
    const response = await postHostile(TARGETS[2]!, {
      ...TARGETS[2]!.valid(),
      purpose: TEN_MB_CHINESE,
    });
    expect(response.status).toBe(400);
  });

  it.each(TARGETS.map((t) => [t.name, t] as const))(
    "%s: bytes that are not UTF-8 in any field are refused, nothing stored",
    async (_name, target) => {
      for (const field of Object.keys(target.valid())) {
        const form = target.valid();
        // The raw body: the field's value followed by two bytes that are not UTF-8 (the decoder makes them U+FFFD).
        const body = Object.entries(form)
          .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}${key === field ? "%FF%FE" : ""}`)
          .join("&");
        const cookie = await cookieFor(target);
        const before = dataVersion();
        const response = await app.request(target.path(), {
          body,
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          cookie,
          clientAddress: nextAddress(),
        });
        const html = await response.text();
        expect(response.status, `${target.name} ${field}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${target.name} ${field}`).toBeLessThan(500);
        expect(hasChinese(html)).toBe(true);
        expect(dataVersion(), `${target.name} ${field} wrote to the database`).toBe(before);
      }
    },
  );

  it("a field typed in full-width digits on a phone is read as the same number", async () => {
    // Mutated forms above that stayed valid were posted as needs; make room under the open-needs limit.
    app.db.$client
      .prepare(
        "UPDATE needs SET status = 'withdrawn' WHERE status = 'open' AND enterprise_id = (SELECT id FROM enterprises WHERE uscc = ?)",
      )
      .run(SME);
    const count = () => (app.db.$client.prepare("SELECT count(*) AS n FROM needs").get() as { n: number }).n;
    const [before, version] = [count(), dataVersion()];
    const form = { ...TARGETS[2]!.valid(), amount: "１２０．５", termMonths: "１８" };
    const response = await app.request("/sme/needs/new", { cookie: cookies.enterprise, form });
    expect(response.status).toBeLessThan(400);
    const need = app.db.$client
      .prepare("SELECT amount_fen AS amountFen, term_months AS termMonths FROM needs ORDER BY id DESC LIMIT 1")
      .get();
    expect(need).toEqual({ amountFen: 120_500_000, termMonths: 18 });
    expect(count()).toBe(before + 1);
    // The accepted post moves the version refusals are checked against: the check does see the portal's writes.
    expect(dataVersion()).not.toBe(version);
  });
});

describe("push API with hostile JSON", () => {
  const tokens: string[] = [];
  let usccs: string[];

  beforeAll(() => {
    const bureau = sessionOf(app.db, "bureau").id;
    // Several providers, so the 60-batches-a-minute limit of one does not cut the run short.
    for (let i = 0; i < 4; i++) {
      const created = createProvider(app.db, bureau, { name: `模糊测试提供方${i}`, sources: [...PROVIDER_PERMISSIONS] }, Date.now());
      if (!created.ok) throw new Error("provider");
      const issued = issueToken(app.db, bureau, { providerId: created.providerId, label: "模糊测试" }, Date.now());
      if (!issued.ok) throw new Error("token");
      tokens.push(issued.token);
    }
    usccs = (app.db.$client.prepare("SELECT uscc FROM enterprises ORDER BY id LIMIT 3").all() as { uscc: string }[]).map((e) => e.uscc);
  });

  const row = () =>
    fc.record(
      {
        uscc: fc.oneof(fc.constantFrom(...usccs), hostileJson),
        source: fc.oneof(fc.constant("electricity"), hostileJson),
        month: fc.oneof(fc.constant(lastMonth), hostileJson),
        quantity: fc.oneof(fc.constant("1200"), hostileJson),
        billedFen: fc.oneof(fc.constant("100.50"), hostileJson),
        paidFen: fc.oneof(fc.constant(100.5), hostileJson),
        paidOnTime: fc.oneof(fc.constant("是"), hostileJson),
        arrearsFen: hostileJson,
        headcount: hostileJson,
      },
      { requiredKeys: [] },
    );
  const batch = () =>
    fc.record(
      {
        batchId: fc.oneof(
          fc.uuid().map((u) => `fuzz-${u}`),
          hostileJson,
        ),
        kind: fc.oneof(fc.constant("monthly"), hostileJson),
        source: fc.oneof(fc.constant("electricity"), hostileJson),
        month: fc.oneof(fc.constant(lastMonth), hostileJson),
        rows: fc.oneof(fc.array(row(), { minLength: 1, maxLength: 4 }), hostileJson),
      },
      { requiredKeys: ["batchId", "kind", "rows"] },
    );
  const body = () =>
    fc.oneof(
      { weight: 4, arbitrary: batch().map((b) => JSON.stringify(b)) },
      { weight: 1, arbitrary: hostileJson.map((value) => JSON.stringify(value) ?? "null") },
      {
        weight: 1,
        arbitrary: fc.constantFrom("", "{", "[", '{"rows":', "\u0000", "\uFEFF{}", '{"__proto__":{"admin":true}}', "NaN", "1e999"),
      },
    );

  /**
   * The credit data and batch tables: a refused push leaves them as they were. (Authenticating marks the
   * token as used, so the whole-database version moves with any pushed request.)
   */
  const creditState = () =>
    [
      "SELECT count(*), max(id) FROM credit_batches",
      "SELECT count(*), max(id) FROM credit_batch_rejections",
      ...["credit_monthly", "credit_tax_grades", "credit_events"].map((t) => `SELECT count(*), max(id), count(superseded_at) FROM ${t}`),
    ].map((query) => app.db.$client.prepare(query).raw().get());

  it("answers a report or {error:{code,message}} in Chinese, never 5xx; a refusal writes nothing", async () => {
    let run = 0;
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(body(), async (text) => {
        const before = creditState();
        const response = await app.request("/api/v1/credit-data/batches", {
          method: "POST",
          body: text,
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${tokens[run++ % tokens.length]}` },
          clientAddress: nextAddress(),
        });
        expect(response.status, text.slice(0, 300)).toBeLessThan(500);
        statuses.add(response.status);
        const answer = (await response.json()) as {
          error?: { code: string; message: string; issues?: { message: string }[] };
          rejections?: { reason: string }[];
        };
        if (response.status >= 400) {
          expect(answer.error!.code).toMatch(/^[a-z_]+$/);
          expect(hasChinese(answer.error!.message)).toBe(true);
          for (const issue of answer.error!.issues ?? []) expect(hasChinese(issue.message), issue.message).toBe(true);
          expect(creditState()).toEqual(before);
        } else {
          for (const rejection of answer.rejections ?? []) expect(hasChinese(rejection.reason), rejection.reason).toBe(true);
        }
      }),
      // A well-formed batch among the generated ones, so the ingest path is always reached, not only refusals.
      {
        numRuns: 100,
        examples: [
          [
            JSON.stringify({
              batchId: "fuzz-well-formed",
              kind: "monthly",
              rows: [{ uscc: usccs[0], source: "electricity", month: lastMonth, quantity: "1200", paidOnTime: "是" }],
            }),
          ],
        ],
      },
    );
    // Some batches got through to the ingest path (recorded, applied or with rejected rows), not only refusals.
    expect(statuses).toContain(201);
    // Whatever was accepted is stored in whole, non-negative units.
    const bad = app.db.$client
      .prepare(
        `SELECT count(*) AS n FROM credit_monthly WHERE ${["quantity", "billed_fen", "paid_fen", "arrears_fen", "headcount", "tax_paid_fen"]
          .map((c) => `(${c} IS NOT NULL AND (typeof(${c}) <> 'integer' OR ${c} < 0))`)
          .join(" OR ")}`,
      )
      .get() as { n: number };
    expect(bad.n).toBe(0);
  });

  it("answers an unknown token with 401 whatever the body", async () => {
    await fc.assert(
      fc.asyncProperty(body(), async (text) => {
        const before = dataVersion();
        const response = await app.request("/api/v1/credit-data/batches", {
          method: "POST",
          body: text,
          headers: { "Content-Type": "application/json", Authorization: "Bearer xyd_fuzz-not-a-token" },
          clientAddress: nextAddress(),
        });
        expect(response.status).toBe(401);
        expect((await response.json()).error.code).toBe("unauthorized");
        expect(dataVersion()).toBe(before);
      }),
      { numRuns: 20 },
    );
  });
});
