/** The maturity screens over the built portal: the officer's queue and the enterprise's loans on its home. */
import { beforeAll, describe, expect, it } from "vitest";
import { maturityDateOf } from "~/domain/maturity";
import { addDays, dateOf } from "~/lib/time";
import { maturingLoans } from "~/services/maturities.server";
import { startTestApp, type TestApp } from "../../support/app";

let app: TestApp;
/** The same day a year earlier (02-29 → 02-28). */
const addYears = (date: string, years: number) => maturityDateOf(date, 12 * years);
const textOf = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");

beforeAll(async () => {
  app = await startTestApp();
});

describe("贷款到期", () => {
  it("shows the officer the institution's loans coming due and past due, with their maturity date", async () => {
    const { institutionId, username } = app.db.$client
      .prepare(
        `SELECT u.institution_id AS institutionId, min(u.username) AS username FROM users u
         WHERE u.role = 'bank_officer' AND (SELECT count(*) FROM loans l WHERE l.institution_id = u.institution_id) >= 2
         GROUP BY u.institution_id ORDER BY u.institution_id LIMIT 1`,
      )
      .get() as { institutionId: number; username: string };
    const [soon, late] = app.db.$client.prepare("SELECT id FROM loans WHERE institution_id = ? ORDER BY id LIMIT 2").all(institutionId) as {
      id: number;
    }[];
    // One 12-month loan maturing in 20 days, one a week past maturity and not settled.
    const today = dateOf(Date.now());
    const move = app.db.$client.prepare("UPDATE loans SET disbursed_on = ?, term_months = 12, status = 'normal' WHERE id = ?");
    move.run(addDays(addYears(today, -1), 20), soon!.id);
    move.run(addDays(addYears(today, -1), -7), late!.id);
    const expected = maturingLoans(app.db, institutionId, 60, Date.now());
    expect(expected.map((l) => l.id)).toEqual(expect.arrayContaining([soon!.id, late!.id]));
    expect(expected[0]).toMatchObject({ id: late!.id, state: "past_due", daysLeft: -7 });

    const officer = await app.signIn(username);
    const html = await textOf(await app.request("/bank/maturities?days=60", { cookie: officer }));
    expect(html).toContain("60 天内到期及已到期未结清的贷款");
    expect(html).toContain("已到期未结清 1 笔");
    expect(html).toContain("已过 7 天");
    expect(html).toContain("还有 20 天");
    expect(html.match(/href="\/bank\/loans\/\d+"/g)).toHaveLength(expected.length);
    // An unknown window falls back to 30 days.
    expect(await textOf(await app.request("/bank/maturities?days=7", { cookie: officer }))).toContain("30 天内到期及已到期未结清的贷款");
  });

  it("lists an enterprise's loans and their maturity on its home", async () => {
    const loan = app.db.$client
      .prepare(
        "SELECT u.username, l.disbursed_on AS d, l.term_months AS t FROM loans l JOIN users u ON u.enterprise_id = l.enterprise_id AND u.role = 'enterprise' ORDER BY l.id LIMIT 1",
      )
      .get() as { username: string; d: string; t: number };
    const html = await textOf(await app.request("/sme", { cookie: await app.signIn(loan.username) }));
    expect(html).toContain("我的贷款");
    expect(html).toContain(maturityDateOf(loan.d, loan.t));
  });
});
