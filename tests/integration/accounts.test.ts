import { count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/auth/session.server";
import {
  authenticate,
  changePassword,
  createInstitution,
  createOfficer,
  createStaffUser,
  registerEnterprise,
  setUserDisabled,
} from "~/services/accounts.server";
import { auditLog, enterprises, institutions, sessions, users } from "~db/schema";
import { sqliteErrorOf } from "~db/connection";
import { createTestDatabase } from "../support/db";

const { db } = createTestDatabase();
const NOW = Date.parse("2026-11-20T02:00:00Z");
const STRONG = "Suzhou#Loan8";

const registration = {
  uscc: "9132050852601815XM",
  name: "苏州姑苏精密机械有限公司",
  districtCode: "320508",
  industrySection: "C",
  size: "small" as const,
  establishedOn: "2012-05-18",
  legalRepName: "张伟",
  contactName: "李娜",
  contactPhone: "13912345678",
  password: STRONG,
  passwordConfirm: STRONG,
  consent: "yes",
};

const admin: SessionUser = {
  id: "admin-1",
  username: "root",
  role: "admin",
  displayName: "管理员",
  enterpriseId: null,
  institutionId: null,
};

function rowCount(table: typeof enterprises | typeof users | typeof institutions | typeof sessions) {
  return db.select({ n: count() }).from(table).get()!.n;
}

beforeAll(() => {
  db.insert(users)
    .values({ id: admin.id, username: admin.username, passwordHash: "x", role: "admin", displayName: "管理员", createdAt: NOW })
    .run();
});

describe("enterprise registration", () => {
  it("creates the enterprise and its login together, with an argon2id hash", async () => {
    const outcome = await registerEnterprise(db, registration, NOW);
    expect(outcome.ok).toBe(true);
    const user = db.select().from(users).where(eq(users.username, "9132050852601815xm")).get()!;
    expect(user.role).toBe("enterprise");
    expect(user.passwordHash.startsWith("$argon2id$")).toBe(true);
    const enterprise = db.select().from(enterprises).where(eq(enterprises.id, user.enterpriseId!)).get()!;
    expect(enterprise).toMatchObject({ uscc: registration.uscc, districtCode: "320508", registeredAt: NOW });
  });

  it("refuses a USCC already registered, at the USCC field, and creates nothing", async () => {
    const before = [rowCount(enterprises), rowCount(users)];
    const outcome = await registerEnterprise(db, { ...registration, name: "另一家公司" }, NOW);
    expect(outcome).toEqual({ ok: false, fieldErrors: { uscc: expect.stringContaining("已注册") } });
    expect([rowCount(enterprises), rowCount(users)]).toEqual(before);
  });

  it("leaves no enterprise behind when its login cannot be created", async () => {
    // A staff account already holds the username this enterprise would get.
    db.insert(users)
      .values({ id: "squatter", username: "91320571908301663w", passwordHash: "x", role: "bureau", displayName: "占用", createdAt: NOW })
      .run();
    const before = rowCount(enterprises);
    const outcome = await registerEnterprise(
      db,
      { ...registration, uscc: "91320571908301663W", name: "苏州工业园区博远信息技术有限公司" },
      NOW,
    );
    expect(outcome.ok).toBe(false);
    expect(rowCount(enterprises)).toBe(before);
  });
});

describe("institutions, officers and disabling", () => {
  let bankAdmin: SessionUser;
  let otherBankAdmin: SessionUser;

  it("admits an institution with its first bank admin, recorded in the audit log", async () => {
    const outcome = await createInstitution(
      db,
      admin,
      {
        name: "苏州银行股份有限公司",
        shortName: "苏州银行",
        kind: "city_bank",
        adminUsername: "szb_admin",
        adminDisplayName: "陈杰",
        password: STRONG,
        passwordConfirm: STRONG,
      },
      NOW,
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    bankAdmin = {
      id: outcome.adminUserId,
      username: "szb_admin",
      role: "bank_admin",
      displayName: "陈杰",
      enterpriseId: null,
      institutionId: outcome.institutionId,
    };
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "institution.create")).all();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ name: "苏州银行股份有限公司", adminUsername: "szb_admin" });
    expect(audit[0]!.detail).not.toContain(STRONG);

    const other = await createInstitution(
      db,
      admin,
      {
        name: "中国工商银行股份有限公司苏州分行",
        shortName: "工商银行",
        kind: "state_bank",
        adminUsername: "icbc_admin",
        adminDisplayName: "刘洋",
        password: STRONG,
        passwordConfirm: STRONG,
      },
      NOW,
    );
    if (!other.ok) throw new Error("second institution");
    otherBankAdmin = {
      id: other.adminUserId,
      username: "icbc_admin",
      role: "bank_admin",
      displayName: "刘洋",
      enterpriseId: null,
      institutionId: other.institutionId,
    };
  });

  it("refuses a second institution of the same name or a taken admin username, creating nothing", async () => {
    const before = [rowCount(institutions), rowCount(users)];
    const outcome = await createInstitution(
      db,
      admin,
      {
        name: "苏州银行股份有限公司",
        shortName: "苏银",
        kind: "city_bank",
        adminUsername: "szb_admin",
        adminDisplayName: "某某",
        password: STRONG,
        passwordConfirm: STRONG,
      },
      NOW,
    );
    expect(outcome).toEqual({ ok: false, fieldErrors: { name: "该机构已入驻平台", adminUsername: "该用户名已被使用" } });
    expect([rowCount(institutions), rowCount(users)]).toEqual(before);
  });

  it("lets a bank admin add officers only to their own institution", async () => {
    const outcome = await createOfficer(
      db,
      bankAdmin,
      { username: "szb_o1", displayName: "周敏", password: STRONG, passwordConfirm: STRONG },
      NOW,
    );
    if (!outcome.ok) throw new Error("officer");
    const officer = db.select().from(users).where(eq(users.id, outcome.userId)).get()!;
    expect(officer).toMatchObject({ role: "bank_officer", institutionId: bankAdmin.institutionId });
  });

  it("disabling an officer ends their sessions at once; another bank's admin cannot touch them", async () => {
    const officer = db.select().from(users).where(eq(users.username, "szb_o1")).get()!;
    db.insert(sessions)
      .values({ id: "s-officer", userId: officer.id, expiresAt: Math.floor(NOW / 1000) + 3600 })
      .run();

    expect(setUserDisabled(db, otherBankAdmin, officer.id, true, NOW)).toMatchObject({ ok: false, code: "not_found" });
    expect(db.select().from(sessions).where(eq(sessions.userId, officer.id)).all()).toHaveLength(1);

    expect(setUserDisabled(db, bankAdmin, officer.id, true, NOW)).toEqual({ ok: true, handedOver: 0 });
    expect(db.select().from(users).where(eq(users.id, officer.id)).get()!.disabledAt).toBe(NOW);
    expect(db.select().from(sessions).where(eq(sessions.userId, officer.id)).all()).toHaveLength(0);
    expect(await authenticate(db, "szb_o1", STRONG, NOW)).toMatchObject({ ok: false, status: 403, code: "disabled" });

    expect(setUserDisabled(db, bankAdmin, officer.id, false, NOW)).toEqual({ ok: true, handedOver: 0 });
    expect(await authenticate(db, "SZB_O1", STRONG, NOW)).toMatchObject({ ok: true, role: "bank_officer" });
  });

  it("a bank admin cannot disable themself or staff outside their officers", () => {
    expect(setUserDisabled(db, bankAdmin, bankAdmin.id, true, NOW)).toMatchObject({ ok: false });
    expect(setUserDisabled(db, bankAdmin, admin.id, true, NOW)).toMatchObject({ ok: false, code: "not_found" });
    expect(setUserDisabled(db, admin, admin.id, true, NOW)).toMatchObject({ ok: false, code: "self" });
  });

  it("the admin adds bureau staff; usernames stay unique", async () => {
    expect(
      (
        await createStaffUser(
          db,
          admin,
          { username: "analyst", displayName: "孙丽", role: "bureau", password: STRONG, passwordConfirm: STRONG },
          NOW,
        )
      ).ok,
    ).toBe(true);
    expect(
      await createStaffUser(
        db,
        admin,
        { username: "analyst", displayName: "孙丽", role: "bureau", password: STRONG, passwordConfirm: STRONG },
        NOW,
      ),
    ).toEqual({
      ok: false,
      fieldErrors: { username: "该用户名已被使用" },
    });
  });
});

describe("signing in and changing passwords", () => {
  it("treats an unknown user and a wrong password alike", async () => {
    expect(await authenticate(db, "nobody", STRONG, NOW)).toEqual({
      ok: false,
      status: 401,
      message: "用户名或密码不正确",
      code: "invalid",
    });
    expect(await authenticate(db, "szb_admin", "Wrong#Pass1", NOW)).toEqual({
      ok: false,
      status: 401,
      message: "用户名或密码不正确",
      code: "invalid",
    });
  });

  it("changes a password only with the current one, and signs out every session", async () => {
    const user = db.select().from(users).where(eq(users.username, "analyst")).get()!;
    const sessionUser: SessionUser = {
      id: user.id,
      username: "analyst",
      role: "bureau",
      displayName: "孙丽",
      enterpriseId: null,
      institutionId: null,
    };
    db.insert(sessions)
      .values({ id: "s-analyst", userId: user.id, expiresAt: Math.floor(NOW / 1000) + 3600 })
      .run();
    expect(await changePassword(db, sessionUser, "Wrong#Pass1", "Another#Pass2")).toEqual({
      ok: false,
      fieldErrors: { currentPassword: "当前密码不正确" },
    });
    expect(await changePassword(db, sessionUser, STRONG, "Another#Pass2")).toEqual({ ok: true });
    expect(db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(0);
    expect((await authenticate(db, "analyst", "Another#Pass2", NOW)).ok).toBe(true);
  });
});

describe("audit log", () => {
  it("refuses updates and deletes", () => {
    const failure = (statement: ReturnType<typeof sql>) => {
      try {
        db.run(statement);
        return null;
      } catch (error) {
        return sqliteErrorOf(error)?.message;
      }
    };
    expect(failure(sql`update audit_log set action = 'tampered'`)).toBe("audit_log is append-only");
    expect(failure(sql`delete from audit_log`)).toBe("audit_log is append-only");
    expect(db.select({ n: count() }).from(auditLog).get()!.n).toBeGreaterThan(0);
  });
});
