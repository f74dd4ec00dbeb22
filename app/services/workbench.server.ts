/**
 * The enterprise's workbench (工作台, /sme): what needs its attention, read in one call — its needs in
 * progress, the offers (授信) waiting for its decision, its score and grade with the change since last
 * month, unread messages, loans nearing (or past) maturity, and the policies it qualifies for.
 */
import type { SessionUser } from "~/auth/session.server";
import { ENTERPRISE_SIZE_LABELS } from "~/domain/accounts";
import type { GuaranteeMode, NeedStatus } from "~/domain/marketplace";
import type { PolicyBenefitKind } from "~/domain/policies";
import type { CreditGrade } from "~/domain/scoring";
import { districtName, industryName } from "~/lib/reference";
import { dateOf } from "~/lib/time";
import type { AppDatabase } from "~db/connection";
import { getEnterpriseSummary } from "./accounts.server";
import { loansOfEnterprise, type MaturingLoan } from "./maturities.server";
import { effectiveNeedStatus } from "./needs.server";
import { listNotifications, unreadNotificationCount } from "./notifications.server";
import { policiesForEnterprise } from "./policies.server";
import { currentScore, scoreHistory } from "./scoring.server";

/** How many of each list the workbench shows; the lists' own pages show the rest. */
export const WORKBENCH_LIMIT = 5;

/** Where a need in progress stands, from the firm's side. */
export type NeedStage = "offer" | "claimed" | "waiting";

export type WorkbenchNeed = {
  id: number;
  amountFen: number;
  termMonths: number;
  purpose: string;
  status: NeedStatus;
  postedAt: number;
  expiresOn: string;
  /** The product applied to (and its institution), or null for a need open to all. */
  applied: { product: string; institution: string } | null;
  /** Institutions handling it (claimed or granted). */
  inProgress: number;
  stage: NeedStage;
};

export type WorkbenchOffer = {
  claimId: number;
  needId: number;
  institution: string;
  amountFen: number;
  rateBp: number;
  termMonths: number;
  guaranteeMode: GuaranteeMode | null;
  grantedAt: number;
};

export type WorkbenchScore = {
  score: number;
  grade: CreditGrade;
  knockedOut: boolean;
  knockOuts: string[];
  asOfMonth: string;
  /** The last score of an earlier data month, and the change from it; null when there is none. */
  previous: { score: number; grade: CreditGrade; asOfMonth: string; sameModel: boolean } | null;
  change: number | null;
};

export type Workbench = {
  enterprise: {
    name: string;
    uscc: string;
    district: string;
    industry: string;
    size: string;
    establishedOn: string;
    registeredOn: string;
  };
  needs: { rows: WorkbenchNeed[]; total: number };
  offers: WorkbenchOffer[];
  score: WorkbenchScore | null;
  messages: { unread: number; latest: { id: number; title: string; body: string; link: string | null; createdAt: number }[] };
  maturing: MaturingLoan[];
  loans: MaturingLoan[];
  policies: {
    rows: { id: number; title: string; issuer: string; benefitKind: PolicyBenefitKind; validTo: string; read: boolean }[];
    total: number;
    unread: number;
  };
};

type NeedRow = Omit<WorkbenchNeed, "applied" | "stage" | "status"> & {
  status: NeedStatus;
  product: string | null;
  institution: string | null;
  offers: number;
};

/**
 * Needs still in progress: open and not past their date, or with an institution still handling them
 * (an expired need's claims go on). Newest first.
 */
function needsInProgress(db: AppDatabase, enterpriseId: number, now: number): { rows: WorkbenchNeed[]; total: number } {
  const rows = db.$client
    .prepare(
      `SELECT n.id, n.amount_fen AS amountFen, n.term_months AS termMonths, n.purpose, n.status, n.posted_at AS postedAt,
         n.expires_on AS expiresOn, p.name AS product, i.short_name AS institution,
         (SELECT count(*) FROM claims c WHERE c.need_id = n.id AND c.status IN ('claimed', 'granted')) AS inProgress,
         (SELECT count(*) FROM claims c WHERE c.need_id = n.id AND c.status = 'granted') AS offers
       FROM needs n LEFT JOIN products p ON p.id = n.target_product_id LEFT JOIN institutions i ON i.id = p.institution_id
       WHERE n.enterprise_id = ? AND (n.status = 'open' OR EXISTS (
         SELECT 1 FROM claims c WHERE c.need_id = n.id AND c.status IN ('claimed', 'granted')))
       ORDER BY n.posted_at DESC, n.id DESC`,
    )
    .all(enterpriseId) as NeedRow[];
  const inProgress = rows
    .map(({ product, institution, offers, ...n }): WorkbenchNeed => ({
      ...n,
      status: effectiveNeedStatus(n.status, n.expiresOn, now),
      applied: product === null ? null : { product, institution: institution ?? "" },
      stage: offers > 0 ? "offer" : n.inProgress > 0 ? "claimed" : "waiting",
    }))
    .filter((n) => n.status === "open" || n.inProgress > 0);
  return { rows: inProgress.slice(0, WORKBENCH_LIMIT), total: inProgress.length };
}

/** Offers (授信) on the firm's needs it has neither taken (disbursed) nor declined, newest first. */
function offersWaiting(db: AppDatabase, enterpriseId: number): WorkbenchOffer[] {
  return db.$client
    .prepare(
      `SELECT c.id AS claimId, c.need_id AS needId, i.short_name AS institution, c.granted_amount_fen AS amountFen,
         c.granted_rate_bp AS rateBp, c.granted_term_months AS termMonths, c.granted_guarantee_mode AS guaranteeMode,
         c.granted_at AS grantedAt
       FROM claims c JOIN needs n ON n.id = c.need_id JOIN institutions i ON i.id = c.institution_id
       WHERE n.enterprise_id = ? AND c.status = 'granted'
       ORDER BY c.granted_at DESC, c.id DESC`,
    )
    .all(enterpriseId) as WorkbenchOffer[];
}

/**
 * The current score, and the change since last month: from the last score of the data month before
 * the current one (scores are kept whenever they change and at least monthly, scoring.server.ts).
 */
function scoreWithChange(db: AppDatabase, enterpriseId: number): WorkbenchScore | null {
  const current = currentScore(db, enterpriseId);
  if (!current) return null;
  const earlier = scoreHistory(db, enterpriseId).filter((s) => s.asOfMonth < current.asOfMonth);
  const last = earlier.at(-1) ?? null;
  return {
    score: current.score,
    grade: current.grade,
    knockedOut: current.knockedOut,
    knockOuts: current.reasons.knockOuts.map((k) => k.reason),
    asOfMonth: current.asOfMonth,
    previous: last && {
      score: last.score,
      grade: last.grade,
      asOfMonth: last.asOfMonth,
      sameModel: last.modelVersion === current.modelVersion,
    },
    change: last ? current.score - last.score : null,
  };
}

/** Everything the workbench shows, for the signed-in enterprise user; undefined when the enterprise does not exist. */
export function enterpriseWorkbench(db: AppDatabase, user: SessionUser, now: number): Workbench | undefined {
  const enterpriseId = user.enterpriseId;
  const enterprise = enterpriseId === null ? undefined : getEnterpriseSummary(db, enterpriseId);
  if (!enterprise) return undefined;
  const loans = loansOfEnterprise(db, enterprise.id, now);
  const policies = policiesForEnterprise(db, enterprise.id, now);
  return {
    enterprise: {
      name: enterprise.name,
      uscc: enterprise.uscc,
      district: districtName(enterprise.districtCode),
      industry: `${enterprise.industrySection} ${industryName(enterprise.industrySection)}`,
      size: ENTERPRISE_SIZE_LABELS[enterprise.size],
      establishedOn: enterprise.establishedOn,
      registeredOn: dateOf(enterprise.registeredAt),
    },
    needs: needsInProgress(db, enterprise.id, now),
    offers: offersWaiting(db, enterprise.id),
    score: scoreWithChange(db, enterprise.id),
    messages: {
      unread: unreadNotificationCount(db, user),
      latest: listNotifications(db, user, 20)
        .filter((n) => n.readAt === null)
        .slice(0, 3)
        .map((n) => ({ id: n.id, title: n.title, body: n.body, link: n.link, createdAt: n.createdAt })),
    },
    maturing: loans.filter((l) => l.state === "due_soon" || l.state === "past_due"),
    loans,
    policies: {
      rows: policies
        .slice(0, WORKBENCH_LIMIT)
        .map((p) => ({ id: p.id, title: p.title, issuer: p.issuer, benefitKind: p.benefitKind, validTo: p.validTo, read: p.read })),
      total: policies.length,
      unread: policies.filter((p) => !p.read).length,
    },
  };
}
