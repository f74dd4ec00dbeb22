/**
 * Products for an enterprise's need (issue 5): every listed product with the checks it passes and
 * fails (checkEligibility, and the knock-outs first when there are any), the ones that fit first,
 * best fit first (app/lib/ranking.ts), then those that fall short, fewest shortfalls first.
 */
import { and, eq } from "drizzle-orm";
import { checkEligibility, type Check } from "~/lib/eligibility";
import { productFit } from "~/lib/ranking";
import type { AppDatabase } from "~db/connection";
import { enterprises, institutions, needs, products } from "~db/schema";
import { currentScore } from "./scoring.server";

export type ProductMatch = {
  productId: number;
  productName: string;
  institution: string;
  eligible: boolean;
  /** Fit points (0–40) of a product that fits; null when it falls short. */
  fit: number | null;
  checks: Check[];
};

/** Null when the need is not this enterprise's. */
export function enterpriseProductMatches(db: AppDatabase, enterpriseId: number, needId: number, now: number): ProductMatch[] | null {
  const need = db
    .select()
    .from(needs)
    .where(and(eq(needs.id, needId), eq(needs.enterpriseId, enterpriseId)))
    .get();
  if (!need) return null;
  const enterprise = db.select().from(enterprises).where(eq(enterprises.id, enterpriseId)).get()!;
  const score = currentScore(db, enterpriseId);
  // A knocked-out enterprise is shown the grade it has (D), so products with a minimum grade say so.
  const applicant = { ...enterprise, grade: score?.grade ?? null };
  const listed = db
    .select({ product: products, institution: institutions.shortName })
    .from(products)
    .innerJoin(institutions, eq(products.institutionId, institutions.id))
    .where(eq(products.listed, true))
    .all();
  // Knock-outs keep the need out of every institution's queue, so no product can be said to fit.
  const knockOut: Check[] = score?.knockedOut
    ? [
        {
          key: "grade",
          ok: false,
          text: `存在否决项（${score.reasons.knockOuts.map((k) => k.reason).join("；")}），暂不进入金融机构的需求排序`,
        },
      ]
    : [];
  const matches = listed.map(({ product, institution }): ProductMatch & { failed: number } => {
    const result = checkEligibility(need, applicant, product, now);
    const checks = [...knockOut, ...result.checks];
    const eligible = result.eligible && knockOut.length === 0;
    return {
      productId: product.id,
      productName: product.name,
      institution,
      eligible,
      fit: eligible ? productFit(need, product).total : null,
      checks,
      failed: checks.filter((c) => !c.ok).length,
    };
  });
  matches.sort(
    (a, b) => Number(b.eligible) - Number(a.eligible) || (b.fit ?? 0) - (a.fit ?? 0) || a.failed - b.failed || a.productId - b.productId,
  );
  return matches.map(({ failed: _failed, ...m }) => m);
}
