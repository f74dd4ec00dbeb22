/**
 * 专区 figures (app/domain/zones.ts): per zone, the products on the market at a month's end and the
 * loans disbursed in the month and January to it, a loan counting in every zone of its product. Read
 * straight from loans and listings (small per month); the monthly report keeps them in its payload
 * when frozen, so later tag changes never alter a frozen report.
 */
import { ZONES, zonesOfTags } from "~/domain/zones";
import type { ZoneSlice } from "~/lib/report-layout";
import { monthBounds } from "~/lib/time";
import type { AppDatabase } from "~db/connection";

export function zoneFigures(db: AppDatabase, month: string): ZoneSlice[] {
  const { start, end } = monthBounds(month);
  const yearStart = monthBounds(`${month.slice(0, 4)}-01`).start;
  const lent = db.$client
    .prepare(
      `SELECT p.tags, sum(l.disbursed_at >= @start) AS count, sum(CASE WHEN l.disbursed_at >= @start THEN l.amount_fen ELSE 0 END) AS amount,
              count(*) AS ytdCount, sum(l.amount_fen) AS ytdAmount
       FROM loans l JOIN products p ON p.id = l.product_id
       WHERE l.disbursed_at >= @yearStart AND l.disbursed_at < @end GROUP BY p.id`,
    )
    .all({ start, end, yearStart }) as { tags: string; count: number; amount: number; ytdCount: number; ytdAmount: number }[];
  const listed = db.$client
    .prepare(
      `SELECT p.tags FROM products p WHERE EXISTS (SELECT 1 FROM product_listings pl WHERE pl.product_id = p.id
         AND pl.listed_at < @end AND (pl.delisted_at IS NULL OR pl.delisted_at >= @end))`,
    )
    .all({ end }) as { tags: string }[];
  const figures = new Map<string, ZoneSlice>(
    ZONES.map((z) => [
      z.key,
      { key: z.key, label: z.name, listedProducts: 0, loansCount: 0, loansAmountFen: 0, ytdLoansCount: 0, ytdLoansAmountFen: 0 },
    ]),
  );
  const zonesOf = (tags: string) => zonesOfTags(JSON.parse(tags) as string[]).map((z) => figures.get(z.key)!);
  for (const product of listed) for (const zone of zonesOf(product.tags)) zone.listedProducts += 1;
  for (const product of lent) {
    for (const zone of zonesOf(product.tags)) {
      zone.loansCount += product.count;
      zone.loansAmountFen += product.amount;
      zone.ytdLoansCount += product.ytdCount;
      zone.ytdLoansAmountFen += product.ytdAmount;
    }
  }
  return [...figures.values()];
}
