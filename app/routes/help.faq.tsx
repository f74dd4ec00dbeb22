import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getViewer } from "~/auth/guards.server";
import { FAQ } from "~/lib/help";
import { supportHotline } from "~/services/help.server";
import { PublicShell } from "~/ui/AppShell";
import { Hotline } from "~/ui/Hotline";
import { PageHeader } from "~/ui/PageHeader";

export const meta: MetaFunction = () => [{ title: "常见问题 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { viewer: await getViewer(request), hotline: supportHotline() };
}

export default function HelpFaq() {
  const { viewer, hotline } = useLoaderData<typeof loader>();
  return (
    <PublicShell viewer={viewer}>
      <PageHeader title="常见问题" subtitle="没有找到答案？请拨打服务热线" />
      <p>
        <Link to="/help">← 帮助中心</Link>
      </p>
      {FAQ.map((group) => (
        <section key={group.topic} className="panel faq">
          <h2>{group.topic}</h2>
          {group.items.map((item) => (
            <details key={item.q}>
              <summary>{item.q}</summary>
              <p>{item.a}</p>
            </details>
          ))}
        </section>
      ))}
      <section className="panel">
        <Hotline hotline={hotline} />
      </section>
    </PublicShell>
  );
}
