import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getViewer } from "~/auth/guards.server";
import { BATCH_KIND_LABELS, BATCH_KINDS } from "~/domain/credit";
import { GUIDES } from "~/lib/help";
import { COLUMNS_BY_KIND } from "~/lib/validation/credit-batches";
import { templateHeader } from "~/services/credit-templates.server";
import { supportHotline } from "~/services/help.server";
import { PublicShell } from "~/ui/AppShell";
import { DataTable } from "~/ui/DataTable";
import { Hotline } from "~/ui/Hotline";
import { PageHeader } from "~/ui/PageHeader";

export const meta: MetaFunction = () => [{ title: "帮助中心 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const templates = BATCH_KINDS.map((kind) => ({
    kind,
    label: BATCH_KIND_LABELS[kind],
    columns: COLUMNS_BY_KIND[kind].map(templateHeader),
  }));
  return { viewer: await getViewer(request), hotline: supportHotline(), templates };
}

export default function Help() {
  const { viewer, hotline, templates } = useLoaderData<typeof loader>();
  return (
    <PublicShell viewer={viewer}>
      <PageHeader title="帮助中心" subtitle="常见问题、办事指南、数据模板下载和服务热线" />
      <section className="panel">
        <Hotline hotline={hotline} />
        <p>
          <Link to="/help/faq">常见问题</Link>：注册登录、融资需求、信用数据与授权、数据报送。
        </p>
      </section>
      <section className="panel" aria-labelledby="guides">
        <h2 id="guides">办事指南</h2>
        <ul className="help-guides">
          {GUIDES.map((g) => (
            <li key={g.slug}>
              <Link to={`/help/guide/${g.slug}`}>{g.title}</Link> <span className="muted">{g.audience}</span>
            </li>
          ))}
        </ul>
      </section>
      <section className="panel" aria-labelledby="templates-title" id="templates">
        <h2 id="templates-title">信用数据模板下载</h2>
        <p className="muted">
          列名与平台导入程序读取的列完全一致，第 2 行为示例，导入前请替换或删除。CSV 为 UTF-8 编码，Excel 可直接打开。
        </p>
        <DataTable
          caption="信用数据模板"
          rows={templates}
          rowKey={(t) => t.kind}
          columns={[
            { key: "kind", header: "数据类型", cell: (t) => t.label },
            { key: "columns", header: "列", cell: (t) => t.columns.join("、") },
            {
              key: "download",
              header: "下载",
              cell: (t) => (
                <span className="form-actions">
                  <a href={`/help/templates/${t.kind}.xlsx`} download>
                    {t.label} XLSX
                  </a>
                  <a href={`/help/templates/${t.kind}.csv`} download>
                    {t.label} CSV
                  </a>
                </span>
              ),
            },
          ]}
        />
      </section>
    </PublicShell>
  );
}
