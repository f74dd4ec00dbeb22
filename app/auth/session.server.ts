/**
 * Sessions. Lucia is used only here, so it can be replaced without touching routes or services.
 * The cookie is a browser-session cookie (no Max-Age: it ends when the browser closes); the server
 * keeps the expiry (app/domain/sessions.ts: 12 hours from sign-in at most, 30 minutes without a
 * request for staff), so the cookie never needs re-sending from loaders.
 *
 * A session's id carries the time it was created ("<random>.<seconds, base 36>"): the sessions table
 * has no column for it, and the id is chosen by the server and found only as written, so the time
 * cannot be changed by whoever holds the cookie. A session without one (made before sessions had a
 * lifetime) is not accepted: its user signs in again once.
 */
import { DrizzleSQLiteAdapter } from "@lucia-auth/adapter-drizzle";
import { eq, lte } from "drizzle-orm";
import { Lucia, TimeSpan, generateIdFromEntropySize, type DatabaseSession, type DatabaseUser } from "lucia";
import { SESSION_LIFETIME_MS, sessionExpiry, sessionVerdict, type SessionEnd } from "~/domain/sessions";
import { serverConfig } from "~/config.server";
import type { Role } from "~/domain/accounts";
import { SESSION_COOKIE_NAME } from "~/http/security";
import { getDb } from "~/db.server";
import type { Tx } from "~db/connection";
import { sessions, users } from "~db/schema";

type UserAttributes = {
  username: string;
  role: Role;
  displayName: string;
  enterpriseId: number | null;
  institutionId: number | null;
  disabledAt: number | null;
};

/**
 * Lucia's drizzle adapter reads a session and its user in two queries on every request (and every
 * loader checks the session): one join answers both, with only the columns getUserAttributes reads.
 * A session whose user is gone still comes back without its user, so Lucia deletes it as before.
 */
class SessionAdapter extends DrizzleSQLiteAdapter {
  override async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = getDb()
      .$client.prepare(
        `SELECT s.user_id AS userId, s.expires_at AS expiresAt, u.id, u.username, u.role, u.display_name AS displayName,
           u.enterprise_id AS enterpriseId, u.institution_id AS institutionId, u.disabled_at AS disabledAt
         FROM sessions s LEFT JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
      )
      .get(sessionId) as ({ userId: string; expiresAt: number; id: string | null } & UserAttributes) | undefined;
    if (!row) return [null, null];
    const { userId, expiresAt, id, ...attributes } = row;
    const session: DatabaseSession = { id: sessionId, userId, expiresAt: new Date(expiresAt * 1000), attributes: {} };
    return [session, id === null ? null : { id, attributes }];
  }
}

function createLucia(adapter: SessionAdapter) {
  return new Lucia(adapter, {
    // Lucia's own sliding expiry is not used (sessions are validated below); this dates its cookies only.
    sessionExpiresIn: new TimeSpan(SESSION_LIFETIME_MS / 1000, "s"),
    sessionCookie: {
      name: SESSION_COOKIE_NAME,
      attributes: {
        secure: serverConfig().sessionCookieSecure,
        sameSite: "lax",
      },
    },
    getUserAttributes: (row) => ({
      username: row.username,
      role: row.role,
      displayName: row.displayName,
      enterpriseId: row.enterpriseId,
      institutionId: row.institutionId,
      disabledAt: row.disabledAt,
    }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseUserAttributes: UserAttributes;
  }
}

let lucia: ReturnType<typeof createLucia> | undefined;
let adapter: SessionAdapter | undefined;
function getAdapter() {
  adapter ??= new SessionAdapter(getDb(), sessions, users);
  return adapter;
}
function getLucia() {
  lucia ??= createLucia(getAdapter());
  return lucia;
}

export type SessionUser = {
  id: string;
  username: string;
  role: Role;
  displayName: string;
  enterpriseId: number | null;
  institutionId: number | null;
};

export function newUserId(): string {
  return generateIdFromEntropySize(10);
}

function sessionIdFrom(request: Request): string | null {
  return getLucia().readSessionCookie(request.headers.get("Cookie") ?? "");
}

const CREATED_AT = /^[a-z2-7]{40}\.([0-9a-z]{1,9})$/;

/** A new session id, carrying the time it is created. */
function newSessionId(now: number): string {
  return `${generateIdFromEntropySize(25)}.${Math.floor(now / 1000).toString(36)}`;
}

/** When the session with this id was created (epoch ms), or null for an id that does not say. */
function createdAtOf(sessionId: string): number | null {
  const seconds = CREATED_AT.exec(sessionId)?.[1];
  return seconds === undefined ? null : Number.parseInt(seconds, 36) * 1000;
}

/** What the request's session cookie gives: its user, or nobody, and then whether a session ended by itself. */
export type SessionRead = { user: SessionUser; ended?: undefined } | { user: null; ended: SessionEnd | null };

/**
 * The request's session at `now`: its user while it is live (moving a staff session's idle expiry
 * on), or why it ended. An ended session's row is left for the next sign-in's sweep, so every loader
 * of the request reads the same answer; the login page clears the cookie.
 */
export async function readSession(request: Request, now = Date.now()): Promise<SessionRead> {
  const sessionId = sessionIdFrom(request);
  if (!sessionId) return { user: null, ended: null };
  const [session, user] = await getAdapter().getSessionAndUser(sessionId);
  if (!session) return { user: null, ended: null };
  if (!user) {
    await getAdapter().deleteSession(sessionId);
    return { user: null, ended: null };
  }
  const createdAt = createdAtOf(sessionId);
  if (createdAt === null) return { user: null, ended: null };
  const attributes = user.attributes as UserAttributes;
  const verdict = sessionVerdict({ role: attributes.role, createdAt, expiresAt: session.expiresAt.getTime() }, now);
  if (!verdict.live) return { user: null, ended: verdict.ended };
  if (attributes.disabledAt !== null) return { user: null, ended: null };
  if (verdict.extendTo !== null) await getAdapter().updateSessionExpiration(sessionId, new Date(verdict.extendTo));
  return {
    user: {
      id: user.id,
      username: attributes.username,
      role: attributes.role,
      displayName: attributes.displayName,
      enterpriseId: attributes.enterpriseId,
      institutionId: attributes.institutionId,
    },
  };
}

/** The signed-in user, or null when there is no live session or the user is disabled. */
export async function readSessionUser(request: Request, now = Date.now()): Promise<SessionUser | null> {
  return (await readSession(request, now)).user;
}

/**
 * Starts a new session for the user and ends the one the request carried, so a session id never
 * survives a login (no session fixation); sessions already over are swept. Returns the Set-Cookie value.
 */
export async function startSession(request: Request, userId: string, now = Date.now()): Promise<string> {
  const previous = sessionIdFrom(request);
  if (previous) await getAdapter().deleteSession(previous);
  const db = getDb();
  db.delete(sessions)
    .where(lte(sessions.expiresAt, Math.floor(now / 1000)))
    .run();
  const { role } = db.select({ role: users.role }).from(users).where(eq(users.id, userId)).get()!;
  const id = newSessionId(now);
  await getAdapter().setSession({ id, userId, expiresAt: new Date(sessionExpiry(role, now, now)), attributes: {} });
  const cookie = getLucia().createSessionCookie(id);
  // Lucia always dates its cookie; drop the date so it lives only as long as the browser session.
  delete cookie.attributes.maxAge;
  delete cookie.attributes.expires;
  return cookie.serialize();
}

/** The Set-Cookie value that clears the session cookie. */
export function blankSessionCookie(): string {
  return getLucia().createBlankSessionCookie().serialize();
}

/** Ends the request's session; returns the Set-Cookie value that clears the cookie. */
export async function endSession(request: Request): Promise<string> {
  const sessionId = sessionIdFrom(request);
  if (sessionId) await getLucia().invalidateSession(sessionId);
  return getLucia().createBlankSessionCookie().serialize();
}

/** Ends every session of a user (on every device); returns the Set-Cookie value that clears this browser's cookie. */
export function endEverySession(userId: string): string {
  getDb().delete(sessions).where(eq(sessions.userId, userId)).run();
  return getLucia().createBlankSessionCookie().serialize();
}

/** Removes every session of a user, inside the caller's transaction (disabling takes effect at once). */
export function deleteUserSessions(tx: Tx, userId: string): void {
  tx.delete(sessions).where(eq(sessions.userId, userId)).run();
}
