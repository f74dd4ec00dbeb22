import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser, getViewer } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { POLICY_BENEFIT_KIND_LABELS } from "~/domain/policies";
import { ZONES, zoneByKey } from "~/domain/zones";
import { formatWanYuan } from "~/lib/money";
import { pageFromParam } from "~/lib/pagination";
import { monthOf } from "~/lib/time";
import { lprInEffect } from "~/services/lpr.server";
import { policiesForZone } from "~/services/policies.server";
import { marketProducts } from "~/services/products.server";
import { zoneFigures } from "~/services/zones.server";
import { PublicShell } from "~/ui/AppShell";
import { PageHeader } from "~/ui/PageHeader";
import { Pager } from "~/ui/Pager";
import { ProductCard } from "~/ui/ProductSummary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.zone.name ?? "专区"} · 金融超市 · 苏州市信易贷平台` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const zone = zoneByKey(params.zone ?? "");
  if (!zone) throw new Response("没有这个专区", { status: 404 });
  const db = getDb();
  const now = Date.now();
  const user = await getOptionalUser(request);
  return {
    viewer: await getViewer(request),
    zone,
    ...marketProducts(db, { anyTag: zone.tags, page: pageFromParam(new URL(request.url).searchParams.get("page")) }),
    figures: zoneFigures(db, monthOf(now)).find((z) => z.key === zone.key)!,
    // Policies are targeted: only an enterprise that qualifies sees them.
    policies: user?.role === "enterprise" && user.enterpriseId !== null ? policiesForZone(db, user.enterpriseId, zone.tags, now) : null,
    lprBp: lprInEffect(db, now).oneYearBp,
  };
}

export default function ZonePage() {
  const { viewer, zone, rows, page, figures, policies, lprBp } = useLoaderData<typeof loader>();
  return (
    <PublicShell viewer={viewer}>
      <p>
        <Link to="/products">← 金融超市</Link>
      </p>
      <PageHeader title={zone.name} subtitle={`${zone.blurb}。收录带有“${zone.tags.join("”或“")}”标签的产品。`} />
      <nav className="panel filters" aria-label="专区">
        {ZONES.map((z) =>
          z.key === zone.key ? (
            <strong key={z.key} aria-current="page">
              {z.name}
            </strong>
          ) : (
            <Link key={z.key} to={`/products/zones/${z.key}`}>
              {z.name}
            </Link>
          ),
        )}
      </nav>
      <section className="grid headlines" aria-label="专区数据">
        <div className="card">
          <p>在售产品</p>
          <span className="stat">
            {figures.listedProducts}
            <small> 个</small>
          </span>
        </div>
        <div className="card">
          <p>本年放款</p>
          <span className="stat">
            {figures.ytdLoansCount.toLocaleString("en-US")}
            <small> 笔</small>
          </span>
        </div>
        <div className="card">
          <p>本年放款金额</p>
          <span className="stat">
            {formatWanYuan(figures.ytdLoansAmountFen)}
            <small> 万元</small>
          </span>
        </div>
      </section>
      {policies === null ? (
        <p className="muted">企业用户登录后可查看本专区适用的惠企政策。</p>
      ) : policies.length > 0 ? (
        <section className="panel" aria-label="本专区可享政策">
          <h2>本专区可享政策</h2>
          <ul>
            {policies.map((p) => (
              <li key={p.id}>
                <Link to={`/sme/policies/${p.id}`}>{p.title}</Link>（{POLICY_BENEFIT_KIND_LABELS[p.benefitKind]}，有效期至 {p.validTo}）
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {rows.length === 0 ? (
        <p className="empty panel">本专区暂无在售产品。</p>
      ) : (
        <div className="grid">
          {rows.map((p) => (
            <ProductCard key={p.id} product={p} lprBp={lprBp} />
          ))}
        </div>
      )}
      <Pager info={page} />
    </PublicShell>
  );
}
