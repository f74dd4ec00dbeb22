/**
 * An enterprise's credit profile: its current data month by month, tax grades and public-record
 * events, each marked when an objection on it is open. The enterprise reads its own freely; an
 * officer reads it only through `readProfileAsOfficer`, which checks the authorization and logs the
 * read in the same transaction — no other path hands detailed data to an institution.
 */
import { and, asc, count, desc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { ENTERPRISE_SIZE_LABELS } from "~/domain/accounts";
import { CREDIT_SOURCES, type CreditSource } from "~/domain/credit";
import { REPAIRABLE_EVENT_KINDS } from "~/domain/credit-repairs";
import type { CreditGrade } from "~/domain/scoring";
import { maskPersonName } from "~/lib/authorizations";
import { creditWindow, type EventItemValues, type MonthlyItemValues, type TaxGradeItemValues } from "~/lib/credit-items";
import { pageInfo, pageOffset, type PageInfo } from "~/lib/pagination";
import { districtName, industryName } from "~/lib/reference";
import { containsPattern } from "~/lib/text";
import { dateOf, monthsBetween, yearsSince } from "~/lib/time";
import { normalizeUscc } from "~/lib/uscc";
import { writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import {
  authorizations,
  creditEvents,
  creditMonthly,
  creditQueryLog,
  creditTaxGrades,
  enterprises,
  institutions,
  isCurrentRow,
  objections,
  users,
} from "~db/schema";
import { repairsForOfficer } from "./credit-repairs.server";
import { liveAuthorization, settleNeedAuthorizations } from "./authorizations.server";
import { currentScore } from "./scoring.server";
import { recordAudit } from "./audit.server";
import { registryCheckOf, type RegistryCheckView } from "./registry-checks.server";

type Marked = { id: number; openObjectionId: number | null };
export type MonthlyRecord = MonthlyItemValues & Marked;
export type TaxGradeRecord = TaxGradeItemValues & Marked;
/** `repairedOn`: the day a completed credit repair lifted this record, if one did. */
export type EventRecord = EventItemValues & Marked & { repairedOn: string | null };

export type EnterpriseCreditData = {
  months: string[];
  /** Per source, the current rows in the window, oldest month first; missing months have no row. */
  monthly: Record<CreditSource, MonthlyRecord[]>;
  taxGrades: TaxGradeRecord[];
  events: EventRecord[];
  hasData: boolean;
};

/**
 * Open objections by the item's key rather than its row id: if a provider's newer batch replaces a
 * disputed value, the dispute still concerns that month's figure and stays marked on it.
 */
function openObjectionKeys(db: Tx, enterpriseId: number): Map<string, number> {
  const open = and(eq(objections.enterpriseId, enterpriseId), eq(objections.status, "open"));
  const keys = new Map<string, number>();
  for (const o of db
    .select({ id: objections.id, source: creditMonthly.source, month: creditMonthly.month })
    .from(objections)
    .innerJoin(creditMonthly, and(eq(objections.itemType, "monthly"), eq(objections.itemId, creditMonthly.id)))
    .where(open)
    .all())
    keys.set(`monthly|${o.source}|${o.month}`, o.id);
  for (const o of db
    .select({ id: objections.id, year: creditTaxGrades.year })
    .from(objections)
    .innerJoin(creditTaxGrades, and(eq(objections.itemType, "tax_grade"), eq(objections.itemId, creditTaxGrades.id)))
    .where(open)
    .all())
    keys.set(`tax_grade|${o.year}`, o.id);
  for (const o of db
    .select({ id: objections.id, kind: creditEvents.kind, reference: creditEvents.reference })
    .from(objections)
    .innerJoin(creditEvents, and(eq(objections.itemType, "event"), eq(objections.itemId, creditEvents.id)))
    .where(open)
    .all())
    keys.set(`event|${o.kind}|${o.reference}`, o.id);
  return keys;
}

export function enterpriseCreditData(db: Tx, enterpriseId: number, fromMonth: string, toMonth: string): EnterpriseCreditData {
  const open = openObjectionKeys(db, enterpriseId);
  const monthlyRows = db
    .select({
      id: creditMonthly.id,
      source: creditMonthly.source,
      month: creditMonthly.month,
      quantity: creditMonthly.quantity,
      billedFen: creditMonthly.billedFen,
      paidFen: creditMonthly.paidFen,
      paidOnTime: creditMonthly.paidOnTime,
      arrearsFen: creditMonthly.arrearsFen,
      headcount: creditMonthly.headcount,
      taxPaidFen: creditMonthly.taxPaidFen,
    })
    .from(creditMonthly)
    .where(
      and(
        eq(creditMonthly.enterpriseId, enterpriseId),
        isCurrentRow(creditMonthly),
        gte(creditMonthly.month, fromMonth),
        lte(creditMonthly.month, toMonth),
      ),
    )
    .orderBy(asc(creditMonthly.month))
    .all();
  const monthly = Object.fromEntries(CREDIT_SOURCES.map((s) => [s, [] as MonthlyRecord[]])) as Record<CreditSource, MonthlyRecord[]>;
  for (const r of monthlyRows) monthly[r.source].push({ ...r, openObjectionId: open.get(`monthly|${r.source}|${r.month}`) ?? null });

  const taxGrades = db
    .select({ id: creditTaxGrades.id, year: creditTaxGrades.year, grade: creditTaxGrades.grade })
    .from(creditTaxGrades)
    .where(and(eq(creditTaxGrades.enterpriseId, enterpriseId), isCurrentRow(creditTaxGrades)))
    .orderBy(desc(creditTaxGrades.year))
    .all()
    .map((g) => ({ ...g, openObjectionId: open.get(`tax_grade|${g.year}`) ?? null }));

  const events = db
    .select({
      id: creditEvents.id,
      kind: creditEvents.kind,
      occurredOn: creditEvents.occurredOn,
      severity: creditEvents.severity,
      reference: creditEvents.reference,
      authority: creditEvents.authority,
      description: creditEvents.description,
      repairsReference: creditEvents.repairsReference,
      repairsKind: creditEvents.repairsKind,
      listingReference: creditEvents.listingReference,
    })
    .from(creditEvents)
    .where(and(eq(creditEvents.enterpriseId, enterpriseId), isCurrentRow(creditEvents)))
    .orderBy(desc(creditEvents.occurredOn), desc(creditEvents.id))
    .all();
  // A repaired penalty or listing is marked (已信用修复) wherever it is shown, banks included.
  // A repair marks the record of its kind; one recorded before kinds were kept, either kind.
  const repairedOn = new Map(
    events
      .filter((e) => e.kind === "credit_repair" && e.repairsReference !== null)
      .flatMap((e) =>
        (e.repairsKind ? [e.repairsKind] : REPAIRABLE_EVENT_KINDS).map((kind) => [`${kind}|${e.repairsReference}`, e.occurredOn]),
      ),
  );
  const marked = events.map((e) => ({
    ...e,
    repairedOn: e.kind === "credit_repair" ? null : (repairedOn.get(`${e.kind}|${e.reference}`) ?? null),
    openObjectionId: open.get(`event|${e.kind}|${e.reference}`) ?? null,
  }));

  return {
    months: monthsBetween(fromMonth, toMonth),
    monthly,
    taxGrades,
    events: marked,
    hasData: monthlyRows.length + taxGrades.length + events.length > 0,
  };
}

export type EnterpriseSummary = {
  id: number;
  name: string;
  district: string;
  industry: string;
  size: string;
  yearsInOperation: number;
  /** The current stored score (A–D grade, points, knock-outs), or null when the firm has not been scored yet (暂未评级). */
  score: {
    score: number;
    grade: CreditGrade;
    knockedOut: boolean;
    knockOuts: { code: string; reason: string }[];
    modelVersion: string;
    asOfMonth: string;
  } | null;
  /** 登记信息核验: the registration against 存续企业登记注册 (public registration facts; the legal representative masked). */
  registry: RegistryCheckView;
};

/** The reasons behind a score come from the detailed data, so an institution sees them only under authorization. */
export type ScoreExplanation = { up: string[]; down: string[] };

/** How many reasons each way a bank is shown: the ones that move the score most. */
const TOP_REASONS = 3;

function summaryOf(
  db: AppDatabase,
  tx: Tx,
  enterpriseId: number,
  now: number,
): { summary: EnterpriseSummary; explanation: ScoreExplanation | null } | null {
  const e = tx.select().from(enterprises).where(eq(enterprises.id, enterpriseId)).get();
  if (!e) return null;
  const stored = currentScore(db, enterpriseId);
  return {
    summary: {
      id: e.id,
      name: e.name,
      district: districtName(e.districtCode),
      industry: `${e.industrySection} ${industryName(e.industrySection)}`,
      size: ENTERPRISE_SIZE_LABELS[e.size],
      yearsInOperation: yearsSince(e.establishedOn, now),
      score: stored && {
        score: stored.score,
        grade: stored.grade,
        knockedOut: stored.knockedOut,
        knockOuts: stored.reasons.knockOuts,
        modelVersion: stored.modelVersion,
        asOfMonth: stored.asOfMonth,
      },
      registry: registryCheckOf(tx, enterpriseId, { maskLegalRep: true })!,
    },
    explanation: stored && { up: stored.reasons.up.slice(0, TOP_REASONS), down: stored.reasons.down.slice(0, TOP_REASONS) },
  };
}

export type OfficerProfile =
  | {
      access: "detailed";
      summary: EnterpriseSummary;
      authorization: { id: number; purpose: string; expiresAt: number; forAllInstitutions: boolean };
      credit: EnterpriseCreditData;
      explanation: ScoreExplanation | null;
      /** The firm's 信用修复 applications with their evidence, readable under the same authorization. */
      repairs: ReturnType<typeof repairsForOfficer>;
    }
  | { access: "summary"; summary: EnterpriseSummary; noAuthorization: true };

/**
 * Whether the enterprise has business the institution may see: an open need it could claim (open to
 * all, or applying to one of its products — the rule `claimNeed` applies), a claim or loan of the
 * institution on one of its needs, or a place on a recommendation list pushed to the institution.
 * Without such business (or a live authorization) a bank has no reason to look the firm up.
 */
export function hasBusinessWith(tx: Tx, enterpriseId: number, institutionId: number, now: number): boolean {
  const found = tx.get<{ yes: number } | undefined>(sql`SELECT 1 AS yes WHERE ${businessWith(sql`${enterpriseId}`, institutionId, now)}`);
  return found?.yes === 1;
}

/** `hasBusinessWith` as a condition on an enterprise id expression, for one firm or a search over many. */
function businessWith(enterpriseId: SQL, institutionId: number, now: number): SQL {
  const [e, i, today] = [enterpriseId, institutionId, dateOf(now)];
  return sql`(
       EXISTS (SELECT 1 FROM needs n LEFT JOIN products p ON p.id = n.target_product_id
               WHERE n.enterprise_id = ${e} AND n.status = 'open' AND n.expires_on >= ${today}
                 AND (n.target_product_id IS NULL OR p.institution_id = ${i}))
    OR EXISTS (SELECT 1 FROM claims c JOIN needs n ON n.id = c.need_id WHERE n.enterprise_id = ${e} AND c.institution_id = ${i})
    OR EXISTS (SELECT 1 FROM loans l WHERE l.enterprise_id = ${e} AND l.institution_id = ${i})
    OR EXISTS (SELECT 1 FROM recommendation_entries r JOIN recommendation_pushes p ON p.list_id = r.list_id
               WHERE r.enterprise_id = ${e} AND r.removed_at IS NULL AND p.institution_id = ${i}))`;
}

/** A live authorization of the enterprise for the institution (its own or one for every institution), as `liveAuthorization` finds it. */
function authorizedFor(enterpriseId: SQL, institutionId: number, now: number): SQL {
  return sql`EXISTS (SELECT 1 FROM authorizations a WHERE a.enterprise_id = ${enterpriseId}
               AND (a.institution_id = ${institutionId} OR a.institution_id IS NULL)
               AND a.revoked_at IS NULL AND a.granted_at <= ${now} AND a.expires_at > ${now})`;
}

export const FIRM_SEARCH_LIMIT = 20;

export type FirmSearchRow = {
  id: number;
  name: string;
  uscc: string;
  district: string;
  industry: string;
  /** The current grade, which the firm's summary page shows the institution too; null while unscored. */
  grade: CreditGrade | null;
  /** Whether the firm has authorized the institution now (the detailed profile opens) or only does business with it. */
  authorized: boolean;
};

/**
 * An officer looking a firm up by name (or part of it) or USCC. Only the firms the enterprise page
 * would open for the institution — a live authorization or business it may see — are found, so a
 * search never tells a bank about a firm its page would call "not found"; and only what the page shows
 * without authorization is listed. At most FIRM_SEARCH_LIMIT rows, and whether there were more.
 */
export function searchFirmsForOfficer(
  db: AppDatabase,
  officer: SessionUser,
  query: string,
  now: number,
): { rows: FirmSearchRow[]; more: boolean } {
  const institutionId = officer.institutionId;
  if (institutionId === null) throw new Error("searchFirmsForOfficer needs an institution's user");
  const e = sql`e.id`;
  const pattern = containsPattern(query.trim());
  const code = containsPattern(normalizeUscc(query));
  const found = db.all<{
    id: number;
    name: string;
    uscc: string;
    district_code: string;
    industry_section: string;
    grade: CreditGrade | null;
    authorized: number;
  }>(
    sql`SELECT e.id, e.name, e.uscc, e.district_code, e.industry_section, s.grade, ${authorizedFor(e, institutionId, now)} AS authorized
        FROM enterprises e LEFT JOIN credit_scores s ON s.enterprise_id = e.id AND s.is_current = 1
        WHERE e.disabled_at IS NULL
          AND (e.name LIKE ${pattern} ESCAPE '\\' OR e.uscc LIKE ${code} ESCAPE '\\')
          AND (${authorizedFor(e, institutionId, now)} OR ${businessWith(e, institutionId, now)})
        ORDER BY e.uscc = ${normalizeUscc(query)} DESC, e.name, e.id
        LIMIT ${FIRM_SEARCH_LIMIT + 1}`,
  );
  return {
    rows: found.slice(0, FIRM_SEARCH_LIMIT).map((r) => ({
      id: r.id,
      name: r.name,
      uscc: r.uscc,
      district: districtName(r.district_code),
      industry: `${r.industry_section} ${industryName(r.industry_section)}`,
      grade: r.grade,
      authorized: r.authorized === 1,
    })),
    more: found.length > FIRM_SEARCH_LIMIT,
  };
}

/**
 * What an officer (or bank admin) may see of an enterprise. With a live authorization for the
 * officer's institution: the detailed profile, and one query-log row written in the same IMMEDIATE
 * transaction as the read (so a revocation cannot slip between check and read, and no read goes
 * unlogged). The detailed view covers the last 24 months. Without, but with business the
 * institution may see (`hasBusinessWith`): only what the marketplace shows. Null — "no such
 * enterprise" — otherwise, so an officer cannot walk the ids of every firm in the city.
 */
export function readProfileAsOfficer(db: AppDatabase, officer: SessionUser, enterpriseId: number, now: number): OfficerProfile | null {
  const institutionId = officer.institutionId;
  if (institutionId === null) throw new Error("readProfileAsOfficer needs an institution's user");
  return writeTransaction(db, (tx) => {
    let authorization = liveAuthorization(tx, enterpriseId, institutionId, now);
    // A need's authorization ends with the need's purpose even before the sweep gets to it.
    if (authorization?.needId != null && settleNeedAuthorizations(tx, authorization.needId, now) > 0) {
      authorization = liveAuthorization(tx, enterpriseId, institutionId, now);
    }
    if (!authorization && !hasBusinessWith(tx, enterpriseId, institutionId, now)) return null;
    const found = summaryOf(db, tx, enterpriseId, now);
    if (!found) return null;
    const { summary, explanation } = found;
    if (!authorization) return { access: "summary" as const, summary, noAuthorization: true as const };
    const window = creditWindow(now);
    tx.insert(creditQueryLog)
      .values({
        enterpriseId,
        institutionId,
        officerUserId: officer.id,
        authorizationId: authorization.id,
        purpose: authorization.purpose,
        at: now,
      })
      .run();
    // The administrator's log too (decision 034): who read which firm's data, under which authorization.
    recordAudit(tx, {
      actorUserId: officer.id,
      action: "credit.read",
      targetType: "enterprise",
      targetId: enterpriseId,
      detail: { authorizationId: authorization.id, purpose: authorization.purpose },
      at: now,
    });
    return {
      access: "detailed" as const,
      summary,
      authorization: {
        id: authorization.id,
        purpose: authorization.purpose,
        expiresAt: authorization.expiresAt,
        forAllInstitutions: authorization.institutionId === null,
      },
      credit: enterpriseCreditData(tx, enterpriseId, window.from, window.to),
      explanation,
      repairs: repairsForOfficer(tx, enterpriseId),
    };
  });
}

export type QueryLogRow = {
  id: number;
  at: number;
  institutionName: string;
  /** Masked (王**): see docs/decisions/005-objections.md. */
  officerName: string;
  purpose: string;
  authorizationId: number;
  authorizationForAll: boolean;
};

/** Every read of the enterprise's profile, newest first. */
export function listQueryLog(db: AppDatabase, enterpriseId: number, page: number): { rows: QueryLogRow[]; page: PageInfo } {
  const total = db.select({ n: count() }).from(creditQueryLog).where(eq(creditQueryLog.enterpriseId, enterpriseId)).get()!.n;
  const info = pageInfo(total, page);
  const rows = db
    .select({
      id: creditQueryLog.id,
      at: creditQueryLog.at,
      institutionName: institutions.name,
      officerName: users.displayName,
      purpose: creditQueryLog.purpose,
      authorizationId: creditQueryLog.authorizationId,
      authorizationInstitutionId: authorizations.institutionId,
    })
    .from(creditQueryLog)
    .innerJoin(institutions, eq(creditQueryLog.institutionId, institutions.id))
    .innerJoin(users, eq(creditQueryLog.officerUserId, users.id))
    .innerJoin(authorizations, eq(creditQueryLog.authorizationId, authorizations.id))
    .where(eq(creditQueryLog.enterpriseId, enterpriseId))
    .orderBy(desc(creditQueryLog.at), desc(creditQueryLog.id))
    .limit(info.pageSize)
    .offset(pageOffset(info))
    .all();
  return {
    rows: rows.map(({ authorizationInstitutionId, officerName, ...r }) => ({
      ...r,
      officerName: maskPersonName(officerName),
      authorizationForAll: authorizationInstitutionId === null,
    })),
    page: info,
  };
}
