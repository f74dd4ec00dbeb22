/** Personal data on the officer's claim page: the contact while the bank works the case, masked after; the legal representative always masked. */
import { beforeAll, describe, expect, it } from "vitest";
import { maskPersonName, maskPhone } from "~/lib/masking";
import { startTestApp, type TestApp } from "../../support/app";

let app: TestApp;
let officer: string;
type ClaimRow = { id: number; contact_name: string; contact_phone: string; legal_rep_name: string };
const claimWhere = (statuses: string) =>
  app.db.$client
    .prepare(
      `SELECT c.id, e.contact_name, e.contact_phone, e.legal_rep_name FROM claims c JOIN needs n ON n.id = c.need_id JOIN enterprises e ON e.id = n.enterprise_id
       JOIN institutions i ON i.id = c.institution_id WHERE i.short_name = '苏州银行' AND c.status IN (${statuses}) ORDER BY c.id LIMIT 1`,
    )
    .get() as ClaimRow;

beforeAll(async () => {
  app = await startTestApp();
  officer = await app.signIn("szbank_officer");
});

describe("the officer's view of an enterprise's people", () => {
  it("shows the contact in full on a live claim, and the legal representative masked", async () => {
    const claim = claimWhere("'claimed', 'granted', 'disbursed'");
    const html = await (await app.request(`/bank/claims/${claim.id}`, { cookie: officer })).text();
    expect(html).toContain(claim.contact_phone);
    expect(html).toContain(claim.contact_name);
    expect(html).toContain(maskPersonName(claim.legal_rep_name));
    expect(html).not.toContain(claim.legal_rep_name);
  });

  it("masks the contact once the claim is closed", async () => {
    const claim = claimWhere("'claimed'");
    const rejected = await app.request(`/bank/claims/${claim.id}`, {
      cookie: officer,
      form: { intent: "reject", reasonCode: "credit_record", note: "征信记录不符合要求" },
    });
    expect(rejected.status).toBe(200);
    const html = await (await app.request(`/bank/claims/${claim.id}`, { cookie: officer })).text();
    expect(html).toContain(maskPhone(claim.contact_phone));
    expect(html).not.toContain(claim.contact_phone);
    expect(html).toContain("联系方式已隐去");
  });
});
