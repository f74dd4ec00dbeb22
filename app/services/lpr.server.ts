/**
 * The one-year Loan Prime Rate as data (docs/decisions/022-calendar-and-lpr-as-data.md): each
 * publication the administrator records, kept for ever. The LPR in effect on a date is the newest
 * entry with the latest effective date on or before it (a later entry for the same date corrects an
 * earlier one); the rate ceiling is four times it (app/lib/lending-rules.ts).
 */
import { and, asc, desc, eq, lte } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { lprRelative, rateCeilingBpOf, rateCeilingText } from "~/lib/lending-rules";
import { formatRateBp } from "~/lib/money";
import { dateOf } from "~/lib/time";
import type { LprInput } from "~/lib/validation/calendar";
import { writeTransaction, type AppDatabase } from "~db/connection";
import { lprPublications, users } from "~db/schema";
import { recordAudit } from "./audit.server";
import { failFields, type FieldsRefused, type Outcome } from "./outcome";

export type LprInEffect = {
  oneYearBp: number;
  fiveYearBp: number | null;
  effectiveOn: string;
  /** 4 × the one-year LPR. */
  ceilingBp: number;
  /** The hint under rate fields. */
  ceilingText: string;
};

/**
 * The LPR in effect at `now` (Asia/Shanghai date). Before the first recorded publication, the first one
 * (the migration records the LPR the portal launched with, so there always is one).
 */
export function lprInEffect(db: AppDatabase, now: number): LprInEffect {
  const row =
    db
      .select()
      .from(lprPublications)
      .where(lte(lprPublications.effectiveOn, dateOf(now)))
      .orderBy(desc(lprPublications.effectiveOn), desc(lprPublications.id))
      .limit(1)
      .get() ?? db.select().from(lprPublications).orderBy(asc(lprPublications.effectiveOn), desc(lprPublications.id)).limit(1).get();
  if (!row) throw new Error("lpr_publications is empty: the migrations record the first LPR, run them");
  return {
    oneYearBp: row.oneYearBp,
    fiveYearBp: row.fiveYearBp,
    effectiveOn: row.effectiveOn,
    ceilingBp: rateCeilingBpOf(row.oneYearBp),
    ceilingText: rateCeilingText(row.oneYearBp),
  };
}

/** The product page's quote: "一年期 LPR 3.00%（2025-05-20），本产品最低利率为 LPR+45BP". */
export function lprQuote(db: AppDatabase, rateBp: number, now: number): { rate: string; asOf: string; spread: string } {
  const lpr = lprInEffect(db, now);
  return { rate: formatRateBp(lpr.oneYearBp), asOf: lpr.effectiveOn, spread: lprRelative(rateBp, lpr.oneYearBp) };
}

export type LprRow = {
  id: number;
  effectiveOn: string;
  oneYearBp: number;
  fiveYearBp: number | null;
  note: string | null;
  enteredBy: string | null;
  enteredAt: number;
  /** A later entry for the same effective date replaced this one. */
  corrected: boolean;
  inEffect: boolean;
};

/** Every recorded publication, newest effective date first. */
export function lprHistory(db: AppDatabase, now: number): LprRow[] {
  const rows = db
    .select({ p: lprPublications, enteredBy: users.displayName })
    .from(lprPublications)
    .leftJoin(users, eq(users.id, lprPublications.enteredByUserId))
    .orderBy(desc(lprPublications.effectiveOn), desc(lprPublications.id))
    .all();
  const today = dateOf(now);
  const seen = new Set<string>();
  let effectFound = false;
  return rows.map(({ p, enteredBy }) => {
    const corrected = seen.has(p.effectiveOn);
    seen.add(p.effectiveOn);
    const inEffect = !effectFound && !corrected && p.effectiveOn <= today;
    if (inEffect) effectFound = true;
    return {
      id: p.id,
      effectiveOn: p.effectiveOn,
      oneYearBp: p.oneYearBp,
      fiveYearBp: p.fiveYearBp,
      note: p.note,
      enteredBy,
      enteredAt: p.enteredAt,
      corrected,
      inEffect,
    };
  });
}

/** Records a publication; a second entry for an effective date already recorded is a correction and must say why. */
export function recordLpr(db: AppDatabase, actor: SessionUser, input: LprInput, now: number): Outcome<{ id: number }, FieldsRefused> {
  return writeTransaction(db, (tx) => {
    const same = tx
      .select()
      .from(lprPublications)
      .where(and(eq(lprPublications.effectiveOn, input.effectiveOn)))
      .orderBy(desc(lprPublications.id))
      .limit(1)
      .get();
    const fiveYearBp = input.fiveYear === "" ? null : input.fiveYear;
    if (same && same.oneYearBp === input.oneYear && same.fiveYearBp === fiveYearBp) {
      return failFields({ effectiveOn: `${input.effectiveOn} 的报价已录入，数值相同，无需重复录入` }, 409);
    }
    if (same && input.note.length < 4) {
      return failFields(
        { note: `${input.effectiveOn} 已有报价（一年期 ${formatRateBp(same.oneYearBp)}）；如为更正，请写明原因（至少4个字）` },
        400,
      );
    }
    const id = tx
      .insert(lprPublications)
      .values({
        effectiveOn: input.effectiveOn,
        oneYearBp: input.oneYear,
        fiveYearBp,
        note: input.note || null,
        enteredByUserId: actor.id,
        enteredAt: now,
      })
      .returning({ id: lprPublications.id })
      .get().id;
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "lpr.record",
      targetType: "lpr_publication",
      targetId: id,
      detail: {
        effectiveOn: input.effectiveOn,
        oneYearBp: input.oneYear,
        fiveYearBp,
        ...(same ? { corrects: same.id, note: input.note } : {}),
      },
      at: now,
    });
    return { ok: true as const, id };
  });
}
