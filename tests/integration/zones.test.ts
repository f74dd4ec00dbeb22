/**
 * 专区: a zone's figures for a month, worked out by hand, with a loan whose product is in two zones
 * counting in both; and the report's 按专区 table, kept in a frozen report whatever the tags become.
 *
 *   P1 甲银行 tags 首贷, 小微      listed 2026-01-05, still listed
 *   P2 甲银行 tags 科技, 专精特新  listed 2026-02-01, delisted 2026-03-20
 *   P3 乙银行 tags 绿色            listed 2026-03-10
 *   P4 乙银行 no tags              listed 2026-01-05
 *   Loans (万元): L1 P1 100 on 02-10, L2 P1 50 on 03-05, L3 P2 80 on 03-15, L4 P3 30 on 03-31, L5 P4 70 on 03-20,
 *                 L6 no product 20 on 03-25.
 *
 * March 2026:        listed at month end   March loans        January–March
 *   首贷专区          P1 → 1                L2 → 1, 50         L1 L2 → 2, 150
 *   科技·专精特新     P2 delisted → 0       L3 → 1, 80         L3 → 1, 80
 *   绿色金融          P3 → 1                L4 → 1, 30         1, 30
 *   三农              0                     0                  0
 *   小微专区          P1 → 1                L2 → 1, 50         2, 150
 *   (P4's L5 and L6 without a product are in no zone; L2 counts in both 首贷 and 小微.)
 */
import { describe, expect, it } from "vitest";
import type { SessionUser } from "~/auth/session.server";
import { ZONE_DEFINITION } from "~/domain/zones";
import { reportCsv } from "~/services/report-export.server";
import { freezeReport, loadReport } from "~/services/statistics.server";
import { zoneFigures } from "~/services/zones.server";
import { users } from "~db/schema";
import { createTestDatabase } from "../support/db";
import { at, createFacts, wan } from "../support/facts";

const { db } = createTestDatabase();
const f = createFacts(db);
const A = f.institution({ name: "甲银行", joined: "2025-12-01 09:00" });
const B = f.institution({ name: "乙银行", joined: "2025-12-01 09:00" });
const tagged = (institution: number, tags: string[], listings: { listed: string; delisted?: string }[]) => {
  const id = f.product(institution, listings);
  db.$client.prepare("UPDATE products SET tags = ? WHERE id = ?").run(JSON.stringify(tags), id);
  return id;
};
const P1 = tagged(A, ["首贷", "小微"], [{ listed: "2026-01-05 09:00" }]);
const P2 = tagged(A, ["科技", "专精特新"], [{ listed: "2026-02-01 09:00", delisted: "2026-03-20 09:00" }]);
const P3 = tagged(B, ["绿色"], [{ listed: "2026-03-10 09:00" }]);
const P4 = tagged(B, [], [{ listed: "2026-01-05 09:00" }]);
const E = f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2026-01-02 10:00" });
const lend = (institution: number, productId: number | undefined, amountWan: number, on: string) => {
  const claim = f.claim(f.need(E, amountWan, `${on} 08:00`), institution, `${on} 09:00`, { granted: `${on} 10:00`, amountWan });
  return f.loan(claim, { disbursedOn: on, amountWan, rateBp: 400, mode: "credit", productId });
};
lend(A, P1, 100, "2026-02-10");
lend(A, P1, 50, "2026-03-05");
lend(A, P2, 80, "2026-03-15");
lend(B, P3, 30, "2026-03-31");
lend(B, P4, 70, "2026-03-20");
lend(B, undefined, 20, "2026-03-25");

const figure = (key: string) => zoneFigures(db, "2026-03").find((z) => z.key === key)!;

describe("March 2026 by zone", () => {
  it("counts each zone's products at month end and its loans, a loan in every zone of its product", () => {
    expect(figure("first-loan")).toMatchObject({
      listedProducts: 1,
      loansCount: 1,
      loansAmountFen: wan(50),
      ytdLoansCount: 2,
      ytdLoansAmountFen: wan(150),
    });
    expect(figure("tech")).toMatchObject({ listedProducts: 0, loansCount: 1, loansAmountFen: wan(80), ytdLoansCount: 1 });
    expect(figure("green")).toMatchObject({ listedProducts: 1, loansCount: 1, loansAmountFen: wan(30), ytdLoansAmountFen: wan(30) });
    expect(figure("agri")).toMatchObject({ listedProducts: 0, loansCount: 0, loansAmountFen: 0, ytdLoansCount: 0 });
    expect(figure("small")).toMatchObject({
      listedProducts: 1,
      loansCount: 1,
      loansAmountFen: wan(50),
      ytdLoansCount: 2,
      ytdLoansAmountFen: wan(150),
    });
    // February: P2 listed then; L1 in two zones.
    expect(zoneFigures(db, "2026-02").find((z) => z.key === "tech")).toMatchObject({ listedProducts: 1, loansCount: 0 });
    expect(zoneFigures(db, "2026-02").find((z) => z.key === "small")).toMatchObject({ loansCount: 1, loansAmountFen: wan(100) });
  });

  it("prints 按专区 with its definition, and a frozen report keeps its zones when tags change later", () => {
    const bureau: SessionUser = { id: "b", username: "b", role: "bureau", displayName: "局", enterpriseId: null, institutionId: null };
    db.insert(users).values({ id: "b", username: "b", passwordHash: "x", role: "bureau", displayName: "局", createdAt: 0 }).run();
    const april = at("2026-04-10 10:00");
    const csv = () => reportCsv(loadReport(db, "2026-03", april)).toString("utf8");
    expect(csv()).toContain("\r\n首贷专区,1,1,50.00,2,150.00\r\n");
    expect(csv()).toContain(ZONE_DEFINITION);
    expect(freezeReport(db, bureau, "2026-03", april)).toEqual({ ok: true, revision: 1 });
    const frozen = csv();
    db.$client.prepare("UPDATE products SET tags = '[\"三农\"]' WHERE id = ?").run(P1);
    expect(figure("agri").loansCount).toBe(1);
    const view = loadReport(db, "2026-03", april);
    expect(reportCsv(view).toString("utf8")).toBe(frozen);
    expect(view.changedSinceFrozen).toBe(true);
  });
});
