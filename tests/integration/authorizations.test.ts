/** Authorizations: who may read an enterprise's credit profile, for how long, and revoking them. */
import { currentCommitment } from "~/domain/commitments";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/auth/session.server";
import { parseForm } from "~/lib/forms";
import { authorizationSchema } from "~/lib/validation/authorizations";
import { createAuthorization, listAuthorizations, liveAuthorization, revokeAuthorization } from "~/services/authorizations.server";
import { postNeed } from "~/services/needs.server";
import { seedDemoCity } from "~db/seed";
import { auditLog, institutions, needs } from "~db/schema";
import { enterpriseUser, sessionOf } from "../support/credit";
import { createTestDatabase } from "../support/db";
import { at, createFacts } from "../support/facts";

const { db } = createTestDatabase();
const T0 = at("2026-11-16 10:00");

let sme: SessionUser;
let other: SessionUser;
let sz: number;
let icbc: number;

beforeAll(async () => {
  await seedDemoCity(db, { seed: 11, enterprises: 12, months: 2, asOf: "2026-11-01" });
  const f = createFacts(db);
  // Fresh enterprises: no need of theirs has authorized anyone yet.
  sme = enterpriseUser(db, f.enterprise({ district: "320508", industry: "C", size: "small", registered: "2026-01-05 10:00" }));
  other = enterpriseUser(db, f.enterprise({ district: "320583", industry: "F", size: "micro", registered: "2026-02-05 10:00" }));
  sz = sessionOf(db, "szbank_officer").institutionId!;
  icbc = sessionOf(db, "icbc_officer").institutionId!;
});

const grant = (user: SessionUser, institutionId: number | null, expiresOn: string, now = T0) => {
  const outcome = createAuthorization(db, user, { institutionId, purpose: "续贷审查", expiresOn }, now);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.authorizationId;
};

describe("authorizations", () => {
  let specific: number;
  let all: number;

  it("lets only the institution named read, through the last day of validity", () => {
    specific = grant(sme, sz, "2026-12-31");
    expect(liveAuthorization(db, sme.enterpriseId!, sz, T0)?.id).toBe(specific);
    expect(liveAuthorization(db, sme.enterpriseId!, icbc, T0)).toBeNull();
    expect(liveAuthorization(db, other.enterpriseId!, sz, T0)).toBeNull();
    expect(liveAuthorization(db, sme.enterpriseId!, sz, at("2026-12-31 23:59"))?.id).toBe(specific);
    expect(liveAuthorization(db, sme.enterpriseId!, sz, at("2027-01-01 00:00"))).toBeNull();
    const [row] = listAuthorizations(db, sme.enterpriseId!, at("2027-01-01 00:00"));
    expect(row).toMatchObject({
      id: specific,
      status: "expired",
      institutionName: expect.stringContaining("苏州银行"),
      purpose: "续贷审查",
    });
  });

  it("lets every institution read under an authorization for all, preferring one aimed at the reader", () => {
    all = grant(sme, null, "2027-03-31");
    expect(liveAuthorization(db, sme.enterpriseId!, icbc, T0)?.id).toBe(all);
    expect(liveAuthorization(db, sme.enterpriseId!, sz, T0)?.id).toBe(specific);
    // Once the specific one has expired, the one for all still covers 苏州银行.
    expect(liveAuthorization(db, sme.enterpriseId!, sz, at("2027-01-15 09:00"))?.id).toBe(all);
    const row = listAuthorizations(db, sme.enterpriseId!, T0).find((a) => a.id === all);
    expect(row).toMatchObject({ institutionName: null, status: "active" });
  });

  it("revokes only the enterprise's own, at once, and a second time changes nothing", () => {
    expect(revokeAuthorization(db, other, specific, T0)).toMatchObject({ ok: false, status: 404 });
    expect(liveAuthorization(db, sme.enterpriseId!, sz, T0)?.id).toBe(specific);

    const later = T0 + 60_000;
    expect(revokeAuthorization(db, sme, specific, later)).toEqual({ ok: true, changed: true });
    expect(revokeAuthorization(db, sme, specific, later + 1)).toEqual({ ok: true, changed: false });
    expect(liveAuthorization(db, sme.enterpriseId!, sz, later)?.id).toBe(all);
    revokeAuthorization(db, sme, all, later);
    expect(liveAuthorization(db, sme.enterpriseId!, sz, later)).toBeNull();
    expect(liveAuthorization(db, sme.enterpriseId!, icbc, later)).toBeNull();
    const statuses = listAuthorizations(db, sme.enterpriseId!, later).map((a) => [a.id, a.status, a.revokedAt]);
    expect(statuses).toEqual([
      [all, "revoked", later],
      [specific, "revoked", later],
    ]);
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "authorization.revoke"), eq(auditLog.targetId, String(specific))))
        .all(),
    ).toHaveLength(1);
  });

  it("revokes the authorization a need gave, leaving the need open", () => {
    const posted = postNeed(
      db,
      other,
      {
        amountFen: 50_000_000,
        termMonths: 12,
        purpose: "流动资金：采购原材料",
        guaranteeMode: null,
        rateCeilingBp: null,
        expiresOn: "2026-12-31",
        targetProductId: null,
        commitmentVersion: currentCommitment("need").version,
      },
      T0,
    );
    if (!posted.ok) throw new Error(posted.message);
    const need = db.select().from(needs).where(eq(needs.id, posted.needId)).get()!;
    expect(liveAuthorization(db, other.enterpriseId!, icbc, T0)?.id).toBe(need.authorizationId);
    expect(revokeAuthorization(db, other, need.authorizationId!, T0 + 1)).toEqual({ ok: true, changed: true });
    expect(liveAuthorization(db, other.enterpriseId!, icbc, T0 + 1)).toBeNull();
    expect(db.select().from(needs).where(eq(needs.id, posted.needId)).get()!.status).toBe("open");
  });

  it("refuses an institution that has left the platform, at the field", () => {
    db.update(institutions)
      .set({ disabledAt: T0 - 1 })
      .where(eq(institutions.id, icbc))
      .run();
    try {
      expect(createAuthorization(db, sme, { institutionId: icbc, purpose: "续贷审查", expiresOn: "2026-12-31" }, T0)).toMatchObject({
        ok: false,
        field: "institution",
      });
    } finally {
      db.update(institutions).set({ disabledAt: null }).where(eq(institutions.id, icbc)).run();
    }
  });
});

describe("the authorization form", () => {
  const today = "2026-11-16";
  const parse = (values: Record<string, string>) =>
    parseForm(authorizationSchema(today), { institution: "all", purpose: "续贷审查", expiresOn: "2027-01-31", ...values });

  it("reads 'all' as every institution and an id as one", () => {
    expect(parse({})).toEqual({ ok: true, data: { institutionId: null, purpose: "续贷审查", expiresOn: "2027-01-31" } });
    expect(parse({ institution: "7" })).toMatchObject({ ok: true, data: { institutionId: 7 } });
  });

  it("says what is wrong at each field", () => {
    const result = parse({ institution: "", purpose: "查", expiresOn: "2026-11-16" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors).toEqual({
      institution: "请选择被授权的金融机构",
      purpose: "授权用途至少4个字",
      expiresOn: "有效期至少到明天",
    });
    expect(parse({ expiresOn: "2027-11-17" })).toMatchObject({ ok: false, fieldErrors: { expiresOn: "授权有效期最长 365 天" } });
    expect(parse({ expiresOn: "2027-02-30" })).toMatchObject({
      ok: false,
      fieldErrors: { expiresOn: expect.stringContaining("格式应为") },
    });
  });
});
