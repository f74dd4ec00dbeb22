/**
 * Sessions. Lucia is used only here, so it can be replaced without touching routes or services.
 * The cookie is a browser-session cookie (no Max-Age: it ends when the browser closes); the server
 * keeps a sliding 12-hour expiry, so the cookie never needs re-sending from loaders.
 */
import { DrizzleSQLiteAdapter } from "@lucia-auth/adapter-drizzle";
import { eq } from "drizzle-orm";
import { Lucia, TimeSpan, generateIdFromEntropySize, type DatabaseSession, type DatabaseUser } from "lucia";
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

function createLucia() {
  const adapter = new SessionAdapter(getDb(), sessions, users);
  return new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(12, "h"),
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
function getLucia() {
  lucia ??= createLucia();
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

/** The signed-in user, or null when there is no live session or the user is disabled. */
export async function readSessionUser(request: Request): Promise<SessionUser | null> {
  const sessionId = sessionIdFrom(request);
  if (!sessionId) return null;
  const { user } = await getLucia().validateSession(sessionId);
  if (!user || user.disabledAt !== null) return null;
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    displayName: user.displayName,
    enterpriseId: user.enterpriseId,
    institutionId: user.institutionId,
  };
}

/**
 * Starts a new session for the user and ends the one the request carried, so a session id never
 * survives a login (no session fixation). Returns the Set-Cookie value.
 */
export async function startSession(request: Request, userId: string): Promise<string> {
  const previous = sessionIdFrom(request);
  if (previous) await getLucia().invalidateSession(previous);
  const session = await getLucia().createSession(userId, {});
  const cookie = getLucia().createSessionCookie(session.id);
  // Lucia always dates its cookie; drop the date so it lives only as long as the browser session.
  delete cookie.attributes.maxAge;
  delete cookie.attributes.expires;
  return cookie.serialize();
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
