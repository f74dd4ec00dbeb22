/**
 * After the loan, in the hand-made city (./hand-made-city.ts): April–July 2026 with renewals (无还本续贷),
 * e-CNY disbursements, a loan past maturity, two risk-compensation pools with enrolments, a 代偿 payout
 * and a recovery. June 2026 was worked out on paper: tests/integration/statistics-after-loan.test.ts.
 *
 * The pools' rows are written as the services write them (enrolment from disbursement, release when
 * settled, renewed or compensated; ledger rows signed), so the statistics see exactly what they would.
 */
import type { buildHandMadeCity } from "./hand-made-city";

export function buildAfterLoanMonths({ f, E1, E2, E3, E4, B1, B2 }: ReturnType<typeof buildHandMadeCity>) {
  // Pools: the city's (姑苏 and 昆山 firms alike) from April, 昆山's own from June.
  const PC = f.pool({ name: "市级风险补偿资金池", capitalWan: 1000, created: "2026-04-01 09:00" });
  const PK = f.pool({ name: "昆山风险补偿资金池", district: "320583", capitalWan: 200, created: "2026-06-03 09:00" });

  // L7: E2 (昆山) at B2, 60万 for 2 months from 04-03 → matures 06-03; renewed 06-02 into R7 (50万, e-CNY).
  const N7 = f.need(E2, 60, "2026-04-01 10:00");
  const C9 = f.claim(N7, B2, "2026-04-01 14:00", { granted: "2026-04-02 10:00", amountWan: 60 });
  const L7 = f.loan(C9, { disbursedOn: "2026-04-03", amountWan: 60, rateBp: 420, mode: "credit", termMonths: 2 });
  f.enrol(PC, L7);
  const R7 = f.renewal(L7, { disbursedOn: "2026-06-02", amountWan: 50, rateBp: 400, termMonths: 12, channel: "ecny" });
  f.release(L7, "2026-06-02 00:00", "renewed");
  f.enrol(PC, R7);

  // L8: E1 (姑苏) at B1, 100万 for 1 month from 04-15 → matured 05-15, never settled: npl in May, 代偿 of
  // half the 80万 loss on 05-25 (released), 20万 recovered on 06-20 of which the pool gets back half.
  const N8 = f.need(E1, 100, "2026-04-10 10:00");
  const C10 = f.claim(N8, B1, "2026-04-10 15:00", { granted: "2026-04-12 10:00", amountWan: 100 });
  const L8 = f.loan(C10, { disbursedOn: "2026-04-15", amountWan: 100, rateBp: 450, mode: "guarantee", termMonths: 1 });
  f.enrol(PC, L8);
  f.status(L8, "2026-05", "npl");
  f.ledger(PC, "payout", 40, "2026-05-25 10:00", L8);
  f.release(L8, "2026-05-25 10:00", "compensated");
  f.ledger(PC, "recovery", 10, "2026-06-20 10:00", L8);

  // L10: E4 (姑苏) at B1, 20万 for 2 months from 04-25 → matures 06-25, settled in June (released then).
  const N10 = f.need(E4, 20, "2026-04-20 10:00");
  const C12 = f.claim(N10, B1, "2026-04-20 16:00", { granted: "2026-04-21 10:00", amountWan: 20 });
  const L10 = f.loan(C12, { disbursedOn: "2026-04-25", amountWan: 20, rateBp: 500, mode: "credit", termMonths: 2 });
  f.enrol(PC, L10);
  f.status(L10, "2026-06", "settled");
  f.release(L10, "2026-06-01 00:00", "settled");

  // L9: E3 (昆山)'s first loan, at B2, 30万 e-CNY on 06-08 for a need posted 06-04 09:00; in 昆山's pool.
  const N9 = f.need(E3, 30, "2026-06-04 09:00");
  const C11 = f.claim(N9, B2, "2026-06-04 11:00", { granted: "2026-06-05 09:00", amountWan: 30 });
  const L9 = f.loan(C11, { disbursedOn: "2026-06-08", amountWan: 30, rateBp: 380, mode: "credit", termMonths: 12, channel: "ecny" });
  f.enrol(PK, L9);

  return { PC, PK, L7, R7, L8, L9, L10 };
}
