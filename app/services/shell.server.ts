/** What the page frame shows about the signed-in user: name, role and organisation. */
import { eq } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { ROLE_LABELS, type Role } from "~/domain/accounts";
import type { AppDatabase } from "~db/connection";
import { enterprises, institutions } from "~db/schema";
import { unreadNotificationCount } from "./notifications.server";

export type Shell = { displayName: string; role: Role; roleLabel: string; orgName: string | null; unread: number };

export function shellFor(db: AppDatabase, user: SessionUser): Shell {
  let orgName: string | null = null;
  if (user.enterpriseId !== null) {
    orgName = db.select({ name: enterprises.name }).from(enterprises).where(eq(enterprises.id, user.enterpriseId)).get()?.name ?? null;
  } else if (user.institutionId !== null) {
    orgName =
      db.select({ name: institutions.shortName }).from(institutions).where(eq(institutions.id, user.institutionId)).get()?.name ?? null;
  }
  return {
    displayName: user.displayName,
    role: user.role,
    roleLabel: ROLE_LABELS[user.role],
    orgName,
    unread: unreadNotificationCount(db, user),
  };
}
