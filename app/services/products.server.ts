/**
 * Credit products (金融超市): a bank admin creates and edits them and puts them on or off the market;
 * every 上架 opens a listing period and every 下架 closes it (the statistics count listed products
 * from those periods). Everyone can browse the listed ones.
 */
import { and, asc, count, desc, eq, gte, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import type { GuaranteeMode, MarketSort } from "~/domain/marketplace";
import { pageInfo, pageOffset, type PageInfo } from "~/lib/pagination";
import { containsPattern } from "~/lib/text";
import type { ProductInput } from "~/lib/validation/marketplace";
import type { AppDatabase } from "~db/connection";
import { institutions, productListings, products } from "~db/schema";
import { recordAudit } from "./audit.server";
import { fail, type Outcome } from "./outcome";

export type ProductRow = typeof products.$inferSelect & { institutionName: string };

const productColumns = { product: products, institutionName: institutions.shortName };

function flatten(row: { product: typeof products.$inferSelect; institutionName: string }): ProductRow {
  return { ...row.product, institutionName: row.institutionName };
}

export function createProduct(db: AppDatabase, actor: SessionUser, input: ProductInput, now: number): number {
  return db.transaction((tx) => {
    const id = tx
      .insert(products)
      .values({ ...input, institutionId: actor.institutionId!, listed: false, createdAt: now, updatedAt: now })
      .returning({ id: products.id })
      .get().id;
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "product.create",
      targetType: "product",
      targetId: id,
      detail: { name: input.name },
      at: now,
    });
    return id;
  });
}

/** A product of the actor's own institution, or undefined (someone else's is "not found"). */
export function ownProduct(db: AppDatabase, actor: SessionUser, productId: number) {
  return db
    .select()
    .from(products)
    .where(and(eq(products.id, productId), eq(products.institutionId, actor.institutionId ?? -1)))
    .get();
}

export function updateProduct(db: AppDatabase, actor: SessionUser, productId: number, input: ProductInput, now: number): boolean {
  return db.transaction((tx) => {
    const result = tx
      .update(products)
      .set({ ...input, updatedAt: now })
      .where(and(eq(products.id, productId), eq(products.institutionId, actor.institutionId ?? -1)))
      .run();
    if (result.changes === 0) return false;
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "product.update",
      targetType: "product",
      targetId: productId,
      detail: { name: input.name },
      at: now,
    });
    return true;
  });
}

/** 上架 (listed = true) or 下架 (false), recording the listing period. */
export function setProductListed(db: AppDatabase, actor: SessionUser, productId: number, listed: boolean, now: number): Outcome {
  return db.transaction((tx) => {
    const product = tx
      .select()
      .from(products)
      .where(and(eq(products.id, productId), eq(products.institutionId, actor.institutionId ?? -1)))
      .get();
    if (!product) return fail(404, "找不到该产品");
    if (product.listed === listed) {
      return fail(409, listed ? "该产品已在架" : "该产品已下架");
    }
    tx.update(products).set({ listed, updatedAt: now }).where(eq(products.id, productId)).run();
    if (listed) tx.insert(productListings).values({ productId, listedAt: now }).run();
    else {
      tx.update(productListings)
        .set({ delistedAt: now })
        .where(and(eq(productListings.productId, productId), isNull(productListings.delistedAt)))
        .run();
    }
    recordAudit(tx, {
      actorUserId: actor.id,
      action: listed ? "product.list" : "product.delist",
      targetType: "product",
      targetId: productId,
      detail: { name: product.name },
      at: now,
    });
    return { ok: true as const };
  });
}

export function institutionProducts(db: AppDatabase, institutionId: number): ProductRow[] {
  return db
    .select(productColumns)
    .from(products)
    .innerJoin(institutions, eq(products.institutionId, institutions.id))
    .where(eq(products.institutionId, institutionId))
    .orderBy(desc(products.listed), asc(products.name))
    .all()
    .map(flatten);
}

export type MarketFilter = {
  amountFen?: number;
  termMonths?: number;
  guaranteeMode?: GuaranteeMode;
  tag?: string;
  /** Products carrying any of these tags (a 专区). */
  anyTag?: readonly string[];
  institutionId?: number;
  /** Words found in the product's name or description or the bank's name (short or full). */
  keyword?: string;
  /** Newest first unless another order is asked for. */
  sort?: MarketSort;
  page: number;
};

/** Each order of the market; ties fall back to newest first, then id, so paging is stable. */
const MARKET_ORDERS: Record<MarketSort, SQL[]> = {
  newest: [],
  rate: [asc(products.rateMinBp), asc(products.rateMaxBp)],
  amount: [desc(products.amountMaxFen), desc(products.amountMinFen)],
  term: [desc(products.termMaxMonths), desc(products.termMinMonths)],
};

/** The listed products that fit the filter, in the order asked for (newest first by default). */
export function marketProducts(db: AppDatabase, filter: MarketFilter): { rows: ProductRow[]; page: PageInfo } {
  const conditions: SQL[] = [eq(products.listed, true), isNull(institutions.disabledAt)];
  if (filter.amountFen !== undefined)
    conditions.push(lte(products.amountMinFen, filter.amountFen), gte(products.amountMaxFen, filter.amountFen));
  if (filter.termMonths !== undefined)
    conditions.push(lte(products.termMinMonths, filter.termMonths), gte(products.termMaxMonths, filter.termMonths));
  if (filter.guaranteeMode)
    conditions.push(sql`EXISTS (SELECT 1 FROM json_each(${products.guaranteeModes}) WHERE value = ${filter.guaranteeMode})`);
  if (filter.tag) conditions.push(sql`EXISTS (SELECT 1 FROM json_each(${products.tags}) WHERE value = ${filter.tag})`);
  if (filter.anyTag) {
    const tags = sql.join(
      filter.anyTag.map((t) => sql`${t}`),
      sql`, `,
    );
    conditions.push(sql`EXISTS (SELECT 1 FROM json_each(${products.tags}) WHERE value IN (${tags}))`);
  }
  if (filter.institutionId) conditions.push(eq(products.institutionId, filter.institutionId));
  // Every word must be found somewhere (name, description or bank): "苏州银行 科技" narrows, not widens.
  for (const word of (filter.keyword ?? "").split(/\s+/).filter(Boolean)) {
    const pattern = containsPattern(word);
    conditions.push(
      or(
        sql`${products.name} LIKE ${pattern} ESCAPE '\\'`,
        sql`${products.description} LIKE ${pattern} ESCAPE '\\'`,
        sql`${institutions.shortName} LIKE ${pattern} ESCAPE '\\'`,
        sql`${institutions.name} LIKE ${pattern} ESCAPE '\\'`,
      )!,
    );
  }
  const where = and(...conditions);
  const total =
    db.select({ n: count() }).from(products).innerJoin(institutions, eq(products.institutionId, institutions.id)).where(where).get()?.n ??
    0;
  const page = pageInfo(total, filter.page, 12);
  const rows = db
    .select(productColumns)
    .from(products)
    .innerJoin(institutions, eq(products.institutionId, institutions.id))
    .where(where)
    .orderBy(...MARKET_ORDERS[filter.sort ?? "newest"], desc(products.updatedAt), asc(products.id))
    .limit(page.pageSize)
    .offset(pageOffset(page))
    .all()
    .map(flatten);
  return { rows, page };
}

/** A product as the market shows it: listed, or (for its own institution's staff) any of theirs. */
export function productForViewer(db: AppDatabase, productId: number, viewerInstitutionId: number | null): ProductRow | undefined {
  const row = db
    .select(productColumns)
    .from(products)
    .innerJoin(institutions, eq(products.institutionId, institutions.id))
    .where(eq(products.id, productId))
    .get();
  if (!row) return undefined;
  if (!row.product.listed && row.product.institutionId !== viewerInstitutionId) return undefined;
  return flatten(row);
}

export function listedInstitutions(db: AppDatabase) {
  return db
    .selectDistinct({ id: institutions.id, name: institutions.shortName })
    .from(institutions)
    .innerJoin(products, eq(products.institutionId, institutions.id))
    .where(and(eq(products.listed, true), isNull(institutions.disabledAt)))
    .orderBy(asc(institutions.id))
    .all();
}
