import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireUser } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { safeRedirectPath } from "~/lib/safe-redirect";
import { formatDateTime } from "~/lib/time";
import { listNotifications, markAllNotificationsRead, markNotificationRead } from "~/services/notifications.server";
import { PageHeader } from "~/ui/PageHeader";
import { StatusTag } from "~/ui/StatusTag";
import { readFormData } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "消息 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { notifications: listNotifications(getDb(), user, 100) };
}

const actionSchema = v.variant("intent", [
  v.object({ intent: v.literal("read"), id: v.pipe(v.string(), v.regex(/^\d{1,12}$/), v.transform(Number)) }),
  v.object({ intent: v.literal("read_all") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = v.safeParse(actionSchema, Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return data({ ok: false }, { status: 400 });
  if (parsed.output.intent === "read_all") markAllNotificationsRead(getDb(), user, Date.now());
  else if (!markNotificationRead(getDb(), user, parsed.output.id, Date.now())) return data({ ok: false }, { status: 404 });
  return { ok: true };
}

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const unread = notifications.filter((n) => n.readAt === null).length;
  return (
    <>
      <PageHeader
        title="消息"
        subtitle={unread ? `${unread} 条未读` : "没有未读消息"}
        actions={
          unread ? (
            <Form method="post">
              <button type="submit" name="intent" value="read_all" className="button button--secondary button--small">
                全部标为已读
              </button>
            </Form>
          ) : null
        }
      />
      <section className="panel">
        {notifications.length === 0 ? (
          <p className="empty">暂无消息</p>
        ) : (
          <ul className="notification-list">
            {notifications.map((n) => (
              <li key={n.id} className={n.readAt === null ? "unread" : undefined}>
                <p>
                  {n.readAt === null ? <StatusTag tone="info">未读</StatusTag> : null} <strong>{n.title}</strong>{" "}
                  <time className="muted">{formatDateTime(n.createdAt)}</time>
                </p>
                <p>{n.body}</p>
                <div className="form-actions">
                  {n.link ? <Link to={safeRedirectPath(n.link, "/")}>查看</Link> : null}
                  {n.readAt === null ? (
                    <Form method="post">
                      <input type="hidden" name="id" value={n.id} />
                      <button type="submit" name="intent" value="read" className="link">
                        标为已读
                      </button>
                    </Form>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
