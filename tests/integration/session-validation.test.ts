/**
 * The session check every loader runs (app/auth/session.server.ts), on the clock it is given: a
 * session lives at most 12 hours from sign-in, however busy; a staff session ends after 30 minutes
 * without a request and each request moves that on (written at most once a minute); an enterprise
 * session is not cut short by idling. A disabled user's session, an unknown id and an id made before
 * sessions had a lifetime give nobody; sessions already over are swept at the next sign-in.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE_NAME } from "~/http/security";
import { createTestDatabase } from "../support/db";

const { db, path } = createTestDatabase();
process.env.DATABASE_PATH = path;
const { readSession, readSessionUser, startSession } = await import("~/auth/session.server");

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 16, 1, 0, 0); // 09:00 in Suzhou

const request = (cookie: string) => new Request("http://localhost/", { headers: { Cookie: cookie } });
const idOf = (cookie: string) => cookie.split("=")[1]!;
const expiresAt = (cookie: string) =>
  db.$client.prepare("SELECT expires_at FROM sessions WHERE id = ?").pluck().get(idOf(cookie)) as number | undefined;
const signIn = async (userId: string, at: number) => (await startSession(new Request("http://localhost/"), userId, at)).split(";")[0]!;

beforeAll(() => {
  db.$client
    .prepare(
      `INSERT INTO enterprises (id, uscc, name, district_code, industry_section, size, established_on, legal_rep_name, contact_name, contact_phone, registered_at)
       VALUES (1, '91320500000000001X', '测试企业', '320508', 'C', 'small', '2018-01-01', '张三', '李四', '13800000000', 0)`,
    )
    .run();
  db.$client
    .prepare(
      `INSERT INTO users (id, username, password_hash, role, display_name, enterprise_id, created_at, disabled_at) VALUES
       ('u1', 'analyst', 'x', 'bureau', '分析员', NULL, 0, NULL),
       ('u2', 'gone', 'x', 'bureau', '停用', NULL, 0, 1),
       ('u3', '91320500000000001X', 'x', 'enterprise', '测试企业', 1, 0, NULL)`,
    )
    .run();
});

describe("a staff session (bureau)", () => {
  it("gives its user, and ends after 30 minutes without a request: 长时间未操作", async () => {
    const cookie = await signIn("u1", T0);
    expect(await readSessionUser(request(cookie), T0 + 29 * MINUTE)).toEqual({
      id: "u1",
      username: "analyst",
      role: "bureau",
      displayName: "分析员",
      enterpriseId: null,
      institutionId: null,
    });
    // Read at 29 minutes: idle from there. 30 minutes later it has ended.
    expect(await readSession(request(cookie), T0 + 59 * MINUTE - 1000)).toMatchObject({ user: { id: "u1" } });
    expect(await readSession(request(cookie), T0 + 89 * MINUTE)).toEqual({ user: null, ended: "idle" });
  });

  it("moves the idle expiry on with each request, writing at most once a minute", async () => {
    const cookie = await signIn("u1", T0);
    const first = expiresAt(cookie)!;
    expect(first).toBe((T0 + 30 * MINUTE) / 1000);
    await readSession(request(cookie), T0 + 30 * 1000);
    expect(expiresAt(cookie)).toBe(first);
    await readSession(request(cookie), T0 + 5 * MINUTE);
    expect(expiresAt(cookie)).toBe((T0 + 35 * MINUTE) / 1000);
  });

  it("ends 12 hours after sign-in however busy: a request every 20 minutes does not keep it", async () => {
    const cookie = await signIn("u1", T0);
    for (let at = T0 + 20 * MINUTE; at < T0 + 12 * HOUR; at += 20 * MINUTE) {
      expect((await readSession(request(cookie), at)).user?.id, new Date(at).toISOString()).toBe("u1");
    }
    // Its expiry never reaches past the lifetime.
    expect(expiresAt(cookie)).toBeLessThanOrEqual((T0 + 12 * HOUR) / 1000);
    expect(await readSession(request(cookie), T0 + 12 * HOUR)).toEqual({ user: null, ended: "lifetime" });
  });
});

describe("an enterprise session", () => {
  it("is not ended by hours without a request, only by its 12 hours", async () => {
    const cookie = await signIn("u3", T0);
    expect((await readSession(request(cookie), T0 + 11 * HOUR)).user?.role).toBe("enterprise");
    expect(await readSession(request(cookie), T0 + 12 * HOUR)).toEqual({ user: null, ended: "lifetime" });
  });
});

describe("sessions that give nobody", () => {
  it("a disabled user's, an unknown id, and an id made before sessions had a lifetime", async () => {
    const disabled = await signIn("u2", T0);
    expect(await readSession(request(disabled), T0 + MINUTE)).toEqual({ user: null, ended: null });
    expect(await readSession(request(`${SESSION_COOKIE_NAME}=nonexistent`), T0)).toEqual({ user: null, ended: null });
    db.$client.prepare("INSERT INTO sessions (id, user_id, expires_at) VALUES ('legacy', 'u1', ?)").run(T0 / 1000 + 3600);
    expect(await readSession(request(`${SESSION_COOKIE_NAME}=legacy`), T0)).toEqual({ user: null, ended: null });
  });

  it("sessions already over are swept at the next sign-in, live ones kept", async () => {
    const over = await signIn("u1", T0);
    const live = await signIn("u3", T0);
    await signIn("u1", T0 + 2 * HOUR);
    expect(expiresAt(over)).toBeUndefined();
    expect(expiresAt(live)).toBeDefined();
  });
});
