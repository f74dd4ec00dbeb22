import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getViewer } from "~/auth/guards.server";
import { GUIDES, guideOf } from "~/lib/help";
import { supportHotline } from "~/services/help.server";
import { PublicShell } from "~/ui/AppShell";
import { Hotline } from "~/ui/Hotline";
import { PageHeader } from "~/ui/PageHeader";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.guide.title ?? "办事指南"} · 苏州市信易贷平台` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const guide = guideOf(params.role ?? "");
  if (!guide) throw new Response("没有这份办事指南", { status: 404 });
  return { viewer: await getViewer(request), hotline: supportHotline(), guide };
}

export default function HelpGuide() {
  const { viewer, hotline, guide } = useLoaderData<typeof loader>();
  return (
    <PublicShell viewer={viewer}>
      <PageHeader title={guide.title} subtitle={`适用于：${guide.audience}`} />
      <nav className="form-actions" aria-label="其他办事指南">
        <Link to="/help">← 帮助中心</Link>
        {GUIDES.filter((g) => g.slug !== guide.slug).map((g) => (
          <Link key={g.slug} to={`/help/guide/${g.slug}`}>
            {g.title}
          </Link>
        ))}
      </nav>
      <section className="panel">
        <ol className="help-steps">
          {guide.steps.map((step) => (
            <li key={step.title}>
              <h2>{step.title}</h2>
              <p>{step.text}</p>
              {step.to ? (
                <p>
                  <Link to={step.to}>前往：{step.link}</Link>
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      <section className="panel">
        <Hotline hotline={hotline} />
        <p>
          <Link to="/help/faq">常见问题</Link>
        </p>
      </section>
    </PublicShell>
  );
}
