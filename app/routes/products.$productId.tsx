import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { ROLE_HOME } from "~/lib/navigation";
import { CLAIM_WITHIN_WORKING_DAYS } from "~/domain/service-levels";
import { lprInEffect, lprQuote } from "~/services/lpr.server";
import { productForViewer } from "~/services/products.server";
import { applicationBarrier } from "~/services/needs.server";
import { PublicShell } from "~/ui/AppShell";
import { PageHeader } from "~/ui/PageHeader";
import { ProductTerms, Tags } from "~/ui/ProductSummary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.product.name ?? "产品"} · 金融超市` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const id = Number(params.productId);
  const product = Number.isInteger(id) && id > 0 ? productForViewer(getDb(), id, user?.institutionId ?? null) : undefined;
  if (!product) throw new Response("没有这个产品", { status: 404 });
  const applyPath = `/sme/needs/new?productId=${product.id}`;
  // A firm with a knock-out is told here, before it fills anything in, that it may not apply and why.
  const barrier =
    user?.role === "enterprise" && user.enterpriseId !== null ? applicationBarrier(getDb(), user.enterpriseId, Date.now()) : null;
  return {
    cannotApply: barrier?.message ?? null,
    viewer: user ? { displayName: user.displayName, home: ROLE_HOME[user.role] } : null,
    product,
    apply: !user
      ? { to: `/login?redirectTo=${encodeURIComponent(applyPath)}`, label: "登录后申请" }
      : user.role === "enterprise"
        ? { to: applyPath, label: "申请此产品" }
        : null,
    lpr: lprQuote(getDb(), product.rateMinBp, Date.now()),
    lprBp: lprInEffect(getDb(), Date.now()).oneYearBp,
  };
}

export default function ProductDetail() {
  const { viewer, product, apply, cannotApply, lpr, lprBp } = useLoaderData<typeof loader>();
  return (
    <PublicShell viewer={viewer}>
      <p>
        <Link to="/products">← 金融超市</Link>
      </p>
      <PageHeader title={product.name} subtitle={product.institutionName} />
      {!product.listed ? <p className="notice notice--warn">该产品已下架，仅本机构人员可见。</p> : null}
      <div className="split">
        <section className="panel">
          <Tags tags={product.tags} />
          <h2 style={{ marginTop: "var(--sp-4)" }}>产品要素</h2>
          <ProductTerms product={product} lprBp={lprBp} full />
          {product.description ? (
            <>
              <h2 style={{ marginTop: "var(--sp-4)" }}>产品介绍</h2>
              <p style={{ whiteSpace: "pre-wrap" }}>{product.description}</p>
            </>
          ) : null}
        </section>
        <aside className="panel">
          <h2>申请</h2>
          <p className="muted">
            利率参考：一年期 LPR {lpr.rate}（{lpr.asOf}），本产品最低利率为 {lpr.spread}。
          </p>
          <p className="muted">{`申请即发布一笔指向本产品的融资需求，${product.institutionName}将在 ${CLAIM_WITHIN_WORKING_DAYS} 个工作日内受理。`}</p>
          {cannotApply ? (
            <div className="notice notice--danger" role="alert">
              <p>
                <strong>暂不能申请</strong>
              </p>
              <p>{cannotApply}</p>
              <p>
                <Link to="/sme/score">查看信用评分与否决项</Link>
              </p>
            </div>
          ) : apply ? (
            <Link className="button" to={apply.to}>
              {apply.label}
            </Link>
          ) : (
            <p className="muted">仅企业用户可申请。</p>
          )}
        </aside>
      </div>
    </PublicShell>
  );
}
