/**
 * Interception at decision points (docs/decisions/021-interception-at-decision-points.md): claiming,
 * granting and disbursing for an enterprise knocked out at that moment is refused (拦截) unless an
 * admin of the institution recorded an override (豁免) for the need naming those knock-outs. The
 * knock-outs are the scorecard's, computed from the credit data as of the decision (`featuresAt`).
 * Every refusal and every decision let through by an override is recorded, append-only, for the
 * monthly report.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import type { CreditEventKind, PenaltySeverity } from "~/domain/credit";
import {
  ADVERSE_EVENT_KINDS,
  coversAny,
  interceptionMessage,
  knockOutNames,
  uncoveredKnockOuts,
  uncoveredRecords,
  type DecisionAction,
  type InterceptionOutcome,
  type RecordedKnockOut,
} from "~/domain/interception";
import type { KnockOutCode } from "~/domain/scoring";
import type { InterceptionCounts, InterceptionSection } from "~/lib/report-layout";
import { taxGradeReference } from "~/lib/scorecard/features";
import { dateOf, monthBounds } from "~/lib/time";
import type { OverrideInput } from "~/lib/validation/interception";
import { writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import { claims, currentRowSql, interceptionOverrides, interceptions, needs, products, users } from "~db/schema";
import { recordAudit } from "./audit.server";
import { fail, type Outcome } from "./outcome";
import { effectiveNeedStatus } from "./needs.server";
import { recordNeedEvent } from "./need-events.server";
import { knockOutsAt } from "./scoring.server";

export const OVERRIDE_AUDIT_ACTION = "interception.override";

/**
 * The institution's overrides for the need, each with the records it covers. One recorded before
 * overrides named their records (decision 039) covers, for each knock-out it named, the records of
 * that kind the platform had received when it was recorded: never one that arrived after it.
 */
function overridesOf(tx: Tx, institutionId: number, needId: number) {
  const rows = tx
    .select()
    .from(interceptionOverrides)
    .where(and(eq(interceptionOverrides.needId, needId), eq(interceptionOverrides.institutionId, institutionId)))
    .orderBy(asc(interceptionOverrides.at), asc(interceptionOverrides.id))
    .all();
  if (rows.every((o) => o.knockOuts.every((k) => k.references !== undefined))) return rows;
  const received = recordsReceived(tx, rows[0]!.enterpriseId);
  return rows.map((o) => ({
    ...o,
    knockOuts: o.knockOuts.map((k) =>
      k.references !== undefined
        ? k
        : { ...k, references: received.filter((r) => r.code === k.code && r.at <= o.at).map((r) => r.reference) },
    ),
  }));
}

/** The records behind each knock-out code that the enterprise's current rows hold, with when their batch was received. */
function recordsReceived(tx: Tx, enterpriseId: number): { code: KnockOutCode; reference: string; at: number }[] {
  const events = tx.all<{ kind: "dishonest_entry" | "enforcement_open"; reference: string; at: number }>(
    sql`SELECT e.kind, e.reference, b.created_at AS at FROM credit_events e JOIN credit_batches b ON b.id = e.batch_id
        WHERE e.enterprise_id = ${enterpriseId} AND e.kind IN ('dishonest_entry', 'enforcement_open') AND ${sql.raw(currentRowSql("e"))}`,
  );
  const grades = tx.all<{ year: number; at: number }>(
    sql`SELECT g.year, b.created_at AS at FROM credit_tax_grades g JOIN credit_batches b ON b.id = g.batch_id
        WHERE g.enterprise_id = ${enterpriseId} AND g.grade = 'D' AND ${sql.raw(currentRowSql("g"))}`,
  );
  return [
    ...events.map((e) => ({
      code: (e.kind === "dishonest_entry" ? "dishonest" : "enforcement") as KnockOutCode,
      reference: e.reference,
      at: e.at,
    })),
    ...grades.map((g) => ({ code: "tax_grade_d" as const, reference: taxGradeReference(g.year), at: g.at })),
  ];
}

export type Decision = {
  institutionId: number;
  needId: number;
  enterpriseId: number;
  /** The claim decided on; null for a claim attempt (the claim does not exist yet). */
  claimId: number | null;
  action: DecisionAction;
  userId: string;
};

/** Let through: `passed` records, once the decision is written, whether an override was needed. */
export type Pass = { passed: (claimId: number) => void };

/**
 * The check at a decision point, inside the decision's write transaction (`db` is the same
 * connection). A refusal is recorded and returned; the caller then writes nothing else.
 */
export function interceptionGate(db: AppDatabase, tx: Tx, decision: Decision, now: number): Outcome<Pass> {
  const knockOuts = knockOutsAt(db, decision.enterpriseId, now);
  if (knockOuts.length === 0) return { ok: true, passed: () => {} };
  const overrides = overridesOf(tx, decision.institutionId, decision.needId);
  const record = (outcome: InterceptionOutcome, claimId: number | null, overrideIds: number[]) =>
    tx
      .insert(interceptions)
      .values({ ...decision, claimId, outcome, knockOuts, overrideIds, at: now })
      .run();
  if (uncoveredKnockOuts(knockOuts, overrides).length > 0) {
    record("refused", decision.claimId, []);
    const notCovered = overrides.length > 0 ? uncoveredRecords(knockOuts, overrides) : [];
    return fail(409, interceptionMessage(decision.action, knockOuts, notCovered), { code: "intercepted" });
  }
  const used = overrides.filter((o) => coversAny(o, knockOuts)).map((o) => o.id);
  return { ok: true, passed: (claimId) => record("overridden", claimId, used) };
}

/** Whether the institution works on the need: it claimed it, or may claim it (open to all, or aimed at its product). */
function handledNeed(tx: Tx, institutionId: number, needId: number, now: number) {
  const need = tx.select().from(needs).where(eq(needs.id, needId)).get();
  if (!need) return null;
  const claim =
    tx
      .select({ id: claims.id })
      .from(claims)
      .where(and(eq(claims.needId, needId), eq(claims.institutionId, institutionId)))
      .get() ?? null;
  if (claim) return { need, claim };
  const target =
    need.targetProductId === null
      ? null
      : tx.select({ institutionId: products.institutionId }).from(products).where(eq(products.id, need.targetProductId)).get();
  const claimable =
    (target === null || target?.institutionId === institutionId) && effectiveNeedStatus(need.status, need.expiresOn, now) === "open";
  return claimable ? { need, claim: null } : null;
}

const ADMIN_ONLY = fail(403, "只有本机构管理员可以记录豁免，请联系机构管理员");

/**
 * An institution admin records an override for one need: it names the knock-outs standing now and the
 * records behind them, and lets the institution's staff claim, grant and disburse despite those
 * records (a record that arrives later — a second enforcement case, a new listing, next year's grade
 * D — needs a new override). Written with an audit entry and a need event that carries the reason.
 */
export function recordOverride(
  db: AppDatabase,
  admin: SessionUser,
  needId: number,
  input: OverrideInput,
  now: number,
): Outcome<{ overrideId: number }> {
  if (admin.role !== "bank_admin" || admin.institutionId === null) return ADMIN_ONLY;
  const institutionId = admin.institutionId;
  return writeTransaction(db, (tx) => {
    const handled = handledNeed(tx, institutionId, needId, now);
    if (!handled) return fail(404, "找不到该需求");
    const knockOuts = knockOutsAt(db, handled.need.enterpriseId, now);
    if (knockOuts.length === 0) return fail(409, "该企业当前没有否决项，无需豁免");
    if (uncoveredKnockOuts(knockOuts, overridesOf(tx, institutionId, needId)).length === 0) {
      return fail(409, "本机构已就该需求当前的否决项记录过豁免");
    }
    const overrideId = tx
      .insert(interceptionOverrides)
      .values({
        institutionId,
        needId,
        enterpriseId: handled.need.enterpriseId,
        knockOuts,
        reason: input.reason,
        userId: admin.id,
        at: now,
      })
      .returning({ id: interceptionOverrides.id })
      .get().id;
    const codes = knockOuts.map((k) => k.code);
    const references = knockOuts.flatMap((k) => k.references);
    recordAudit(tx, {
      actorUserId: admin.id,
      action: OVERRIDE_AUDIT_ACTION,
      targetType: "need",
      targetId: needId,
      detail: { overrideId, institutionId, enterpriseId: handled.need.enterpriseId, knockOuts: codes, references, reason: input.reason },
      at: now,
    });
    recordNeedEvent(tx, {
      needId,
      claimId: handled.claim?.id,
      type: "interception_overridden",
      actorUserId: admin.id,
      actorInstitutionId: institutionId,
      at: now,
      detail: { overrideId, knockOuts: codes, references, reason: input.reason },
    });
    return { ok: true as const, overrideId };
  });
}

/** The override form on a claim page: for the need of one of the admin's institution's claims. */
export function overrideForClaim(
  db: AppDatabase,
  admin: SessionUser,
  claimId: number,
  input: OverrideInput,
  now: number,
): Outcome<{ overrideId: number }> {
  if (admin.role !== "bank_admin" || admin.institutionId === null) return ADMIN_ONLY;
  const claim = db
    .select({ needId: claims.needId })
    .from(claims)
    .where(and(eq(claims.id, claimId), eq(claims.institutionId, admin.institutionId)))
    .get();
  if (!claim) return fail(404, "找不到该业务");
  return recordOverride(db, admin, claim.needId, input, now);
}

export type AdverseRecord = {
  id: number;
  kind: CreditEventKind;
  occurredOn: string;
  severity: PenaltySeverity | null;
  reference: string;
  authority: string;
  description: string;
  recordedAt: number;
};

/** Adverse public records (penalty, dishonesty listing, court enforcement) dated on or after `since`'s day, or recorded after it. */
export function adverseRecordsSince(db: AppDatabase, enterpriseId: number, since: number): AdverseRecord[] {
  return db.$client
    .prepare(
      `SELECT e.id, e.kind, e.occurred_on AS occurredOn, e.severity, e.reference, e.authority, e.description, b.created_at AS recordedAt
       FROM credit_events e JOIN credit_batches b ON b.id = e.batch_id
       WHERE e.enterprise_id = ? AND ${currentRowSql("e")} AND e.kind IN (SELECT value FROM json_each(?))
         AND (e.occurred_on >= ? OR b.created_at >= ?)
       ORDER BY e.occurred_on, e.id`,
    )
    .all(enterpriseId, JSON.stringify(ADVERSE_EVENT_KINDS), dateOf(since), since) as AdverseRecord[];
}

export type InterceptionPanel = {
  knockOuts: (RecordedKnockOut & { references: string[]; overridden: boolean })[];
  /** True while a knock-out stands that no override of this institution for the need covers. */
  needsOverride: boolean;
  overrides: { at: number; by: string; knockOuts: string; reason: string }[];
  adverseSinceClaim: AdverseRecord[];
};

/** What the claim page warns about: today's knock-outs, this institution's overrides, adverse records since the claim. */
export function interceptionPanel(
  db: AppDatabase,
  institutionId: number,
  claim: { needId: number; claimedAt: number },
  enterpriseId: number,
  now: number,
): InterceptionPanel {
  const knockOuts = knockOutsAt(db, enterpriseId, now);
  const overrides = overridesOf(db, institutionId, claim.needId);
  const uncovered = new Set(uncoveredKnockOuts(knockOuts, overrides).map((k) => k.code));
  const names = new Map(
    overrides.length === 0
      ? []
      : db
          .select({ id: users.id, name: users.displayName })
          .from(users)
          .where(
            inArray(
              users.id,
              overrides.map((o) => o.userId),
            ),
          )
          .all()
          .map((u) => [u.id, u.name]),
  );
  return {
    knockOuts: knockOuts.map((k) => ({ ...k, overridden: !uncovered.has(k.code) })),
    needsOverride: uncovered.size > 0,
    overrides: overrides.map((o) => ({ at: o.at, by: names.get(o.userId) ?? "", knockOuts: knockOutNames(o.knockOuts), reason: o.reason })),
    adverseSinceClaim: adverseRecordsSince(db, enterpriseId, claim.claimedAt),
  };
}

// ---- the monthly report ---------------------------------------------------------------------------

/** Counts over [from, to): refusals, overrides recorded, claims made and loans disbursed under an override. */
function countsBetween(db: AppDatabase, from: number, to: number): InterceptionCounts {
  const one = (sql: string) => (db.$client.prepare(sql).get(from, to) as { n: number }).n;
  return {
    interceptions: one("SELECT count(*) AS n FROM interceptions WHERE outcome = 'refused' AND at >= ? AND at < ?"),
    overrides: one("SELECT count(*) AS n FROM interception_overrides WHERE at >= ? AND at < ?"),
    overriddenClaims: one(
      "SELECT count(*) AS n FROM interceptions WHERE outcome = 'overridden' AND action = 'claim' AND at >= ? AND at < ?",
    ),
    overriddenLoans: one(
      `SELECT count(DISTINCT l.id) AS n FROM interceptions i JOIN loans l ON l.claim_id = i.claim_id
       WHERE i.outcome = 'overridden' AND i.action = 'disburse' AND l.disbursed_at >= ? AND l.disbursed_at < ?`,
    ),
  };
}

/** Month M, January to M (本年累计) and since launch (累计). */
export function interceptionCounts(db: AppDatabase, month: string): InterceptionSection {
  const { start, end } = monthBounds(month);
  return {
    month: countsBetween(db, start, end),
    ytd: countsBetween(db, monthBounds(`${month.slice(0, 4)}-01`).start, end),
    cumulative: countsBetween(db, Number.MIN_SAFE_INTEGER, end),
  };
}
