/**
 * The session check every loader runs (app/auth/session.server.ts): a live session gives its user, a
 * session in its second half is extended to 12 hours once, an expired one or a disabled user's gives
 * nobody, and an expired session is deleted.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE_NAME } from "~/http/security";
import { createTestDatabase } from "../support/db";

const { db, path } = createTestDatabase();
process.env.DATABASE_PATH = path;
const { readSessionUser } = await import("~/auth/session.server");

const HOUR = 3600;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const request = (sessionId: string) => new Request("http://localhost/", { headers: { Cookie: `${SESSION_COOKIE_NAME}=${sessionId}` } });
const expiresAt = (id: string) => db.$client.prepare("SELECT expires_at FROM sessions WHERE id = ?").pluck().get(id) as number | undefined;

beforeAll(() => {
  db.$client
    .prepare(
      "INSERT INTO users (id, username, password_hash, role, display_name, created_at, disabled_at) VALUES ('u1', 'analyst', 'x', 'bureau', '分析员', 0, NULL), ('u2', 'gone', 'x', 'bureau', '停用', 0, 1)",
    )
    .run();
  const add = db.$client.prepare("INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?)");
  add.run("fresh", "u1", nowSeconds() + 11 * HOUR);
  add.run("ageing", "u1", nowSeconds() + 2 * HOUR);
  add.run("expired", "u1", nowSeconds() - 1);
  add.run("disabled", "u2", nowSeconds() + 11 * HOUR);
});

describe("readSessionUser", () => {
  it("gives a live session's user without writing", async () => {
    const before = expiresAt("fresh");
    expect(await readSessionUser(request("fresh"))).toEqual({
      id: "u1",
      username: "analyst",
      role: "bureau",
      displayName: "分析员",
      enterpriseId: null,
      institutionId: null,
    });
    expect(expiresAt("fresh")).toBe(before);
  });

  it("extends a session past half its life to 12 hours", async () => {
    expect((await readSessionUser(request("ageing")))?.id).toBe("u1");
    expect(expiresAt("ageing")).toBeGreaterThanOrEqual(nowSeconds() + 12 * HOUR - 5);
  });

  it("gives nobody for an expired session, and deletes it", async () => {
    expect(await readSessionUser(request("expired"))).toBeNull();
    expect(expiresAt("expired")).toBeUndefined();
  });

  it("gives nobody for a disabled user or an unknown session", async () => {
    expect(await readSessionUser(request("disabled"))).toBeNull();
    expect(await readSessionUser(request("nonexistent"))).toBeNull();
  });
});
