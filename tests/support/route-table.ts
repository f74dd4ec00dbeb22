/**
 * Every route the portal serves, who may open it, and the objects its paths name. The role table
 * (tests/integration/routes/role-access.test.ts) opens each path with the demo accounts' own objects;
 * the ownership test (idor.test.ts) opens the same paths with objects someone else owns.
 */
import { ROLES, type Role } from "~/domain/accounts";
import { DISTRICT_CODES } from "~/lib/reference";
import { addDays, addMonths, dateOf, monthOf } from "~/lib/time";
import { currentCommitment } from "~/domain/commitments";
import { createAuthorization } from "~/services/authorizations.server";
import { applyForRepair } from "~/services/credit-repairs.server";
import { enterpriseCreditData } from "~/services/credit-profile.server";
import { ingestBatch } from "~/services/credit-ingest.server";
import { fileObjection } from "~/services/objections.server";
import { createPolicy, publishPolicy } from "~/services/policies.server";
import { fileRegistrationDispute } from "~/services/registration-disputes.server";
import type { TestApp } from "./app";
import { ingest, sessionOf } from "./credit";

/**
 * public: anyone; guest: only signed-out visitors (signed-in users go home); home: always redirects to "/";
 * api: a bearer-token API that answers GET with 405 whoever asks (sessions do not authenticate it).
 */
export type Access = "public" | "guest" | "home" | "api" | readonly Role[];
/** A path, or one built from the seeded test city (an id that exists). */
export type Path = string | ((ids: SeedIds) => string);
export type SeedIds = {
  product: number;
  need: number;
  claim: number;
  enterprise: number;
  creditItem: number;
  objection: number;
  batch: number;
  registrationDispute: number;
  /** A published policy: for the demo enterprise, one it qualifies for; else one targeted at others. */
  policy: number;
  /** A loan: the demo enterprise's at 苏州银行 (own), or neither theirs nor 苏州银行's (foreign). */
  loan: number;
  /** A risk-compensation pool (the bureau's, shared). */
  pool: number;
  /** A loan the 代偿申请 form opens on: 苏州银行's own, or another bank's. */
  poolLoan: number;
  /** A 信用修复 application, the penalty it is about and one of its evidence files (own: the demo enterprise's, which authorized 苏州银行). */
  repair: number;
  repairRecord: number;
  repairFile: number;
};

const ALL_ROLES = ROLES;
const BANK = ["bank_officer", "bank_admin"] as const;
/** `status`: what the roles admitted get, when not 200 (an area's catch-all answers 404 inside the area's frame). */
export const ROUTE_ACCESS: Record<string, { path: Path; access: Access; status?: number }> = {
  "routes/_index": { path: "/", access: "public" },
  "routes/healthz": { path: "/healthz", access: "public" },
  "routes/login": { path: "/login", access: "guest" },
  "routes/register": { path: "/register", access: "guest" },
  "routes/register_.dispute": { path: "/register/dispute", access: "public" },
  "routes/forgot-password": { path: "/forgot-password", access: "guest" },
  "routes/reset-password": { path: "/reset-password", access: "public" },
  "routes/legal.user-agreement": { path: "/legal/user-agreement", access: "public" },
  "routes/legal.privacy": { path: "/legal/privacy", access: "public" },
  "routes/admin.registration-disputes._index": { path: "/admin/registration-disputes", access: ["admin"] },
  "routes/admin.registration-disputes.$disputeId": {
    path: (ids) => `/admin/registration-disputes/${ids.registrationDispute}`,
    access: ["admin"],
  },
  "routes/logout": { path: "/logout", access: "home" },
  "routes/account": { path: "/account/password", access: ALL_ROLES },
  "routes/account.password": { path: "/account/password", access: ALL_ROLES },
  "routes/account.notifications": { path: "/account/notifications", access: ALL_ROLES },
  "routes/products._index": { path: "/products", access: "public" },
  "routes/products.$productId": { path: (ids) => `/products/${ids.product}`, access: "public" },
  "routes/products.zones.$zone": { path: "/products/zones/tech", access: "public" },
  "routes/sme.needs._index": { path: "/sme/needs", access: ["enterprise"] },
  "routes/sme.needs.new": { path: "/sme/needs/new", access: ["enterprise"] },
  "routes/sme.needs.$needId": { path: (ids) => `/sme/needs/${ids.need}`, access: ["enterprise"] },
  "routes/sme.needs.$needId.edit": { path: (ids) => `/sme/needs/${ids.need}/edit`, access: ["enterprise"] },
  "routes/bank.products._index": { path: "/bank/products", access: BANK },
  "routes/bank.products.new": { path: "/bank/products/new", access: ["bank_admin"] },
  "routes/bank.products.$productId": { path: (ids) => `/bank/products/${ids.product}`, access: ["bank_admin"] },
  "routes/bank.applicants": { path: "/bank/applicants", access: BANK },
  "routes/bank.applications": { path: "/bank/applications", access: BANK },
  "routes/bank.claims._index": { path: "/bank/claims", access: BANK },
  "routes/bank.claims[.csv]": { path: "/bank/claims.csv", access: BANK },
  "routes/bank.applicants[.csv]": { path: "/bank/applicants.csv", access: BANK },
  "routes/bank.enterprises._index": { path: "/bank/enterprises?q=苏州", access: BANK },
  "routes/bank.maturities": { path: "/bank/maturities", access: BANK },
  "routes/bank.renewals": { path: "/bank/renewals", access: BANK },
  "routes/bank.loans.$loanId": { path: (ids) => `/bank/loans/${ids.loan}`, access: BANK },
  "routes/sme.loans.$loanId": { path: (ids) => `/sme/loans/${ids.loan}`, access: ["enterprise"] },
  "routes/bank.claims.$claimId": { path: (ids) => `/bank/claims/${ids.claim}`, access: BANK },
  "routes/bank.claims.$claimId_.breach": { path: (ids) => `/bank/claims/${ids.claim}/breach`, access: BANK },
  "routes/bank.enterprises.$enterpriseId": { path: (ids) => `/bank/enterprises/${ids.enterprise}`, access: BANK },
  "routes/sme.credit": { path: "/sme/credit", access: ["enterprise"] },
  "routes/sme.authorizations": { path: "/sme/authorizations", access: ["enterprise"] },
  "routes/sme.query-log": { path: "/sme/query-log", access: ["enterprise"] },
  "routes/sme.objections._index": { path: "/sme/objections", access: ["enterprise"] },
  "routes/sme.objections.new": { path: (ids) => `/sme/objections/new?type=monthly&item=${ids.creditItem}`, access: ["enterprise"] },
  "routes/sme.objections.$objectionId": { path: (ids) => `/sme/objections/${ids.objection}`, access: ["enterprise"] },
  "routes/bureau.objections._index": { path: "/bureau/objections", access: ["bureau"] },
  "routes/bureau.objections.$objectionId": { path: (ids) => `/bureau/objections/${ids.objection}`, access: ["bureau"] },
  "routes/sme": { path: "/sme", access: ["enterprise"] },
  "routes/sme._index": { path: "/sme", access: ["enterprise"] },
  "routes/bank": { path: "/bank", access: ["bank_officer", "bank_admin"] },
  "routes/bank._index": { path: "/bank", access: ["bank_officer", "bank_admin"] },
  "routes/bank.officers": { path: "/bank/officers", access: ["bank_admin"] },
  "routes/bureau": { path: "/bureau/institutions", access: ["bureau", "admin"] },
  "routes/bureau._index": { path: "/bureau", access: ["bureau"] },
  "routes/bureau.institutions": { path: "/bureau/institutions", access: ["bureau", "admin"] },
  "routes/bureau.dashboard": { path: "/bureau/dashboard", access: ["bureau"] },
  "routes/bureau.reports._index": { path: "/bureau/reports", access: ["bureau", "admin"] },
  "routes/bureau.reports.$month": { path: "/bureau/reports/2026-10", access: ["bureau", "admin"] },
  "routes/bureau.reports.$month[.csv]": { path: "/bureau/reports/2026-10.csv", access: ["bureau", "admin"] },
  "routes/bureau.reports.$month[.xlsx]": { path: "/bureau/reports/2026-10.xlsx", access: ["bureau", "admin"] },
  "routes/bureau.credit-data._index": { path: "/bureau/credit-data", access: ["bureau"] },
  "routes/bureau.credit-data.upload": { path: "/bureau/credit-data/upload", access: ["bureau"] },
  "routes/bureau.credit-data.providers": { path: "/bureau/credit-data/providers", access: ["bureau"] },
  "routes/bureau.credit-data.batches.$batchId": { path: (ids) => `/bureau/credit-data/batches/${ids.batch}`, access: ["bureau"] },
  "routes/bureau.credit-data.batches.$batchId[.csv]": { path: (ids) => `/bureau/credit-data/batches/${ids.batch}.csv`, access: ["bureau"] },
  "routes/api.v1.credit-data.batches": { path: "/api/v1/credit-data/batches", access: "api" },
  "routes/admin": { path: "/admin", access: ["admin"] },
  "routes/admin._index": { path: "/admin", access: ["admin"] },
  "routes/admin.users": { path: "/admin/users", access: ["admin"] },
  "routes/admin.audit": { path: "/admin/audit", access: ["admin"] },
  "routes/admin.audit[.csv]": { path: "/admin/audit.csv", access: ["admin"] },
  "routes/admin.calendar": { path: "/admin/calendar", access: ["admin"] },
  "routes/admin.lpr": { path: "/admin/lpr", access: ["admin"] },
  "routes/credit.method": { path: "/credit/method", access: "public" },
  "routes/help._index": { path: "/help", access: "public" },
  "routes/help.faq": { path: "/help/faq", access: "public" },
  "routes/help.guide.$role": { path: "/help/guide/bank-officer", access: "public" },
  "routes/help.templates.$kind[.csv]": { path: "/help/templates/monthly.csv", access: "public" },
  "routes/help.templates.$kind[.xlsx]": { path: "/help/templates/event.xlsx", access: "public" },
  "routes/sme.score": { path: "/sme/score", access: ["enterprise"] },
  "routes/bureau.recommendations": { path: "/bureau/recommendations", access: ["bureau"] },
  "routes/bank.recommendations": { path: "/bank/recommendations", access: BANK },
  "routes/bureau.scoring": { path: "/bureau/scoring", access: ["bureau"] },
  "routes/bureau.policies._index": { path: "/bureau/policies", access: ["bureau"] },
  "routes/bureau.policies.new": { path: "/bureau/policies/new", access: ["bureau"] },
  "routes/bureau.policies.$policyId": { path: (ids) => `/bureau/policies/${ids.policy}`, access: ["bureau"] },
  "routes/sme.policies._index": { path: "/sme/policies", access: ["enterprise"] },
  "routes/sme.policies.$policyId": { path: (ids) => `/sme/policies/${ids.policy}`, access: ["enterprise"] },
  "routes/bureau.pools._index": { path: "/bureau/pools", access: ["bureau"] },
  "routes/bureau.pools.$poolId": { path: (ids) => `/bureau/pools/${ids.pool}`, access: ["bureau"] },
  "routes/bank.pools": { path: "/bank/pools", access: BANK },
  "routes/bank.compensations._index": { path: "/bank/compensations", access: BANK },
  "routes/bank.compensations.new": { path: (ids) => `/bank/compensations/new?loanId=${ids.poolLoan}`, access: BANK },
  "routes/sme.repairs._index": { path: "/sme/repairs", access: ["enterprise"] },
  "routes/sme.repairs.new": { path: (ids) => `/sme/repairs/new?event=${ids.repairRecord}`, access: ["enterprise"] },
  "routes/sme.repairs.$repairId": { path: (ids) => `/sme/repairs/${ids.repair}`, access: ["enterprise"] },
  "routes/bureau.repairs._index": { path: "/bureau/repairs", access: ["bureau"] },
  "routes/bureau.repairs.$repairId": { path: (ids) => `/bureau/repairs/${ids.repair}`, access: ["bureau"] },
  "routes/repairs.files.$fileId": { path: (ids) => `/repairs/files/${ids.repairFile}`, access: ["enterprise", ...BANK, "bureau"] },
  "routes/sme.$": { path: "/sme/no-such-page", access: ["enterprise"], status: 404 },
  "routes/bank.$": { path: "/bank/no-such-page", access: BANK, status: 404 },
  "routes/bureau.$": { path: "/bureau/no-such-page", access: ["bureau", "admin"], status: 404 },
  "routes/admin.$": { path: "/admin/no-such-page", access: ["admin"], status: 404 },
  "routes/account.$": { path: "/account/no-such-page", access: ALL_ROLES, status: 404 },
};

export const DEMO_LOGIN: Record<Role, string> = {
  enterprise: "9132050852601815XM",
  bank_officer: "szbank_officer",
  bank_admin: "szbank_admin",
  bureau: "bureau",
  admin: "admin",
};

const one = (app: TestApp, query: string) => (app.db.$client.prepare(query).get() as { id: number }).id;

/** A month of an enterprise's electricity data, disputed by the enterprise itself. */
function disputedItem(app: TestApp, uscc: string, quantity: number): Pick<SeedIds, "enterprise" | "creditItem" | "objection"> {
  const now = Date.now();
  const sme = sessionOf(app.db, uscc);
  const month = addMonths(monthOf(now), -1);
  ingest(
    app.db,
    "monthly",
    [{ uscc, source: "electricity", month, quantity, billedFen: "2,500.00", paidFen: "2,500.00", paidOnTime: "是" }],
    now,
  );
  const creditItem = enterpriseCreditData(app.db, sme.enterpriseId!, month, month).monthly.electricity[0]!.id;
  const filed = fileObjection(app.db, sme, { itemType: "monthly", itemId: creditItem, reason: "该月用电量与电费单不符，请核实" }, now);
  if (!filed.ok) throw new Error(filed.message);
  return { enterprise: sme.enterpriseId!, creditItem, objection: filed.objectionId };
}

/** Objects the demo accounts own: 苏州银行's product and claim, the demo enterprise's untouched open need, its dispute and its loan at 苏州银行. */
export function ownObjects(app: TestApp): SeedIds {
  return {
    product: one(
      app,
      "SELECT p.id FROM products p JOIN institutions i ON i.id = p.institution_id WHERE i.short_name = '苏州银行' ORDER BY p.id LIMIT 1",
    ),
    need: one(
      app,
      `SELECT n.id FROM needs n JOIN enterprises e ON e.id = n.enterprise_id WHERE e.uscc = '${DEMO_LOGIN.enterprise}' AND n.status = 'open' AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.need_id = n.id) ORDER BY n.id DESC LIMIT 1`,
    ),
    claim: one(
      app,
      "SELECT c.id FROM claims c JOIN users u ON u.id = c.officer_user_id WHERE u.username = 'szbank_officer' ORDER BY c.id DESC LIMIT 1",
    ),
    ...disputedItem(app, DEMO_LOGIN.enterprise, 31_415),
    // A credit batch of its own, whatever the seed holds.
    batch: ingestBatch(
      app.db,
      {
        origin: "upload",
        providerId: null,
        kind: "tax_grade",
        allowedSources: null,
        rows: [{ uscc: DEMO_LOGIN.enterprise, year: 2024, grade: "A" }],
      },
      Date.now(),
    ).batchId,
    registrationDispute: registrationDisputeOn(app, DEMO_LOGIN.enterprise),
    policy: publishedPolicy(app, null),
    loan: one(
      app,
      `SELECT l.id FROM loans l JOIN enterprises e ON e.id = l.enterprise_id JOIN institutions i ON i.id = l.institution_id WHERE e.uscc = '${DEMO_LOGIN.enterprise}' AND i.short_name = '苏州银行' ORDER BY l.id DESC LIMIT 1`,
    ),
    pool: one(app, "SELECT id FROM risk_pools ORDER BY id LIMIT 1"),
    poolLoan: loanOf(app, "苏州银行"),
    ...repairOf(app, DEMO_LOGIN.enterprise, "苏州银行"),
  };
}

/** The same kinds of object, owned by someone else: another bank's product, claim and loan, another enterprise's need, dispute and loan. */
export function foreignObjects(app: TestApp): SeedIds {
  const otherEnterprise = (
    app.db.$client.prepare(`SELECT uscc FROM enterprises WHERE uscc <> ? ORDER BY id LIMIT 1`).get(DEMO_LOGIN.enterprise) as {
      uscc: string;
    }
  ).uscc;
  return {
    product: one(
      app,
      "SELECT p.id FROM products p JOIN institutions i ON i.id = p.institution_id WHERE i.short_name <> '苏州银行' ORDER BY p.id LIMIT 1",
    ),
    need: one(
      app,
      `SELECT n.id FROM needs n JOIN enterprises e ON e.id = n.enterprise_id WHERE e.uscc <> '${DEMO_LOGIN.enterprise}' AND n.status = 'open' ORDER BY n.id DESC LIMIT 1`,
    ),
    claim: one(
      app,
      "SELECT c.id FROM claims c JOIN institutions i ON i.id = c.institution_id WHERE i.short_name <> '苏州银行' ORDER BY c.id DESC LIMIT 1",
    ),
    ...disputedItem(app, otherEnterprise, 27_182),
    enterprise: firmWithoutBusinessWith(app, "苏州银行"),
    batch: ownObjects(app).batch,
    registrationDispute: registrationDisputeOn(app, otherEnterprise),
    // Aimed at every district but the demo enterprise's: it must not be able to open it.
    policy: publishedPolicy(
      app,
      DISTRICT_CODES.filter(
        (code) =>
          code !==
          (app.db.$client.prepare("SELECT district_code AS d FROM enterprises WHERE uscc = ?").get(DEMO_LOGIN.enterprise) as { d: string })
            .d,
      ),
    ),
    loan: one(
      app,
      `SELECT l.id FROM loans l JOIN enterprises e ON e.id = l.enterprise_id JOIN institutions i ON i.id = l.institution_id WHERE e.uscc <> '${DEMO_LOGIN.enterprise}' AND i.short_name <> '苏州银行' ORDER BY l.id DESC LIMIT 1`,
    ),
    pool: one(app, "SELECT id FROM risk_pools ORDER BY id DESC LIMIT 1"),
    poolLoan: one(
      app,
      "SELECT l.id FROM loans l JOIN institutions i ON i.id = l.institution_id WHERE i.short_name <> '苏州银行' ORDER BY l.id LIMIT 1",
    ),
    ...repairOf(
      app,
      (
        app.db.$client.prepare("SELECT uscc FROM enterprises WHERE id = ?").get(firmWithoutBusinessWith(app, "苏州银行")) as {
          uscc: string;
        }
      ).uscc,
      null,
    ),
  };
}

/**
 * A 信用修复 application of the firm, on a 一般 penalty published 400 days ago, with one PDF; the
 * firm authorizes `bank` (when given) to read its profile, evidence included.
 */
function repairOf(app: TestApp, uscc: string, bank: string | null): Pick<SeedIds, "repair" | "repairRecord" | "repairFile"> {
  const now = Date.now();
  const sme = sessionOf(app.db, uscc);
  const reference = `苏测罚〔${now}〕${uscc.slice(-4)}号`;
  ingest(
    app.db,
    "event",
    [
      {
        uscc,
        kind: "penalty",
        severity: "一般",
        occurredOn: addDays(dateOf(now), -400),
        reference,
        authority: "苏州市市场监督管理局",
        description: "未按规定公示年度报告",
      },
    ],
    now,
  );
  const repairRecord = one(app, `SELECT id FROM credit_events WHERE reference = '${reference}'`);
  const pdf = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");
  const applied = applyForRepair(
    app.db,
    sme,
    {
      eventId: repairRecord,
      statement: "已按期补报年度报告并缴纳罚款，建立年报专人负责制度。",
      commitment: currentCommitment("repair").version,
    },
    [{ filename: "整改报告.pdf", size: pdf.length, bytes: pdf }],
    now,
  );
  if (!applied.ok) throw new Error(JSON.stringify(applied));
  if (bank !== null) {
    const institutionId = one(app, `SELECT id FROM institutions WHERE short_name = '${bank}'`);
    const granted = createAuthorization(app.db, sme, { institutionId, purpose: "贷前审查", expiresOn: addDays(dateOf(now), 30) }, now);
    if (!granted.ok) throw new Error(granted.message);
  }
  return {
    repair: applied.repairId,
    repairRecord,
    repairFile: one(app, `SELECT id FROM credit_repair_files WHERE repair_id = ${applied.repairId}`),
  };
}

/** A policy the bureau published today, for the districts given (null: every district). */
function publishedPolicy(app: TestApp, districts: string[] | null): number {
  const bureau = sessionOf(app.db, DEMO_LOGIN.bureau);
  const today = dateOf(Date.now());
  const id = createPolicy(
    app.db,
    bureau,
    {
      title: districts === null ? "全市小微企业贷款贴息" : "部分区县首贷奖励",
      issuer: "苏州市地方金融管理局",
      body: "按实际支付利息的 30% 给予贴息。",
      benefitKind: "interest_subsidy",
      validFrom: today,
      validTo: addDays(today, 365),
      districts,
      industries: null,
      sizes: null,
      minGrade: null,
      firstLoanOnly: false,
      productTags: null,
    },
    Date.now(),
  );
  const published = publishPolicy(app.db, bureau, id, Date.now());
  if (!published.ok) throw new Error(published.message);
  return id;
}

/**
 * A firm the bank has no business with: no open need it could claim, no claim or loan of the bank, not
 * on a list pushed to it, no live authorization for it. One that borrowed from another bank if any did.
 */
function firmWithoutBusinessWith(app: TestApp, bank: string): number {
  const found = app.db.$client
    .prepare(
      `WITH bank AS (SELECT id FROM institutions WHERE short_name = :bank)
       SELECT e.id FROM enterprises e
       WHERE NOT EXISTS (SELECT 1 FROM needs n WHERE n.enterprise_id = e.id AND n.status = 'open')
         AND NOT EXISTS (SELECT 1 FROM claims c JOIN needs n ON n.id = c.need_id WHERE n.enterprise_id = e.id AND c.institution_id IN bank)
         AND NOT EXISTS (SELECT 1 FROM loans l WHERE l.enterprise_id = e.id AND l.institution_id IN bank)
         AND NOT EXISTS (SELECT 1 FROM authorizations a WHERE a.enterprise_id = e.id AND a.revoked_at IS NULL AND a.expires_at > :now
                           AND (a.institution_id IS NULL OR a.institution_id IN bank))
         AND NOT EXISTS (SELECT 1 FROM recommendation_entries r JOIN recommendation_pushes p ON p.list_id = r.list_id
                           WHERE r.enterprise_id = e.id AND p.institution_id IN bank)
       ORDER BY EXISTS (SELECT 1 FROM loans l WHERE l.enterprise_id = e.id) DESC, e.id LIMIT 1`,
    )
    .get({ bank, now: Date.now() }) as { id: number } | undefined;
  if (!found) throw new Error(`the seeded city has no firm without business with ${bank}`);
  return found.id;
}

/**
 * A loan of the bank (its earliest): the small test city may have none, so one is written then, on
 * the demo enterprise's need, as a fact (need funded, claim disbursed) like the seed's history.
 */
function loanOf(app: TestApp, bank: string): number {
  const sqlite = app.db.$client;
  const found = sqlite
    .prepare("SELECT l.id FROM loans l JOIN institutions i ON i.id = l.institution_id WHERE i.short_name = ? ORDER BY l.id LIMIT 1")
    .get(bank) as { id: number } | undefined;
  if (found) return found.id;
  const { institutionId, officerId } = sqlite
    .prepare(
      "SELECT i.id AS institutionId, u.id AS officerId FROM institutions i JOIN users u ON u.institution_id = i.id AND u.role = 'bank_officer' WHERE i.short_name = ? LIMIT 1",
    )
    .get(bank) as { institutionId: number; officerId: string };
  const enterpriseId = (sqlite.prepare("SELECT id FROM enterprises WHERE uscc = ?").get(DEMO_LOGIN.enterprise) as { id: number }).id;
  const at = Date.now() - 90 * 24 * 3600_000;
  const needId = sqlite
    .prepare(
      "INSERT INTO needs (enterprise_id, amount_fen, term_months, purpose, status, posted_at, expires_on, updated_at) VALUES (?, 100000000, 12, '流动资金周转', 'fulfilled', ?, '2099-12-31', ?)",
    )
    .run(enterpriseId, at, at).lastInsertRowid;
  const claimId = sqlite
    .prepare("INSERT INTO claims (need_id, institution_id, officer_user_id, status, claimed_at) VALUES (?, ?, ?, 'disbursed', ?)")
    .run(needId, institutionId, officerId, at).lastInsertRowid;
  return Number(
    sqlite
      .prepare(
        "INSERT INTO loans (claim_id, need_id, enterprise_id, institution_id, amount_fen, rate_bp, term_months, guarantee_mode, disbursed_on, disbursed_at, recorded_at) VALUES (?, ?, ?, ?, 100000000, 400, 12, 'credit', ?, ?, ?)",
      )
      .run(claimId, needId, enterpriseId, institutionId, new Date(at).toISOString().slice(0, 10), at, at).lastInsertRowid,
  );
}

/** An open 冒名注册 dispute against the firm's registration (one per firm: an open one is reused). */
function registrationDisputeOn(app: TestApp, uscc: string): number {
  const open = app.db.$client
    .prepare("SELECT d.id FROM registration_disputes d JOIN enterprises e ON e.id = d.enterprise_id WHERE e.uscc = ? AND d.status = 'open'")
    .get(uscc) as { id: number } | undefined;
  if (open) return open.id;
  const filed = fileRegistrationDispute(
    app.db,
    {
      uscc,
      claimantName: "苏州某某科技有限公司",
      claimantLegalRepName: "王五",
      contactName: "王五",
      contactPhone: "13900000000",
      statement: "本企业从未在平台注册，发现代码已被他人注册",
    },
    Date.now(),
  );
  if (!filed.ok) throw new Error(`dispute not filed: ${JSON.stringify(filed.fieldErrors)}`);
  return filed.disputeId;
}

export const ALL_VIEWERS: (Role | null)[] = [null, ...ROLES];
