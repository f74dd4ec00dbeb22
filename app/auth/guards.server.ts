/**
 * Role guards, called at the top of every loader and action. Loaders of nested routes run in
 * parallel, so a parent layout's check never protects its children: each route calls its own.
 */
import { redirect } from "@remix-run/node";
import type { Role } from "~/domain/accounts";
import type { SessionEnd } from "~/domain/sessions";
import { LOGIN_REASON_IDLE, LOGIN_REASON_SESSION_LIFETIME } from "~/lib/login-reasons";
import { ROLE_HOME } from "~/lib/navigation";
import { blankSessionCookie, readSession, readSessionUser, type SessionUser } from "./session.server";

export type { SessionUser } from "./session.server";

const ENDED_REASONS: Record<SessionEnd, string> = { idle: LOGIN_REASON_IDLE, lifetime: LOGIN_REASON_SESSION_LIFETIME };

/**
 * To the login page, which returns here afterwards. After a session that ended by itself the page
 * says why, and the dead cookie is cleared.
 */
export function loginRedirect(request: Request, ended: SessionEnd | null = null): Response {
  const url = new URL(request.url);
  const target = url.pathname + url.search;
  if (!ended) return redirect(`/login?redirectTo=${encodeURIComponent(target)}`);
  return redirect(`/login?redirectTo=${encodeURIComponent(target)}&reason=${ENDED_REASONS[ended]}`, {
    headers: { "Set-Cookie": blankSessionCookie() },
  });
}

export function forbidden(message = "您的账号无权访问此页面"): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  return readSessionUser(request);
}

/** The signed-in user; otherwise throws a redirect to the login page that returns here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const session = await readSession(request);
  if (!session.user) throw loginRedirect(request, session.ended);
  return session.user;
}

/** The signed-in user when their role is one of `roles`; 403 for other roles, login for nobody. */
export async function requireRole<R extends Role>(request: Request, ...roles: R[]): Promise<SessionUser & { role: R }> {
  const user = await requireUser(request);
  if (!(roles as Role[]).includes(user.role)) throw forbidden();
  return user as SessionUser & { role: R };
}

/** For bank roles: the user's institution id, which every bank query must be scoped to. */
export function institutionIdOf(user: SessionUser): number {
  if (user.institutionId === null) throw forbidden();
  return user.institutionId;
}

/** For enterprise users: the user's enterprise id, which every enterprise query must be scoped to. */
export function enterpriseIdOf(user: SessionUser): number {
  if (user.enterpriseId === null) throw forbidden();
  return user.enterpriseId;
}

/** The public pages' view of who is signed in. */
export async function getViewer(request: Request): Promise<{ displayName: string; home: string } | null> {
  const user = await readSessionUser(request);
  return user ? { displayName: user.displayName, home: ROLE_HOME[user.role] } : null;
}
