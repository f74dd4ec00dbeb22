/**
 * Recovery and consent (issue 18) against a migrated database with a small demo city: 忘记密码 codes,
 * administrators' one-time links, consent at registration, and the handover of a disabled officer's
 * open claims.
 */
import { and, eq, inArray } from "drizzle-orm";
import * as v from "valibot";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "~/auth/session.server";
import { CONSENT_REQUIRED_MESSAGE, LEGAL_DOCUMENT_VERSIONS, UNUSABLE_PASSWORD_HASH, WRONG_CODE_MESSAGE } from "~/domain/recovery";
import { OPEN_CLAIM_STATUSES } from "~/domain/marketplace";
import { parseForm } from "~/lib/forms";
import { buildUscc } from "~/lib/uscc";
import { enterpriseRegistrationSchema } from "~/lib/validation/accounts";
import { actingUser, authenticate, registerEnterprise, setUserDisabled } from "~/services/accounts.server";
import { needTimeline } from "~/services/need-events.server";
import {
  issueResetLink,
  requestResetCode,
  resetLinkHolder,
  resetPasswordWithCode,
  resetPasswordWithLink,
} from "~/services/password-resets.server";
import { deliverResetCode, type ResetCodeMessage } from "~/services/reset-delivery.server";
import { seedDemoCity } from "~db/seed";
import { DEMO_PASSWORD } from "~db/seed/accounts";
import { auditLog, claims, enterprises, needEvents, notifications, passwordResets, sessions, userConsents, users } from "~db/schema";
import { SMS_GATEWAY_TOKEN, SMS_GATEWAY_URL, smsGateway } from "../mocks/sms-gateway";
import { createTestDatabase } from "../support/db";

const { db } = createTestDatabase();
const NOW = Date.parse("2026-11-20T02:00:00Z");
const MINUTE = 60_000;
const NEW_PASSWORD = "Gusu#Credit2027";
const DEMO_USCC = "9132050852601815XM";

const sessionOf = (username: string): SessionUser => actingUser(db, { username })!;
let demoPhone: string;

function addSession(userId: string): void {
  db.insert(sessions)
    .values({ id: `s-${userId}-${Math.random()}`, userId, expiresAt: Math.floor(NOW / 1000) + 3600 })
    .run();
}
const sessionCount = (userId: string) => db.select().from(sessions).where(eq(sessions.userId, userId)).all().length;
const userRow = (username: string) => db.select().from(users).where(eq(users.username, username.toLowerCase())).get()!;
const auditOf = (action: string, targetId: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)))
    .all();

/** Asks for a code the way the page does, catching what the channel would deliver. */
async function askForCode(account: string, phone: string, now = NOW): Promise<ResetCodeMessage | undefined> {
  let sent: ResetCodeMessage | undefined;
  const { delivery } = await requestResetCode(db, { account, phone }, now, async (message) => {
    sent = message;
  });
  await delivery;
  return sent;
}

beforeAll(async () => {
  await seedDemoCity(db, { seed: 7, enterprises: 20, months: 2, asOf: "2026-11-01" });
  demoPhone = db.select({ phone: enterprises.contactPhone }).from(enterprises).where(eq(enterprises.uscc, DEMO_USCC)).get()!.phone;
});

describe("忘记密码: a code to the registered phone", () => {
  it("sends a 6-digit code only when account and phone match, keeping only its argon2id hash, and answers the same either way", async () => {
    const sent = await askForCode(DEMO_USCC.toLowerCase(), demoPhone);
    expect(sent?.code).toMatch(/^\d{6}$/);
    expect(sent?.phone).toBe(demoPhone.replace(/\D/g, ""));
    const user = userRow(DEMO_USCC);
    const rows = db.select().from(passwordResets).where(eq(passwordResets.userId, user.id)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.secretHash.startsWith("$argon2id$")).toBe(true);
    expect(rows[0]!.secretHash).not.toContain(sent!.code);
    expect(rows[0]!.expiresAt - rows[0]!.createdAt).toBe(15 * MINUTE);
    expect(auditOf("user.password_reset_code", user.id)).toHaveLength(1);

    const before = db.select().from(passwordResets).all().length;
    // A wrong phone, an unknown code, a staff account (no phone): nothing sent, nothing written, the same answer.
    for (const [account, phone] of [
      [DEMO_USCC, "13800000000"],
      ["91320500000000000X", demoPhone],
      ["szbank_officer", demoPhone],
    ] as const) {
      const result = await requestResetCode(db, { account, phone }, NOW, () => Promise.reject(new Error("must not be called")));
      expect(Object.keys(result)).toEqual(["delivery"]);
      await result.delivery;
    }
    expect(db.select().from(passwordResets).all()).toHaveLength(before);
  });

  it("sets the new password with the right code once, ending every session; a wrong, expired or used code is refused", async () => {
    const user = userRow(DEMO_USCC);
    const sent = (await askForCode(DEMO_USCC, demoPhone))!;
    addSession(user.id);
    addSession(user.id);

    const wrong = sent.code === "000000" ? "000001" : "000000";
    expect(await resetPasswordWithCode(db, { account: DEMO_USCC, code: wrong, password: NEW_PASSWORD }, NOW)).toEqual({
      ok: false,
      fieldErrors: { code: WRONG_CODE_MESSAGE },
    });
    // The policy applies (a password containing the login name); the code is not spent by a refusal.
    expect(await resetPasswordWithCode(db, { account: DEMO_USCC, code: sent.code, password: `A#${DEMO_USCC}` }, NOW)).toMatchObject({
      ok: false,
      fieldErrors: { password: expect.any(String) },
    });
    expect(
      await resetPasswordWithCode(db, { account: DEMO_USCC, code: sent.code, password: NEW_PASSWORD }, NOW + 16 * MINUTE),
    ).toMatchObject({ ok: false, fieldErrors: { code: WRONG_CODE_MESSAGE } });

    expect(await resetPasswordWithCode(db, { account: DEMO_USCC, code: sent.code, password: NEW_PASSWORD }, NOW + MINUTE)).toEqual({
      ok: true,
      userId: user.id,
    });
    expect(sessionCount(user.id)).toBe(0);
    expect(await authenticate(db, DEMO_USCC, NEW_PASSWORD, NOW)).toMatchObject({ ok: true });
    expect(await authenticate(db, DEMO_USCC, DEMO_PASSWORD, NOW)).toMatchObject({ ok: false });
    expect(auditOf("user.password_reset", user.id).map((a) => JSON.parse(a.detail).via)).toEqual(["code"]);

    expect(
      await resetPasswordWithCode(db, { account: DEMO_USCC, code: sent.code, password: "Another#Pass9" }, NOW + 2 * MINUTE),
    ).toMatchObject({
      ok: false,
      fieldErrors: { code: WRONG_CODE_MESSAGE },
    });
  });

  it("a newer code replaces the older one", async () => {
    const first = (await askForCode(DEMO_USCC, demoPhone))!;
    const second = (await askForCode(DEMO_USCC, demoPhone, NOW + MINUTE))!;
    if (first.code !== second.code) {
      expect(await resetPasswordWithCode(db, { account: DEMO_USCC, code: first.code, password: NEW_PASSWORD }, NOW + MINUTE)).toMatchObject(
        {
          ok: false,
        },
      );
    }
    expect(
      await resetPasswordWithCode(db, { account: DEMO_USCC, code: second.code, password: "Second#Pass27" }, NOW + MINUTE),
    ).toMatchObject({
      ok: true,
    });
  });
});

describe("delivery channels", () => {
  beforeEach(() => smsGateway.reset());

  it("offline: writes the code to the server log", async () => {
    const log = vi.spyOn(console, "info").mockImplementation(() => {});
    await deliverResetCode({ phone: "13912345678", code: "123456", username: "x" }, null);
    expect(log).toHaveBeenCalledWith(expect.stringContaining("123456"));
    expect(log).toHaveBeenCalledWith(expect.stringContaining("139****5678"));
    log.mockRestore();
  });

  it("an HTTP SMS gateway: one POST with the bearer token; a failure is logged, never shown", async () => {
    const gateway = { url: SMS_GATEWAY_URL, token: SMS_GATEWAY_TOKEN };
    await deliverResetCode({ phone: "13912345678", code: "654321", username: "x" }, gateway);
    expect(smsGateway.sent).toEqual([{ phone: "13912345678", template: "password_reset", params: { code: "654321", minutes: 15 } }]);

    smsGateway.failing = true;
    await expect(deliverResetCode({ phone: "13912345678", code: "111111", username: "x" }, gateway)).rejects.toThrow("503");
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const { delivery } = await requestResetCode(db, { account: DEMO_USCC, phone: demoPhone }, NOW, (m) => deliverResetCode(m, gateway));
    await expect(delivery).resolves.toBeUndefined();
    expect(errors).toHaveBeenCalledWith(expect.stringContaining("忘记密码验证码发送失败"));
    errors.mockRestore();
  });
});

describe("administrators' one-time reset links", () => {
  it("a bank admin resets their own officer: old password and sessions end at once, the link works once", async () => {
    const officer = userRow("szbank_officer3");
    addSession(officer.id);
    const issued = issueResetLink(db, sessionOf("szbank_admin"), officer.id, NOW);
    if (!issued.ok) throw new Error(issued.message);
    expect(issued.token.length).toBeGreaterThanOrEqual(40);
    expect(sessionCount(officer.id)).toBe(0);
    expect(userRow("szbank_officer3").passwordHash).toBe(UNUSABLE_PASSWORD_HASH);
    expect(await authenticate(db, "szbank_officer3", DEMO_PASSWORD, NOW)).toMatchObject({ ok: false, code: "invalid" });
    // Only the digest is kept.
    expect(db.select().from(passwordResets).where(eq(passwordResets.userId, officer.id)).get()!.secretHash).not.toContain(issued.token);
    expect(auditOf("user.password_reset_link", officer.id)).toHaveLength(1);

    expect(resetLinkHolder(db, issued.token, NOW)).toMatchObject({ username: "szbank_officer3" });
    expect(resetLinkHolder(db, issued.token, NOW + 25 * 60 * MINUTE)).toBeUndefined();
    expect(await resetPasswordWithLink(db, { token: issued.token, password: NEW_PASSWORD }, NOW + MINUTE)).toEqual({
      ok: true,
      userId: officer.id,
    });
    expect(await authenticate(db, "szbank_officer3", NEW_PASSWORD, NOW)).toMatchObject({ ok: true });
    expect(await resetPasswordWithLink(db, { token: issued.token, password: "Again#Pass2027" }, NOW + MINUTE)).toMatchObject({
      ok: false,
      fieldErrors: { _form: expect.stringContaining("无效") },
    });
    expect(auditOf("user.password_reset", officer.id).map((a) => JSON.parse(a.detail).via)).toEqual(["link"]);
  });

  it("a bank admin never reaches another bank's users, nor staff: 404 and nothing changes", () => {
    const szAdmin = sessionOf("szbank_admin");
    for (const username of ["icbc_officer", "icbc_admin", "bureau", "admin", "szbank_admin"]) {
      const target = userRow(username);
      expect(issueResetLink(db, szAdmin, target.id, NOW)).toMatchObject({ ok: false, status: 404 });
      expect(userRow(username).passwordHash).toBe(target.passwordHash);
    }
    expect(issueResetLink(db, sessionOf("szbank_officer"), userRow("szbank_officer2").id, NOW)).toMatchObject({ ok: false, status: 404 });
  });

  it("the platform admin resets staff and anyone else, but not themself", () => {
    const admin = sessionOf("admin");
    for (const username of ["bureau", "icbc_admin", DEMO_USCC]) {
      expect(issueResetLink(db, admin, userRow(username).id, NOW)).toMatchObject({ ok: true });
    }
    expect(issueResetLink(db, admin, admin.id, NOW)).toMatchObject({ ok: false, status: 409 });
  });
});

describe("consent at registration", () => {
  const form = {
    uscc: buildUscc("91", "320594", "7A3K9Q2M"),
    name: "苏州工业园区测试科技有限公司",
    districtCode: "320571",
    industrySection: "I",
    size: "micro",
    establishedOn: "2020-03-01",
    legalRepName: "周明",
    contactName: "周明",
    contactPhone: "13800001111",
    password: NEW_PASSWORD,
    passwordConfirm: NEW_PASSWORD,
  };

  it("is refused at the field without the box ticked", () => {
    const parsed = parseForm(enterpriseRegistrationSchema("2026-11-20"), form);
    expect(parsed).toMatchObject({ ok: false, fieldErrors: { consent: CONSENT_REQUIRED_MESSAGE } });
  });

  it("records which version of each document was consented to, and when", async () => {
    const parsed = v.parse(enterpriseRegistrationSchema("2026-11-20"), { ...form, consent: "yes" });
    const outcome = await registerEnterprise(db, parsed, NOW);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    const consents = db.select().from(userConsents).where(eq(userConsents.userId, outcome.userId)).orderBy(userConsents.id).all();
    expect(consents.map(({ document, version, consentedAt }) => ({ document, version, consentedAt }))).toEqual([
      { document: "user_agreement", version: LEGAL_DOCUMENT_VERSIONS.user_agreement, consentedAt: NOW },
      { document: "privacy_notice", version: LEGAL_DOCUMENT_VERSIONS.privacy_notice, consentedAt: NOW },
    ]);
  });
});

describe("a disabled officer's open claims go to a colleague", () => {
  it("refuses without a colleague of the same bank, then moves every open claim in one step, on the timeline and audited", () => {
    const szAdmin = sessionOf("szbank_admin");
    const holder = db
      .select({ officerUserId: claims.officerUserId })
      .from(claims)
      .innerJoin(users, eq(users.id, claims.officerUserId))
      .where(and(inArray(claims.status, OPEN_CLAIM_STATUSES), eq(users.institutionId, szAdmin.institutionId!)))
      .get();
    expect(holder).toBeDefined();
    const leaving = db.select().from(users).where(eq(users.id, holder!.officerUserId)).get()!;
    const open = db
      .select()
      .from(claims)
      .where(and(eq(claims.officerUserId, leaving.id), inArray(claims.status, OPEN_CLAIM_STATUSES)))
      .all();
    const colleague = db
      .select()
      .from(users)
      .where(and(eq(users.institutionId, szAdmin.institutionId!), eq(users.role, "bank_officer")))
      .all()
      .find((u) => u.id !== leaving.id && u.disabledAt === null)!;

    expect(setUserDisabled(db, szAdmin, leaving.id, true, NOW)).toMatchObject({ ok: false, status: 409, code: "handover_required" });
    expect(setUserDisabled(db, szAdmin, leaving.id, true, NOW, userRow("icbc_officer").id)).toMatchObject({
      ok: false,
      code: "bad_colleague",
    });
    expect(setUserDisabled(db, szAdmin, leaving.id, true, NOW, leaving.id)).toMatchObject({ ok: false, code: "bad_colleague" });
    expect(setUserDisabled(db, szAdmin, leaving.id, true, NOW, userRow("szbank_admin").id)).toMatchObject({
      ok: false,
      code: "bad_colleague",
    });
    expect(db.select().from(users).where(eq(users.id, leaving.id)).get()!.disabledAt).toBeNull();
    // Another bank's admin cannot even find the officer.
    expect(setUserDisabled(db, sessionOf("icbc_admin"), leaving.id, true, NOW, colleague.id)).toMatchObject({ ok: false, status: 404 });

    expect(setUserDisabled(db, szAdmin, leaving.id, true, NOW, colleague.id)).toEqual({ ok: true, handedOver: open.length });
    const moved = db
      .select()
      .from(claims)
      .where(
        inArray(
          claims.id,
          open.map((c) => c.id),
        ),
      )
      .all();
    expect(moved.every((c) => c.officerUserId === colleague.id)).toBe(true);
    expect(db.select().from(users).where(eq(users.id, leaving.id)).get()!.disabledAt).toBe(NOW);

    const events = db.select().from(needEvents).where(eq(needEvents.type, "handed_over")).all();
    expect(events.map((e) => e.claimId).sort()).toEqual(open.map((c) => c.id).sort());
    const timeline = needTimeline(db, open[0]!.needId);
    expect(timeline.at(-1)!.text).toBe(
      `客户经理变更：原经办人${leaving.displayName}已离岗，本笔业务改由客户经理${colleague.displayName}继续办理`,
    );
    const note = db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, colleague.id), eq(notifications.kind, "claim_handover")))
      .get();
    expect(note?.title).toContain(`${open.length} 件在办案件已移交给您`);
    expect(JSON.parse(auditOf("claim.handover", leaving.id)[0]!.detail)).toMatchObject({
      to: colleague.username,
      claimIds: open.map((c) => c.id),
    });
  });
});
