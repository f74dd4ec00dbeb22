/**
 * The kept report and dashboard (app/services/statistics-cache.server.ts) against fresh ones, while a
 * second connection to the same file — another process of the portal — writes everything a month's
 * numbers are made of.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { computeReport, dashboard, liveReport } from "~/services/statistics.server";
import { openDatabase } from "~db/connection";
import { createTestDatabase } from "../support/db";
import { at, wan } from "../support/facts";
import { buildHandMadeCity } from "../support/hand-made-city";

const { db, path } = createTestDatabase();
const { f, E1, E2, B1, B2 } = buildHandMadeCity(db);
const NOW = at("2026-06-10 09:00");
const ENDED = ["2026-02", "2026-03", "2026-04", "2026-05"];

// Service levels to break: an application to B2's product nobody claims (April), a claim left undecided (May).
const P = f.product(B2, [{ listed: "2026-03-01 09:00" }]);
const NT = f.need(E2, 60, "2026-04-06 10:00");
db.$client.prepare("UPDATE needs SET target_product_id = ? WHERE id = ?").run(P, NT);
const CU = f.claim(f.need(E1, 40, "2026-05-06 10:00"), B1, "2026-05-07 10:00");

const other = openDatabase(path);
const run = (sql: string, ...params: unknown[]) => other.$client.prepare(sql).run(...params);
afterAll(() => other.$client.close());

/** A late March loan (need, claim and loan), written by the other connection; its claim's id. */
function lateMarchLoan(): number {
  const need = run(
    "INSERT INTO needs (enterprise_id, amount_fen, term_months, purpose, posted_at, expires_on, updated_at) VALUES (?, ?, 12, '流动资金', ?, '2099-12-31', 0)",
    E2,
    wan(70),
    at("2026-03-12 10:00"),
  ).lastInsertRowid;
  const claim = run(
    "INSERT INTO claims (need_id, institution_id, officer_user_id, status, claimed_at, decided_at, granted_at, granted_amount_fen, granted_rate_bp, granted_term_months) VALUES (?, ?, ?, 'disbursed', ?, ?, ?, ?, 400, 12)",
    need,
    B2,
    `officer-${B2}`,
    at("2026-03-12 15:00"),
    at("2026-03-16 09:00"),
    at("2026-03-16 09:00"),
    wan(70),
  ).lastInsertRowid;
  run(
    "INSERT INTO loans (claim_id, need_id, enterprise_id, institution_id, amount_fen, rate_bp, term_months, guarantee_mode, disbursed_on, disbursed_at, recorded_at) VALUES (?, ?, ?, ?, ?, 410, 12, 'credit', '2026-03-20', ?, ?)",
    claim,
    need,
    E2,
    B2,
    wan(70),
    at("2026-03-20 00:00"),
    at("2026-06-01 09:00"),
  );
  return Number(claim);
}

let lateClaim = 0;
const WRITES: [string, () => void][] = [
  ["a late March loan", () => (lateClaim = lateMarchLoan())],
  [
    "its status reported npl in April",
    () =>
      run(
        "INSERT INTO loan_status_reports (loan_id, month, status, reported_at) SELECT id, '2026-04', 'npl', 0 FROM loans WHERE claim_id = ?",
        lateClaim,
      ),
  ],
  [
    "the undecided May claim rejected in time",
    () => run("UPDATE claims SET status = 'rejected', decided_at = ? WHERE id = ?", at("2026-05-12 10:00"), CU),
  ],
  ["the product applied to moved to B1", () => run("UPDATE products SET institution_id = ? WHERE id = ?", B1, P)],
  [
    "the product applied to tagged 首贷 and 科技 (it joins two zones in every month)",
    () => run(`UPDATE products SET tags = '["首贷","科技"]' WHERE id = ?`, P),
  ],
  ["B1 renamed", () => run("UPDATE institutions SET short_name = '甲银行苏州分行' WHERE id = ?", B1)],
  ["E1 moved to 昆山", () => run("UPDATE enterprises SET district_code = '320583' WHERE id = ?", E1)],
  [
    "an override recorded in April",
    () =>
      run(
        "INSERT INTO interception_overrides (institution_id, need_id, enterprise_id, knock_outs, reason, user_id, at) VALUES (?, ?, ?, '[]', '测试', ?, ?)",
        B1,
        NT,
        E2,
        `officer-${B1}`,
        at("2026-04-15 10:00"),
      ),
  ],
  [
    "the late loan's disbursement recorded in June as let through (it counts in March)",
    () =>
      run(
        "INSERT INTO interceptions (institution_id, need_id, enterprise_id, claim_id, action, outcome, knock_outs, override_ids, user_id, at) SELECT institution_id, need_id, ?, id, 'disburse', 'overridden', '[]', '[]', officer_user_id, ? FROM claims WHERE id = ?",
        E2,
        at("2026-06-09 10:00"),
        lateClaim,
      ),
  ],
  [
    "a calendar correction making 7–30 April holidays (the April application's deadline moves to May)",
    () =>
      other.$client.transaction(() => {
        const previous = other.$client.prepare("SELECT max(id) FROM holiday_notices WHERE year = 2026").pluck().get();
        const id = run(
          "INSERT INTO holiday_notices (year, reference, supersedes_id, note, entered_at) VALUES (2026, '测试更正', ?, '测试', 0)",
          previous,
        ).lastInsertRowid;
        run(
          "INSERT INTO holiday_notice_days (notice_id, date, kind) SELECT ?, date, kind FROM holiday_notice_days WHERE notice_id = ?",
          id,
          previous,
        );
        for (let day = 7; day <= 30; day++) {
          run(
            "INSERT OR IGNORE INTO holiday_notice_days (notice_id, date, kind) VALUES (?, ?, 'holiday')",
            id,
            `2026-04-${String(day).padStart(2, "0")}`,
          );
        }
      })(),
  ],
  [
    "the April application withdrawn before its deadline",
    () => run("UPDATE needs SET status = 'withdrawn', closed_at = ? WHERE id = ?", at("2026-04-08 10:00"), NT),
  ],
];

/** What a process that has kept nothing computes now: its own handle on the file. */
function fresh() {
  const handle = openDatabase(path);
  try {
    return ENDED.map((month) => ({ report: computeReport(handle, month, NOW), dashboard: dashboard(handle, month, NOW) }));
  } finally {
    handle.$client.close();
  }
}

const kept = () => ENDED.map((month) => ({ report: liveReport(db, month, NOW), dashboard: dashboard(db, month, NOW) }));

describe("the kept report and dashboard of an ended month", () => {
  it("equal a fresh computation after every write another connection makes", () => {
    let before = fresh();
    expect(kept()).toEqual(before);
    for (const [what, write] of WRITES) {
      kept();
      write();
      const after = fresh();
      expect(after, `${what} changes some month's numbers`).not.toEqual(before);
      expect(kept(), what).toEqual(after);
      before = after;
    }
  });

  it("answer a repeat from what they kept, without reading a cell, need, claim or loan", () => {
    const first = kept();
    const prepare = vi.spyOn(db.$client, "prepare");
    const again = kept();
    const read = prepare.mock.calls.map(([sql]) => sql);
    prepare.mockRestore();
    again.forEach((entry, i) => {
      expect(entry.report).toBe(first[i]!.report);
      expect(entry.dashboard).toBe(first[i]!.dashboard);
    });
    expect(read.filter((sql) => /stat_cells|needs|claims|loans|interception/.test(sql))).toEqual([]);
  });

  it("are kept through writes to later months, and recomputed from the month written on", () => {
    const first = kept();
    run(
      "INSERT INTO needs (enterprise_id, amount_fen, term_months, purpose, posted_at, expires_on, updated_at) VALUES (?, ?, 12, '流动资金', ?, '2099-12-31', 0)",
      E2,
      wan(10),
      at("2026-06-09 10:00"),
    );
    kept().forEach((entry, i) => expect(entry.dashboard).toBe(first[i]!.dashboard));
    run("UPDATE loans SET rate_bp = 420 WHERE claim_id = ?", lateClaim);
    const after = kept();
    expect(after.map((entry, i) => entry.report === first[i]!.report)).toEqual([true, false, false, false]);
    expect(after).toEqual(fresh());
  });

  it("are not kept for the current month, nor inside a transaction", () => {
    expect(liveReport(db, "2026-06", NOW)).not.toBe(liveReport(db, "2026-06", NOW));
    const outside = liveReport(db, "2026-05", NOW);
    db.$client.transaction(() => expect(liveReport(db, "2026-05", NOW)).not.toBe(outside))();
  });
});
