/** In-app notifications: written inside the transaction of the change they report, read by their recipients. */
import { and, count, desc, eq, isNull, or, type SQL } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import type { AppDatabase, Tx } from "~db/connection";
import { notifications } from "~db/schema";

export type Recipient = { enterpriseId: number } | { institutionId: number } | { userId: string };

export type NewNotification = {
  to: Recipient;
  kind: string;
  title: string;
  body: string;
  link?: string;
  at: number;
};

export function notify(tx: Tx, notification: NewNotification): void {
  tx.insert(notifications)
    .values({
      enterpriseId: "enterpriseId" in notification.to ? notification.to.enterpriseId : null,
      institutionId: "institutionId" in notification.to ? notification.to.institutionId : null,
      userId: "userId" in notification.to ? notification.to.userId : null,
      kind: notification.kind,
      title: notification.title,
      body: notification.body,
      link: notification.link ?? null,
      createdAt: notification.at,
    })
    .run();
}

/** What a user sees: their own, their enterprise's or their institution's notifications. */
function visibleTo(user: SessionUser): SQL {
  const mine = [eq(notifications.userId, user.id)];
  if (user.enterpriseId !== null) mine.push(eq(notifications.enterpriseId, user.enterpriseId));
  if (user.institutionId !== null) mine.push(eq(notifications.institutionId, user.institutionId));
  return or(...mine)!;
}

export function listNotifications(db: AppDatabase, user: SessionUser, limit = 50) {
  return db
    .select()
    .from(notifications)
    .where(visibleTo(user))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit)
    .all();
}

export function unreadNotificationCount(db: AppDatabase, user: SessionUser): number {
  return (
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(visibleTo(user), isNull(notifications.readAt)))
      .get()?.n ?? 0
  );
}

/** Marks one notification read; someone else's is left alone (and reported as not found). */
export function markNotificationRead(db: AppDatabase, user: SessionUser, id: number, now: number): boolean {
  const result = db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.id, id), visibleTo(user), isNull(notifications.readAt)))
    .run();
  return result.changes > 0;
}

export function markAllNotificationsRead(db: AppDatabase, user: SessionUser, now: number): number {
  return db
    .update(notifications)
    .set({ readAt: now })
    .where(and(visibleTo(user), isNull(notifications.readAt)))
    .run().changes;
}
