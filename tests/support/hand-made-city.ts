/**
 * A small, hand-made city whose March 2026 statistics were worked out on paper (the numbers are in
 * tests/integration/statistics-month.test.ts). Two districts (姑苏 320508, 昆山 320583), two banks
 * plus one that leaves in March.
 */
import type { AppDatabase } from "~db/connection";
import { createFacts } from "./facts";

export function buildHandMadeCity(db: AppDatabase) {
  const f = createFacts(db);
  // Enterprises: E1 姑苏 C small (Dec), E2 昆山 F micro (Jan), E3 昆山 C medium (Mar), E4 姑苏 I micro (Mar).
  const E1 = f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2025-12-10 10:00" });
  const E2 = f.enterprise({ district: "320583", industry: "F", size: "micro", registered: "2026-01-15 10:00" });
  const E3 = f.enterprise({ district: "320583", industry: "C", size: "medium", registered: "2026-03-05 10:00" });
  const E4 = f.enterprise({ district: "320508", industry: "I", size: "micro", registered: "2026-03-20 10:00" });
  const B1 = f.institution({ name: "甲银行", joined: "2025-12-01 09:00" });
  const B2 = f.institution({ name: "乙银行", joined: "2026-02-01 09:00" });
  const B3 = f.institution({ name: "丙银行", joined: "2025-12-01 09:00", left: "2026-03-15 09:00" });
  f.product(B1, [{ listed: "2025-12-05 09:00" }]);
  f.product(B2, [{ listed: "2026-02-10 09:00", delisted: "2026-03-25 09:00" }]);
  f.product(B2, [{ listed: "2026-03-01 09:00" }]);

  const N1 = f.need(E1, 100, "2025-12-15 10:00");
  const N2 = f.need(E2, 50, "2026-01-20 09:00");
  const N3 = f.need(E1, 200, "2026-03-02 09:00");
  const N4 = f.need(E2, 80, "2026-03-03 10:00");
  const N5 = f.need(E3, 300, "2026-03-06 14:00");
  const N6 = f.need(E4, 30, "2026-03-25 11:00");
  f.need(E3, 10, "2026-03-31 23:30"); // last minutes of March in Shanghai: counts in March
  f.need(E4, 20, "2026-04-01 00:10"); // first minutes of April: does not

  const C1 = f.claim(N1, B1, "2025-12-16 10:00", { granted: "2025-12-20 10:00", amountWan: 90 });
  f.claim(N2, B2, "2026-02-02 09:00", { rejected: "2026-02-10 09:00" });
  const C8 = f.claim(N2, B1, "2026-01-21 09:00", { granted: "2026-01-25 09:00", amountWan: 40 });
  const C3 = f.claim(N3, B1, "2026-03-02 15:00", { granted: "2026-03-05 09:00", amountWan: 200 }); // 6 h
  f.claim(N3, B2, "2026-03-03 09:00", { rejected: "2026-03-04 09:00" }); // 24 h
  const C5 = f.claim(N4, B2, "2026-03-04 10:00", { granted: "2026-03-10 09:00", amountWan: 80 }); // 24 h
  f.claim(N5, B1, "2026-03-06 16:00", { granted: "2026-04-02 09:00", amountWan: 250 }); // 2 h, granted in April
  const C7 = f.claim(N6, B1, "2026-03-26 11:00", { granted: "2026-03-28 09:00", amountWan: 30 }); // 24 h

  const L1 = f.loan(C1, { disbursedOn: "2025-12-28", amountWan: 90, rateBp: 420, mode: "guarantee" }); // E1's first loan
  const L4 = f.loan(C8, { disbursedOn: "2026-01-28", amountWan: 40, rateBp: 500, mode: "credit" }); // E2's first loan
  const L2 = f.loan(C3, { disbursedOn: "2026-03-09", amountWan: 200, rateBp: 380, mode: "pledge" });
  f.loan(C5, { disbursedOn: "2026-03-15", amountWan: 80, rateBp: 450, mode: "credit" });
  f.loan(C7, { disbursedOn: "2026-03-30", amountWan: 30, rateBp: 350, mode: "credit" }); // E4's first loan

  // Loan statuses, reported out of order: L1 overdue in February, npl from March; L4 settled in February.
  f.status(L1, "2026-03", "npl");
  f.status(L1, "2026-01", "normal");
  f.status(L1, "2026-02", "overdue");
  f.status(L4, "2026-02", "settled");
  f.status(L2, "2026-03", "normal");

  return { f, E1, E2, E3, E4, B1, B2, B3 };
}
