/**
 * Every institution's claimable, eligible needs in fit order (hard filters, then app/lib/ranking.ts),
 * kept in memory per connection so an officer's page is a filter over memory, not a 20,000-row join.
 *
 * Kept current from the ranking_changes log (drizzle/0012, filled by triggers): a change names a
 * need, an enterprise (its score or profile) or an institution (its products). Only those needs are
 * read again and moved within each ranking; an institution whose products changed is ranked afresh
 * when next asked for. Everything is rebuilt when the day turns (waiting points count calendar days
 * and needs expire by date), when the log no longer reaches back to the cache's version (pruned), or
 * when so much changed that a rebuild is cheaper. Reading the log and the rows it names happens in one
 * read transaction, so the cache is always the state of one moment of the database.
 */
import { eq } from "drizzle-orm";
import type { GuaranteeMode } from "~/domain/marketplace";
import type { CreditGrade } from "~/domain/scoring";
import { fitScore, passes, productFit, type FitBreakdown } from "~/lib/ranking";
import { dateOf, yearsSince } from "~/lib/time";
import type { AppDatabase } from "~db/connection";
import { products } from "~db/schema";

export type ProductRules = typeof products.$inferSelect;

/** What ranking knows of an open, unexpired need whose enterprise is not knocked out. */
export type RankFact = {
  needId: number;
  amountFen: number;
  termMonths: number;
  guaranteeMode: GuaranteeMode | null;
  rateCeilingBp: number | null;
  targetProductId: number | null;
  postedAt: number;
  enterpriseId: number;
  districtCode: string;
  industrySection: string;
  establishedOn: string;
  score: number | null;
  grade: CreditGrade | null;
  years: number;
};

export type Ranked = { c: RankFact; eligible: ProductRules[]; best: ProductRules; fit: FitBreakdown };
export type InstitutionRanking = { ownById: Map<number, ProductRules>; ranked: Ranked[]; byNeed: Map<number, Ranked> };

type RankCache = { day: string; version: number; facts: Map<number, RankFact>; byInstitution: Map<number, InstitutionRanking> };

/** Past this many changes since the cache's version, one rebuild is cheaper than moving needs one by one. */
const MAX_CHANGES_APPLIED = 5_000;
/** Log rows kept by the maintenance sweep; a cache older than them is rebuilt. */
const CHANGES_KEPT = 20_000;

const caches = new WeakMap<AppDatabase["$client"], RankCache>();

const byFit = (a: Ranked, b: Ranked) => b.fit.total - a.fit.total || a.c.postedAt - b.c.postedAt || a.c.needId - b.c.needId;

const FACT_COLUMNS = `n.id AS needId, n.amount_fen AS amountFen, n.term_months AS termMonths, n.guarantee_mode AS guaranteeMode,
  n.rate_ceiling_bp AS rateCeilingBp, n.target_product_id AS targetProductId, n.posted_at AS postedAt,
  e.id AS enterpriseId, e.district_code AS districtCode, e.industry_section AS industrySection, e.established_on AS establishedOn,
  s.score AS score, s.grade AS grade`;
const FACT_JOINS = `JOIN enterprises e ON e.id = n.enterprise_id
  LEFT JOIN credit_scores s ON s.enterprise_id = n.enterprise_id AND s.is_current = 1
  WHERE n.status = 'open' AND n.expires_on >= ? AND (s.knocked_out IS NULL OR s.knocked_out = 0)`;

/** The facts of open needs: all of them, or those of `needIds` (looked up by id, not found in a scan). */
function readFacts(db: AppDatabase, now: number, needIds?: readonly number[]): RankFact[] {
  const today = dateOf(now);
  const rows = (
    needIds === undefined
      ? db.$client.prepare(`SELECT ${FACT_COLUMNS} FROM needs n ${FACT_JOINS}`).all(today)
      : db.$client
          .prepare(`SELECT ${FACT_COLUMNS} FROM json_each(?) j CROSS JOIN needs n ON n.id = j.value ${FACT_JOINS}`)
          .all(JSON.stringify(needIds), today)
  ) as Omit<RankFact, "years">[];
  const yearsByDate = new Map<string, number>();
  return rows.map((c) => {
    let years = yearsByDate.get(c.establishedOn);
    if (years === undefined) yearsByDate.set(c.establishedOn, (years = yearsSince(c.establishedOn, now)));
    return { ...c, years };
  });
}

/** The need ranked for an institution, or null when the institution may not or cannot serve it. */
function rankFor(c: RankFact, ownById: Map<number, ProductRules>, listed: readonly ProductRules[], now: number): Ranked | null {
  const applied = c.targetProductId === null ? null : ownById.get(c.targetProductId);
  if (applied === undefined) return null; // aimed at another institution's product
  const eligible = (applied ? [applied] : listed).filter((p) => passes(c, p));
  if (eligible.length === 0) return null;
  let best = eligible[0]!;
  let bestFit = productFit(c, best);
  for (const p of eligible.slice(1)) {
    const f = productFit(c, p);
    if (f.total > bestFit.total) [best, bestFit] = [p, f];
  }
  return { c, eligible, best, fit: fitScore(c.score, bestFit, c.postedAt, applied !== null, now) };
}

/** Where `entry` is or belongs in `ranked` (fit order is total: the need id breaks every tie). */
function positionOf(ranked: readonly Ranked[], entry: Ranked): number {
  let low = 0;
  let high = ranked.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (byFit(ranked[mid]!, entry) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function rankInstitution(db: AppDatabase, cache: RankCache, institutionId: number, now: number): InstitutionRanking {
  const own = db.select().from(products).where(eq(products.institutionId, institutionId)).all();
  const ownById = new Map(own.map((p) => [p.id, p]));
  const listed = own.filter((p) => p.listed);
  const claimedHere = new Set(
    db.$client.prepare("SELECT need_id FROM claims WHERE institution_id = ?").pluck().all(institutionId) as number[],
  );
  const ranked: Ranked[] = [];
  for (const c of cache.facts.values()) {
    if (claimedHere.has(c.needId)) continue;
    const entry = rankFor(c, ownById, listed, now);
    if (entry) ranked.push(entry);
  }
  ranked.sort(byFit);
  return { ownById, ranked, byNeed: new Map(ranked.map((r) => [r.c.needId, r])) };
}

const latestVersion = (db: AppDatabase) =>
  (db.$client.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'ranking_changes'").pluck().get() as number | undefined) ?? 0;

/** Moves the needs the log names since the cache's version; false when a rebuild is needed instead. */
function applyChanges(db: AppDatabase, cache: RankCache, latest: number, now: number): boolean {
  const sqlite = db.$client;
  const oldest = sqlite.prepare("SELECT min(version) FROM ranking_changes").pluck().get() as number | null;
  if (oldest === null || oldest > cache.version + 1 || latest - cache.version > MAX_CHANGES_APPLIED) return false;
  const changes = sqlite
    .prepare("SELECT need_id, enterprise_id, institution_id FROM ranking_changes WHERE version > ?")
    .raw()
    .all(cache.version) as [number | null, number | null, number | null][];
  const needIds = new Set<number>();
  const enterpriseIds = new Set<number>();
  for (const [needId, enterpriseId, institutionId] of changes) {
    if (needId !== null) needIds.add(needId);
    if (enterpriseId !== null) enterpriseIds.add(enterpriseId);
    if (institutionId !== null) cache.byInstitution.delete(institutionId);
  }
  if (enterpriseIds.size > 0) {
    const theirs = sqlite
      .prepare("SELECT id FROM needs WHERE enterprise_id IN (SELECT value FROM json_each(?))")
      .pluck()
      .all(JSON.stringify([...enterpriseIds])) as number[];
    for (const id of theirs) needIds.add(id);
  }
  const affected = [...needIds];
  const fresh = readFacts(db, now, affected);
  for (const id of affected) cache.facts.delete(id);
  for (const c of fresh) cache.facts.set(c.needId, c);
  const claimed = new Set(
    sqlite
      .prepare("SELECT institution_id || ':' || need_id FROM claims WHERE need_id IN (SELECT value FROM json_each(?))")
      .pluck()
      .all(JSON.stringify(affected)) as string[],
  );
  for (const [institutionId, { ownById, ranked, byNeed }] of cache.byInstitution) {
    for (const id of affected) {
      const old = byNeed.get(id);
      if (!old) continue;
      ranked.splice(positionOf(ranked, old), 1);
      byNeed.delete(id);
    }
    const listed = [...ownById.values()].filter((p) => p.listed);
    for (const c of fresh) {
      if (claimed.has(`${institutionId}:${c.needId}`)) continue;
      const entry = rankFor(c, ownById, listed, now);
      if (!entry) continue;
      ranked.splice(positionOf(ranked, entry), 0, entry);
      byNeed.set(c.needId, entry);
    }
  }
  cache.version = latest;
  return true;
}

/** The institution's ranking as of now: from memory, brought up to date, or built. */
export function rankedFor(db: AppDatabase, institutionId: number, now: number): InstitutionRanking {
  const sqlite = db.$client;
  // One read transaction: the log, the rows it names and the products and claims read are one snapshot.
  return sqlite.transaction(() => {
    const day = dateOf(now);
    const latest = latestVersion(db);
    let cache = caches.get(sqlite);
    if (!cache || cache.day !== day || (cache.version !== latest && !applyChanges(db, cache, latest, now))) {
      cache = { day, version: latest, facts: new Map(readFacts(db, now).map((c) => [c.needId, c])), byInstitution: new Map() };
      caches.set(sqlite, cache);
    }
    let ranking = cache.byInstitution.get(institutionId);
    if (!ranking) cache.byInstitution.set(institutionId, (ranking = rankInstitution(db, cache, institutionId, now)));
    return ranking;
  })();
}

/** Drops log rows no cache will need (run by the maintenance sweep); the newest always stay. */
export function pruneRankingChanges(db: AppDatabase): number {
  return db.$client.prepare("DELETE FROM ranking_changes WHERE version <= (SELECT max(version) FROM ranking_changes) - ?").run(CHANGES_KEPT)
    .changes;
}
