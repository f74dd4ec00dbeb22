/**
 * The marketplace's service levels (app/domain/service-levels.ts) over the data: flagging each breach
 * once and telling the institution, the breaches that happened in a window (the monthly report), and
 * those standing now (the bureau's home page).
 */
import { and, eq, sql } from "drizzle-orm";
import { CLAIM_WITHIN_WORKING_DAYS, DECIDE_WITHIN_WORKING_DAYS, undecidedBreachAt, unclaimedBreachAt } from "~/domain/service-levels";
import { DAY_MS, dateOf, startOfDate } from "~/lib/time";
import { writeTransaction, type AppDatabase } from "~db/connection";
import { claims, institutions, needEvents, needs, products } from "~db/schema";
import { workingCalendar } from "./calendar.server";
import { recordNeedEvent } from "./need-events.server";
import { needExpiryInstant } from "./needs.server";
import { notify } from "./notifications.server";

/**
 * Whether each enterprise was knocked out at each instant, as the ranked queue saw it then: its score
 * in force (the latest computed at or before the instant) was knocked out. Such a need was in no
 * institution's queue and could not be claimed (decision 021), so no service level counts it
 * (decision 038). A score is written when computed, never back-dated: once an instant has passed, the
 * answer for it never changes (the statistics cache relies on it).
 */
export function knockedOutAt(db: AppDatabase, moments: readonly { enterpriseId: number; at: number }[]): boolean[] {
  if (moments.length === 0) return [];
  const flags = db.$client
    .prepare(
      `SELECT coalesce((SELECT s.knocked_out FROM credit_scores s
         WHERE s.enterprise_id = json_extract(j.value, '$[0]') AND s.computed_at <= json_extract(j.value, '$[1]')
         ORDER BY s.computed_at DESC, s.id DESC LIMIT 1), 0)
       FROM json_each(?) j ORDER BY j.key`,
    )
    .pluck()
    .all(JSON.stringify(moments.map((m) => [m.enterpriseId, m.at]))) as number[];
  return flags.map((f) => f === 1);
}

/**
 * Flags each breach once: an open need nobody claimed within 3 working days (told to the institution
 * it applied to, if any) unless its enterprise was knocked out then, and a claim undecided after 10
 * (told to its institution). Idempotent.
 */
export function flagServiceLevelBreaches(db: AppDatabase, now: number): number {
  const calendar = workingCalendar(db);
  return writeTransaction(db, (tx) => {
    let flagged = 0;
    const alreadyFlagged = new Set(
      tx
        .select({ needId: needEvents.needId, claimId: needEvents.claimId })
        .from(needEvents)
        .where(eq(needEvents.type, "sla_flagged"))
        .all()
        .map((e) => `${e.needId}:${e.claimId ?? ""}`),
    );
    const unclaimed = tx
      .select({ need: needs, targetInstitutionId: products.institutionId })
      .from(needs)
      .leftJoin(products, eq(needs.targetProductId, products.id))
      .where(and(eq(needs.status, "open"), sql`NOT EXISTS (SELECT 1 FROM claims c WHERE c.need_id = ${needs.id})`))
      .all();
    const breaching = unclaimed.flatMap(({ need, targetInstitutionId }) => {
      if (alreadyFlagged.has(`${need.id}:`)) return [];
      const breach = unclaimedBreachAt(
        calendar,
        need.postedAt,
        null,
        Math.min(need.closedAt ?? Infinity, needExpiryInstant(need.expiresOn)),
        now,
      );
      return breach === null ? [] : [{ need, targetInstitutionId, breach }];
    });
    const knockedOut = knockedOutAt(
      db,
      breaching.map((b) => ({ enterpriseId: b.need.enterpriseId, at: b.breach })),
    );
    for (const [i, { need, targetInstitutionId, breach }] of breaching.entries()) {
      if (knockedOut[i]) continue;
      recordNeedEvent(tx, {
        needId: need.id,
        type: "sla_flagged",
        actorUserId: null,
        at: now,
        detail: { kind: "unclaimed", dueAt: breach },
      });
      if (targetInstitutionId !== null) {
        notify(tx, {
          to: { institutionId: targetInstitutionId },
          kind: "sla.unclaimed",
          title: "产品申请超时未受理",
          body: `需求 #${need.id} 已超过${CLAIM_WITHIN_WORKING_DAYS}个工作日无人受理，请尽快处理`,
          link: "/bank/applications",
          at: now,
        });
      }
      flagged += 1;
    }
    const undecided = tx.select().from(claims).where(eq(claims.status, "claimed")).all();
    for (const claim of undecided) {
      if (alreadyFlagged.has(`${claim.needId}:${claim.id}`)) continue;
      const breach = undecidedBreachAt(calendar, claim.claimedAt, null, now);
      if (breach === null) continue;
      recordNeedEvent(tx, {
        needId: claim.needId,
        claimId: claim.id,
        type: "sla_flagged",
        actorUserId: null,
        actorInstitutionId: claim.institutionId,
        at: now,
        detail: { kind: "undecided", dueAt: breach },
      });
      notify(tx, {
        to: { institutionId: claim.institutionId },
        kind: "sla.undecided",
        title: "业务超时未决",
        body: `需求 #${claim.needId} 受理已超过${DECIDE_WITHIN_WORKING_DAYS}个工作日仍未作出授信决定`,
        link: `/bank/claims/${claim.id}`,
        at: now,
      });
      flagged += 1;
    }
    return flagged;
  });
}

export type ServiceLevelCounts = {
  unclaimedNeeds: number;
  undecidedClaims: number;
  byInstitution: { institutionId: number; name: string; undecidedClaims: number; unclaimedApplications: number }[];
};

/** 3 working days are at least 3 calendar days. */
const SOONEST_CLAIM_DEADLINE_MS = CLAIM_WITHIN_WORKING_DAYS * DAY_MS;

/**
 * A deadline is at most ~20 calendar days after posting/claiming (10 working days plus long
 * holidays); a window's breaches are looked for among needs and claims started twice that before it.
 */
const DEADLINE_LOOKBACK_MS = 4 * DECIDE_WITHIN_WORKING_DAYS * DAY_MS;

/**
 * A query's rows as one JSON text (`SELECT json_group_array(json_array(…))`): for the ~10^5 needs and
 * claims of a city's window, better-sqlite3 spends more building row objects than SQLite finding them.
 */
function jsonRows<Row>(db: AppDatabase, query: string, ...params: number[]): Row[] {
  const text = db.$client
    .prepare(query)
    .pluck()
    .get(...params) as string;
  return JSON.parse(text) as Row[];
}

/**
 * Breaches that happened in [from, to): needs whose 3-working-day deadline passed in it without a
 * claim (and without 不予受理, which closes the need) while their enterprise was not knocked out, and
 * claims whose 10-working-day deadline passed in it without a decision. With from = 0 and to = now,
 * the breaches standing now.
 */
export function serviceLevelBreaches(db: AppDatabase, from: number, to: number, now: number): ServiceLevelCounts {
  const calendar = workingCalendar(db);
  const horizon = from === 0 ? 0 : startOfDate(dateOf(from)) - DEADLINE_LOOKBACK_MS;
  // Every claim made in the window: for "decided within 10 working days", and each need's first claim
  // (a need posted in the window cannot have been claimed before it).
  const claimRows = jsonRows<[needId: number, claimedAt: number, decidedAt: number | null, institutionId: number]>(
    db,
    "SELECT json_group_array(json_array(need_id, claimed_at, decided_at, institution_id)) FROM claims WHERE claimed_at >= ? AND claimed_at <= ?",
    horizon,
    to,
  );
  const firstClaimAt = new Map<number, number>();
  for (const [needId, claimedAt] of claimRows) {
    const first = firstClaimAt.get(needId);
    if (first === undefined || claimedAt < first) firstClaimAt.set(needId, claimedAt);
  }
  // A deadline is never sooner than 3 calendar days: a need closed by then cannot breach.
  const needRows = jsonRows<
    [id: number, postedAt: number, closedAt: number | null, expiresOn: string, targetInstitutionId: number | null, enterpriseId: number]
  >(
    db,
    `SELECT json_group_array(json_array(n.id, n.posted_at, n.closed_at, n.expires_on, p.institution_id, n.enterprise_id))
     FROM needs n LEFT JOIN products p ON p.id = n.target_product_id
     WHERE n.posted_at >= ? AND n.posted_at <= ? AND (n.closed_at IS NULL OR n.closed_at > n.posted_at + ?)`,
    horizon,
    to,
    SOONEST_CLAIM_DEADLINE_MS,
  );
  const names = new Map(
    db
      .select({ id: institutions.id, name: institutions.shortName })
      .from(institutions)
      .all()
      .map((i) => [i.id, i.name]),
  );
  const perInstitution = new Map<number, { undecidedClaims: number; unclaimedApplications: number }>();
  const bump = (id: number, key: "undecidedClaims" | "unclaimedApplications") => {
    const entry = perInstitution.get(id) ?? { undecidedClaims: 0, unclaimedApplications: 0 };
    entry[key] += 1;
    perInstitution.set(id, entry);
  };
  const inWindow = (at: number | null) => at !== null && at >= from && at < to;
  // Needs share few expiry dates: each is parsed once.
  const expiries = new Map<string, number>();
  const expiryOf = (expiresOn: string) => {
    let at = expiries.get(expiresOn);
    if (at === undefined) expiries.set(expiresOn, (at = needExpiryInstant(expiresOn)));
    return at;
  };
  const breaches: { enterpriseId: number; at: number; targetInstitutionId: number | null }[] = [];
  for (const [id, postedAt, closedAtRow, expiresOn, targetInstitutionId, enterpriseId] of needRows) {
    const firstClaim = firstClaimAt.get(id) ?? null;
    if (firstClaim !== null && firstClaim <= postedAt + SOONEST_CLAIM_DEADLINE_MS) continue; // claimed before any deadline
    const closedAt = Math.min(closedAtRow ?? Infinity, expiryOf(expiresOn));
    const breach = unclaimedBreachAt(calendar, postedAt, firstClaim, Number.isFinite(closedAt) ? closedAt : null, Math.min(now, to));
    if (breach !== null && inWindow(breach)) breaches.push({ enterpriseId, at: breach, targetInstitutionId });
  }
  // Only what an institution could act on: not a need whose enterprise was knocked out at the deadline.
  const knockedOut = knockedOutAt(db, breaches);
  let unclaimedNeeds = 0;
  for (const [i, { targetInstitutionId }] of breaches.entries()) {
    if (knockedOut[i]) continue;
    unclaimedNeeds += 1;
    if (targetInstitutionId !== null) bump(targetInstitutionId, "unclaimedApplications");
  }
  let undecidedClaims = 0;
  for (const [, claimedAt, decidedAt, institutionId] of claimRows) {
    if (!inWindow(undecidedBreachAt(calendar, claimedAt, decidedAt, Math.min(now, to)))) continue;
    undecidedClaims += 1;
    bump(institutionId, "undecidedClaims");
  }
  return {
    unclaimedNeeds,
    undecidedClaims,
    byInstitution: [...perInstitution].map(([institutionId, counts]) => ({
      institutionId,
      name: names.get(institutionId) ?? String(institutionId),
      ...counts,
    })),
  };
}

/** Breaches still unresolved now: open needs nobody has claimed past 3 working days, claims undecided past 10. */
export function standingBreaches(db: AppDatabase, now: number): { unclaimedNeeds: number; undecidedClaims: number } {
  const calendar = workingCalendar(db);
  const breaching = db
    .select({ enterpriseId: needs.enterpriseId, postedAt: needs.postedAt, expiresOn: needs.expiresOn })
    .from(needs)
    .where(and(eq(needs.status, "open"), sql`NOT EXISTS (SELECT 1 FROM claims c WHERE c.need_id = ${needs.id})`))
    .all()
    .flatMap((n) => {
      const breach = now < needExpiryInstant(n.expiresOn) ? unclaimedBreachAt(calendar, n.postedAt, null, null, now) : null;
      return breach === null ? [] : [{ enterpriseId: n.enterpriseId, at: breach }];
    });
  const openUnclaimed = knockedOutAt(db, breaching).filter((knockedOut) => !knockedOut).length;
  const undecided = db
    .select({ claimedAt: claims.claimedAt })
    .from(claims)
    .where(eq(claims.status, "claimed"))
    .all()
    .filter((c) => undecidedBreachAt(calendar, c.claimedAt, null, now) !== null).length;
  return { unclaimedNeeds: openUnclaimed, undecidedClaims: undecided };
}
