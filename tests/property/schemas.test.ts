/**
 * Every form schema, the USCC validator and the ingest row schemas under hostile input: each answer is
 * either a zh-CN message a person can act on, or an output inside the field's documented bounds.
 */
import { currentCommitment } from "~/domain/commitments";
import fc from "fast-check";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { issuesToFieldErrors } from "~/lib/forms";
import { rateCeilingBpOf } from "~/lib/lending-rules";
import { hasUnreadableChars } from "~/lib/text";
import { addDays, dateOf, isCalendarDate, isMonth, monthOf } from "~/lib/time";
import { isValidUscc, normalizeUscc, usccProblem, USCC_PROBLEM_MESSAGES } from "~/lib/uscc";
import * as accounts from "~/lib/validation/accounts";
import { auditFilterFrom, auditFilterSchema } from "~/lib/validation/audit";
import { authorizationSchema, AUTHORIZATION_MAX_DAYS } from "~/lib/validation/authorizations";
import { eventRowSchema, monthlyRowSchema, taxGradeRowSchema } from "~/lib/validation/credit";
import * as batches from "~/lib/validation/credit-batches";
import * as calendarForms from "~/lib/validation/calendar";
import * as market from "~/lib/validation/marketplace";
import { overrideSchema } from "~/lib/validation/interception";
import { declineApplicationSchema } from "~/lib/validation/applications";
import { DECLINE_REASONS } from "~/domain/applications";
import { objectionSchema, resolutionSchema } from "~/lib/validation/objections";
import { monthParam, reportActionSchema, revisionQuery } from "~/lib/validation/reports";
import { hostileJson, hostileString, isChineseMessage, mutatedForm } from "./hostile";

const NOW = Date.now();
const TODAY = dateOf(NOW);
const USCC = "9132050852601815XM";
const PASSWORD = "Xyd#2026pass";
const RUNS = { numRuns: 150 };
/** The ceiling under the LPR the migrations record (3.00%); the forms take it from the data. */
const RATE_CEILING_BP = rateCeilingBpOf(300);

/** Parses and checks the property: never throws; a failure names its fields in Chinese; a success passes `bounds`. */
function holds<T>(schema: v.GenericSchema<unknown, T>, input: unknown, bounds: (output: T) => void = () => {}) {
  const result = v.safeParse(schema, input);
  if (result.success) {
    bounds(result.output);
    return;
  }
  for (const issue of result.issues) expect(isChineseMessage(issue.message), issue.message).toBe(true);
  const errors = issuesToFieldErrors(result.issues);
  expect(Object.keys(errors).length).toBeGreaterThan(0);
}

const fen = (value: number, min: number, max: number) => {
  expect(Number.isSafeInteger(value)).toBe(true);
  expect(Object.is(value, -0)).toBe(false);
  expect(value).toBeGreaterThanOrEqual(min);
  expect(value).toBeLessThanOrEqual(max);
};
const readableText = (text: string, min: number, max: number) => {
  expect(text).toBe(text.trim());
  expect(text.length).toBeGreaterThanOrEqual(min);
  expect(text.length).toBeLessThanOrEqual(max);
  expect(hasUnreadableChars(text)).toBe(false);
};

type Case<T> = {
  name: string;
  schema: v.GenericSchema<unknown, T>;
  valid: Record<string, string>;
  extra?: string[];
  bounds?: (o: T) => void;
};
const formCase = <T>(c: Case<T>) => c;

const FORMS = [
  formCase({
    name: "enterprise registration",
    schema: accounts.enterpriseRegistrationSchema(TODAY),
    valid: {
      uscc: USCC,
      name: "苏州姑苏精密机械有限公司",
      districtCode: "320508",
      industrySection: "C",
      size: "small",
      establishedOn: "2018-06-01",
      legalRepName: "王建国",
      contactName: "李小红",
      contactPhone: "13912345678",
      password: PASSWORD,
      passwordConfirm: PASSWORD,
      consent: "yes",
    },
    bounds: (o) => {
      expect(isValidUscc(o.uscc)).toBe(true);
      readableText(o.name, 2, 100);
      expect(isCalendarDate(o.establishedOn) && o.establishedOn <= TODAY && o.establishedOn >= "1949-10-01").toBe(true);
      expect(o.contactPhone).toMatch(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/);
      expect(o.password).toBe(o.passwordConfirm);
    },
  }),
  formCase({
    name: "login",
    schema: accounts.loginSchema,
    valid: { username: "bureau", password: PASSWORD, redirectTo: "/bureau" },
    bounds: (o) => expect(o.username.length).toBeLessThanOrEqual(64),
  }),
  formCase({
    name: "officer",
    schema: accounts.officerSchema,
    valid: { username: "szbank_officer9", displayName: "张三丰", password: PASSWORD, passwordConfirm: PASSWORD },
    bounds: (o) => expect(o.username).toMatch(/^[a-z0-9][a-z0-9._-]{2,31}$/),
  }),
  formCase({
    name: "staff user",
    schema: accounts.staffUserSchema,
    valid: { username: "analyst.li", displayName: "李分析", role: "bureau", password: PASSWORD, passwordConfirm: PASSWORD },
  }),
  formCase({
    name: "institution",
    schema: accounts.institutionSchema,
    valid: {
      name: "苏州测试银行股份有限公司",
      shortName: "测试银行",
      kind: "city_bank",
      adminUsername: "testbank_admin",
      adminDisplayName: "管理员甲",
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    },
    bounds: (o) => {
      readableText(o.name, 4, 60);
      readableText(o.shortName, 2, 20);
    },
  }),
  formCase({
    name: "password change",
    schema: accounts.passwordChangeSchema,
    valid: { currentPassword: "Old#Pass2025", password: PASSWORD, passwordConfirm: PASSWORD },
  }),
  formCase({ name: "user status", schema: accounts.userStatusSchema, valid: { intent: "disable", userId: "u_123", confirm: "yes" } }),
  formCase({
    name: "忘记密码 request",
    schema: accounts.resetRequestSchema,
    valid: { account: USCC, phone: "13912345678" },
    bounds: (o) => expect(o.account.length).toBeLessThanOrEqual(64),
  }),
  formCase({
    name: "忘记密码 code",
    schema: accounts.resetWithCodeSchema,
    valid: { account: USCC, code: "123456", password: PASSWORD, passwordConfirm: PASSWORD },
    bounds: (o) => expect(o.code).toMatch(/^\d{6}$/),
  }),
  formCase({
    name: "reset link",
    schema: accounts.resetWithLinkSchema,
    valid: { token: "q3VfW1oZ8cYk2n9Lr0sTbXuPjEaHmDgI4wN6yKx7C5A", password: PASSWORD, passwordConfirm: PASSWORD },
    bounds: (o) => expect(o.token.length).toBeLessThanOrEqual(100),
  }),
  formCase({ name: "user reset", schema: accounts.userResetSchema, valid: { intent: "reset", userId: "u_123" } }),
  formCase({
    name: "officer disable with handover",
    schema: accounts.officerDisableSchema,
    valid: { intent: "disable", userId: "u_123", handoverTo: "u_456" },
  }),
  formCase({
    name: "product",
    schema: market.productSchema(RATE_CEILING_BP),
    valid: {
      name: "苏易贷",
      description: "纯信用",
      amountMin: "10",
      amountMax: "300",
      rateMin: "3.45",
      rateMax: "6.5",
      termMin: "3",
      termMax: "36",
      guaranteeModes: "credit,guarantee",
      districtScope: "all",
      districts: "",
      industryScope: "selected",
      industries: "C,F",
      minGrade: "B",
      minYears: "2",
      tags: "首贷,科技",
    },
    bounds: (p) => {
      fen(p.amountMinFen, 1, p.amountMaxFen);
      fen(p.amountMaxFen, p.amountMinFen, 100_000 * 1_000_000);
      fen(p.rateMinBp, 1, p.rateMaxBp);
      fen(p.rateMaxBp, p.rateMinBp, RATE_CEILING_BP);
      fen(p.termMinMonths, 1, p.termMaxMonths);
      fen(p.termMaxMonths, p.termMinMonths, 360);
      fen(p.minYearsInOperation, 0, 50);
      expect(p.guaranteeModes.length).toBeGreaterThan(0);
      readableText(p.name, 2, 40);
    },
  }),
  formCase({
    name: "need",
    schema: market.needSchema(TODAY, RATE_CEILING_BP),
    valid: {
      amount: "200",
      termMonths: "12",
      purposeCategory: "原材料采购",
      purpose: "采购钢材用于订单生产",
      guaranteeMode: "credit",
      rateCeiling: "5",
      expiresOn: addDays(TODAY, 30),
      targetProductId: "",
      authorize: "yes",
      commitment: currentCommitment("need").version,
    },
    bounds: (n) => {
      fen(n.amountFen, 10_000 * 100, 50_000 * 1_000_000);
      fen(n.termMonths, 1, 120);
      if (n.rateCeilingBp !== null) fen(n.rateCeilingBp, 1, RATE_CEILING_BP);
      expect(n.expiresOn > TODAY && n.expiresOn <= addDays(TODAY, 180)).toBe(true);
      if (n.targetProductId !== null) fen(n.targetProductId, 0, 999_999_999);
    },
  }),
  formCase({
    name: "grant",
    schema: market.grantSchema(RATE_CEILING_BP),
    valid: { productId: "3", amount: "150.5", rate: "4.35", termMonths: "12", guaranteeMode: "credit" },
    extra: ["exceedsRequest"],
    bounds: (g) => {
      fen(g.amount, 1, 100_000 * 1_000_000);
      fen(g.rate, 1, RATE_CEILING_BP);
      fen(g.termMonths, 1, 360);
    },
  }),
  formCase({
    name: "reject",
    schema: market.rejectSchema,
    valid: { reasonCode: "other", note: "企业经营地址无法核实" },
    bounds: (r) => expect(r.reasonCode !== "other" || r.note.length >= 4).toBe(true),
  }),
  formCase({
    name: "disburse",
    schema: market.disburseSchema(TODAY),
    valid: { amount: "100", disbursedOn: TODAY },
    bounds: (d) => {
      fen(d.amount, 1, 100_000 * 1_000_000);
      expect(d.disbursedOn <= TODAY).toBe(true);
    },
  }),
  formCase({
    name: "loan status",
    schema: market.loanStatusSchema,
    valid: { month: monthOf(NOW), status: "normal" },
    bounds: (s) => expect(isMonth(s.month)).toBe(true),
  }),
  formCase({ name: "cancel", schema: market.cancelSchema, valid: { note: "企业已另行融资", confirm: "yes" } }),
  formCase({
    name: "authorization",
    schema: authorizationSchema(TODAY),
    valid: { institution: "all", purpose: "贷款审查使用", expiresOn: addDays(TODAY, 90) },
    bounds: (a) => expect(a.expiresOn > TODAY && a.expiresOn <= addDays(TODAY, AUTHORIZATION_MAX_DAYS)).toBe(true),
  }),
  formCase({
    name: "objection",
    schema: objectionSchema,
    valid: { itemType: "monthly", itemId: "42", reason: "该月电费已按时缴纳，有缴费凭证" },
    bounds: (o) => readableText(o.reason, 10, 500),
  }),
  formCase({
    name: "interception override",
    schema: overrideSchema,
    valid: { reason: "已核实企业已缴清欠税，移出名单手续在办" },
    bounds: (o) => expect(o.reason.length).toBeGreaterThanOrEqual(10),
  }),
  formCase({
    name: "不予受理",
    schema: declineApplicationSchema,
    valid: { reason: "other", note: "本行暂停该行业授信" },
    bounds: (o) => {
      expect(DECLINE_REASONS).toContain(o.reason);
      readableText(o.note, o.reason === "other" ? 5 : 0, 300);
    },
  }),
  formCase({ name: "objection resolution", schema: resolutionSchema, valid: { decision: "upheld", resolution: "经核实数据有误，已更正" } }),
  formCase({
    name: "report revision",
    schema: reportActionSchema,
    valid: { intent: "open_revision", reason: "苏州银行补报了十月放款数据" },
  }),
  formCase({ name: "audit filter", schema: auditFilterSchema, valid: { category: "", from: "2026-01-01", to: TODAY, actor: "admin" } }),
  formCase({ name: "provider", schema: batches.providerSchema, valid: { name: "国网苏州供电公司", sources: "electricity,tax_grade" } }),
  formCase({
    name: "token issue",
    schema: batches.tokenIssueSchema,
    valid: { providerId: "1", label: "生产环境" },
    bounds: (t) => fen(t.providerId, 0, 999_999_999_999),
  }),
  formCase({ name: "token revoke", schema: batches.tokenRevokeSchema, valid: { tokenId: "7" } }),
  formCase({ name: "provider status", schema: batches.providerStatusSchema, valid: { providerId: "1", intent: "disable" } }),
  formCase({
    name: "upload options",
    schema: batches.uploadOptionsSchema,
    valid: { kind: "monthly", source: "water", month: monthOf(NOW), providerId: "2" },
  }),
  formCase({
    name: "holiday notice",
    schema: calendarForms.holidayNoticeSchema,
    valid: {
      intent: "create",
      year: "2027",
      reference: "国办发明电〔2026〕9号",
      holidays: "2027-01-01 至 2027-01-03\n2027-10-01 至 2027-10-07",
      workdays: "2027-09-26",
      reason: "",
    },
    bounds: (n) => {
      expect(n.days.length).toBeGreaterThan(0);
      for (const d of n.days) expect(isCalendarDate(d.date) && d.date.startsWith(`${n.year}-`)).toBe(true);
      expect(new Set(n.days.map((d) => d.date)).size).toBe(n.days.length);
    },
  }),
  formCase({
    name: "LPR",
    schema: calendarForms.lprSchema(TODAY),
    valid: { effectiveOn: "2025-05-20", oneYear: "3.00", fiveYear: "3.50", note: "" },
    bounds: (l) => {
      expect(l.effectiveOn <= TODAY && l.effectiveOn >= calendarForms.LPR_REFORM_DATE).toBe(true);
      fen(l.oneYear, 1, 2_000);
    },
  }),
];

describe("form schemas under hostile fields", () => {
  it.each(FORMS.map((c) => [c.name, c] as const))("%s: a Chinese message at the field, or bounded output", (_name, c) => {
    const { schema, valid, extra = [], bounds } = c as Case<unknown>;
    // The untouched valid form passes: otherwise the property below would only ever see failures.
    expect(v.safeParse(schema, valid).success).toBe(true);
    fc.assert(
      fc.property(mutatedForm(valid, extra), (form) => holds(schema, form, bounds)),
      RUNS,
    );
  });

  it.each(FORMS.map((c) => [c.name, c] as const))("%s: any value at all, even not an object", (_name, c) => {
    fc.assert(
      fc.property(hostileJson, (input) => holds((c as Case<unknown>).schema, input)),
      { numRuns: 40 },
    );
  });

  it("reads full-width digits typed on a phone IME as the same numbers", () => {
    const need = v.parse(market.needSchema(TODAY, RATE_CEILING_BP), {
      amount: "２００．５",
      termMonths: "１２",
      purposeCategory: "其他",
      purpose: "购买设备用于扩产",
      rateCeiling: "５．５％",
      authorize: "yes",
      commitment: currentCommitment("need").version,
    });
    expect(need).toMatchObject({ amountFen: 200_500_000, termMonths: 12, rateCeilingBp: 550 });
    const reg = v.parse(accounts.enterpriseRegistrationSchema(TODAY), {
      ...FORMS[0]!.valid,
      uscc: "９１３２０５０８５２６０１８１５ｘｍ",
      establishedOn: "２０１８－０６－０１",
      contactPhone: "１３９１２３４５６７８",
    });
    expect(reg).toMatchObject({ uscc: USCC, establishedOn: "2018-06-01", contactPhone: "13912345678" });
    expect(v.parse(accounts.loginSchema, { username: "\u200B９１３２０５０８５２６０１８１５ＸＭ ", password: "x" }).username).toBe(USCC);
  });

  it("refuses text with broken encoding or control characters at the field", () => {
    for (const name of ["苏州\uD800机械", "苏州\u0000机械", "苏州\u001B[2J机械", "苏州\uFFFD机械"]) {
      const result = v.safeParse(accounts.enterpriseRegistrationSchema(TODAY), { ...FORMS[0]!.valid, name });
      expect(result.success).toBe(false);
      if (!result.success)
        expect(issuesToFieldErrors(result.issues)).toEqual({ name: "企业名称含有无法识别的字符，请检查输入法或文件编码" });
    }
  });

  it("keeps money in whole, non-negative fen: no negative zero, exponents or fractions of a fen", () => {
    const amount = market.disburseSchema(TODAY);
    for (const text of ["-0", "-1", "1e3", "0.0000001", "NaN", "Infinity", "9".repeat(13), "0"]) {
      expect(v.safeParse(amount, { amount: text, disbursedOn: TODAY }).success, text).toBe(false);
    }
    expect(v.parse(amount, { amount: "0.000001", disbursedOn: TODAY }).amount).toBe(1);
    expect(v.parse(amount, { amount: "1,000.25", disbursedOn: TODAY }).amount).toBe(1_000_250_000);
  });
});

describe("query and URL inputs", () => {
  it("a hand-edited audit filter or report URL is never an exception", () => {
    fc.assert(
      fc.property(hostileString, hostileString, (a, b) => {
        const filter = auditFilterFrom(new URLSearchParams({ category: a, from: b, to: a, actor: b }));
        expect(filter.from === "" || isCalendarDate(filter.from)).toBe(true);
        holds(monthParam, a, (m) => expect(isMonth(m)).toBe(true));
        holds(revisionQuery, b, (r) => expect(r === undefined || (r >= 1 && r <= 9999)).toBe(true));
        holds(reportActionSchema, { intent: a, reason: b });
      }),
      RUNS,
    );
  });
});

describe("USCC validator", () => {
  it("every input gets a verdict; a code it accepts is 18 characters of the GB 32100 charset", () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        const normalized = normalizeUscc(text);
        const problem = usccProblem(normalized);
        if (problem === null) expect(normalized).toMatch(/^[0-9A-HJ-NP-RTUW-Y]{18}$/);
        else expect(isChineseMessage(USCC_PROBLEM_MESSAGES[problem])).toBe(true);
      }),
      RUNS,
    );
  });

  it("full-width, lower-case, zero-width and spaced copies of a valid code are the same code", () => {
    const fullWidth = (s: string) => s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    fc.assert(
      fc.property(
        fc.constantFrom("91350100M000100Y43", "91110000600037341L", USCC),
        fc.boolean(),
        fc.boolean(),
        fc.nat(17),
        (code, wide, lower, at) => {
          let typed = wide ? fullWidth(code) : code;
          if (lower) typed = typed.toLowerCase();
          typed = `\u3000${typed.slice(0, at)}\u200B${typed.slice(at)} `;
          expect(normalizeUscc(typed)).toBe(code);
        },
      ),
    );
  });

  it("a single changed character is always caught", () => {
    const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    fc.assert(
      fc.property(fc.nat(17), fc.constantFrom(...CHARSET), (at, char) => {
        fc.pre(USCC[at] !== char);
        expect(isValidUscc(USCC.slice(0, at) + char + USCC.slice(at + 1))).toBe(false);
      }),
    );
  });
});

const MONTHLY_ROW = {
  uscc: USCC,
  source: "electricity",
  month: monthOf(NOW),
  quantity: "12000",
  billedFen: "1000.50",
  paidFen: "1000.50",
  paidOnTime: "是",
};
const ROW_KEYS = ["uscc", "source", "month", "quantity", "billedFen", "paidFen", "paidOnTime", "arrearsFen", "headcount", "taxPaidFen"];

/** A valid row with some cells replaced by any JSON value a sender could put there. */
function mutatedRow(valid: Record<string, unknown>, keys: string[]) {
  return fc
    .array(fc.tuple(fc.constantFrom(...keys), fc.option(hostileJson, { nil: undefined, freq: 6 })), { minLength: 1, maxLength: 3 })
    .map((changes) => {
      const row: Record<string, unknown> = { ...valid };
      for (const [key, value] of changes) row[key] = value;
      return row;
    });
}

describe("ingest row schemas", () => {
  it("monthly rows: a Chinese reason, or amounts in whole non-negative fen within bounds", () => {
    fc.assert(
      fc.property(mutatedRow(MONTHLY_ROW, ROW_KEYS), (row) =>
        holds(monthlyRowSchema(NOW), row, (r) => {
          expect(isValidUscc(r.uscc)).toBe(true);
          expect(r.month <= monthOf(NOW) && r.month >= "2000-01").toBe(true);
          for (const money of [r.billedFen, r.paidFen, r.arrearsFen, r.taxPaidFen])
            if (money !== null) fen(money, 0, Number.MAX_SAFE_INTEGER);
          if (r.quantity !== null) fen(r.quantity, 0, 1_000_000_000_000);
          if (r.headcount !== null) fen(r.headcount, 0, 1_000_000);
        }),
      ),
      RUNS,
    );
  });

  it("tax grade rows: a Chinese reason, or an evaluated year and a known grade", () => {
    const thisYear = Number(TODAY.slice(0, 4));
    fc.assert(
      fc.property(mutatedRow({ uscc: USCC, year: String(thisYear - 1), grade: "a" }, ["uscc", "year", "grade"]), (row) =>
        holds(taxGradeRowSchema(NOW), row, (r) => {
          expect(Number.isInteger(r.year) && r.year >= 2014 && r.year < thisYear).toBe(true);
          expect(["A", "B", "M", "C", "D"]).toContain(r.grade);
        }),
      ),
      RUNS,
    );
  });

  it("event rows: a Chinese reason, or a past date and readable text", () => {
    const valid = {
      uscc: USCC,
      kind: "penalty",
      occurredOn: "2025-03-01",
      severity: "一般",
      reference: "苏市监罚〔2025〕12号",
      authority: "苏州市市场监督管理局",
      description: "未按规定公示年度报告",
    };
    fc.assert(
      fc.property(mutatedRow(valid, Object.keys(valid)), (row) =>
        holds(eventRowSchema(NOW), row, (e) => {
          expect(e.occurredOn <= TODAY).toBe(true);
          readableText(e.description, 1, 500);
          readableText(e.reference, 1, 64);
        }),
      ),
      RUNS,
    );
  });

  it("reads full-width digits in amounts and counts", () => {
    const row = v.parse(monthlyRowSchema(NOW), {
      ...MONTHLY_ROW,
      quantity: "１２０００",
      billedFen: "１０００．５０",
      paidFen: "１,０００.５",
    });
    expect(row).toMatchObject({ quantity: 12000, billedFen: 100050, paidFen: 100050 });
  });
});

describe("push API body", () => {
  it("a Chinese message with a path, or a batch of 1 to 200,000 object rows", () => {
    const body = fc.record(
      {
        batchId: hostileJson,
        kind: fc.oneof(fc.constantFrom("monthly", "tax_grade", "event"), hostileJson),
        source: fc.oneof(fc.constant("water"), hostileJson),
        month: fc.oneof(fc.constant(monthOf(NOW)), hostileJson),
        rows: fc.oneof(fc.array(hostileJson, { maxLength: 5 }), hostileJson),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(body, hostileJson), (input) =>
        holds(batches.pushBodySchema, input, (b) => {
          expect(b.batchId).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/);
          expect(b.rows.length).toBeGreaterThanOrEqual(1);
          for (const row of b.rows) expect(typeof row === "object" && row !== null && !Array.isArray(row)).toBe(true);
        }),
      ),
      RUNS,
    );
  });
});
