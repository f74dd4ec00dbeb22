import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getViewer } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { GUARANTEE_MODE_LABELS, GUARANTEE_MODES, MARKET_SORT_LABELS, MARKET_SORTS, PRODUCT_TAGS } from "~/domain/marketplace";
import { ZONES } from "~/domain/zones";
import { lenientQuery, marketQuerySchema } from "~/lib/validation/queries";
import { pageFromParam } from "~/lib/pagination";
import { lprInEffect } from "~/services/lpr.server";
import { listedInstitutions, marketProducts } from "~/services/products.server";
import { PublicShell } from "~/ui/AppShell";
import { SelectField, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { Pager } from "~/ui/Pager";
import { ProductCard } from "~/ui/ProductSummary";

export const meta: MetaFunction = () => [{ title: "金融超市 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const { values, output: filter, invalid } = lenientQuery(marketQuerySchema, params);
  const db = getDb();
  const market = marketProducts(db, {
    amountFen: filter.amount,
    termMonths: filter.term,
    guaranteeMode: filter.guarantee,
    tag: filter.tag,
    institutionId: filter.institution,
    keyword: filter.q,
    sort: filter.sort,
    page: pageFromParam(params.get("page")),
  });
  return {
    viewer: await getViewer(request),
    ...market,
    institutions: listedInstitutions(db),
    values,
    invalidFilter: invalid,
    lprBp: lprInEffect(db, Date.now()).oneYearBp,
  };
}

export default function ProductMarket() {
  const { viewer, rows, page, institutions, values, invalidFilter, lprBp } = useLoaderData<typeof loader>();
  return (
    <PublicShell viewer={viewer}>
      <PageHeader title="金融超市" subtitle="各金融机构面向中小微企业的信贷产品，信用贷款无需抵押" />
      <nav className="panel filters" aria-label="专区">
        {ZONES.map((z) => (
          <Link key={z.key} to={`/products/zones/${z.key}`}>
            {z.name}
          </Link>
        ))}
      </nav>
      <Form method="get" className="panel filters" aria-label="筛选产品">
        <TextField name="q" label="关键词" type="search" placeholder="产品、银行或特点" defaultValue={values.q} />
        <TextField name="amount" label="融资金额（万元）" inputMode="decimal" defaultValue={values.amount} />
        <TextField name="term" label="期限（月）" inputMode="numeric" defaultValue={values.term} />
        <SelectField
          name="guarantee"
          label="担保方式"
          placeholder="不限"
          options={GUARANTEE_MODES.map((m) => ({ value: m, label: GUARANTEE_MODE_LABELS[m] }))}
          defaultValue={values.guarantee}
        />
        <SelectField
          name="tag"
          label="产品特色"
          placeholder="不限"
          options={PRODUCT_TAGS.map((t) => ({ value: t, label: t }))}
          defaultValue={values.tag}
        />
        <SelectField
          name="institution"
          label="金融机构"
          placeholder="全部机构"
          options={institutions.map((i) => ({ value: String(i.id), label: i.name }))}
          defaultValue={values.institution}
        />
        <SelectField
          name="sort"
          label="排序"
          options={MARKET_SORTS.map((s) => ({ value: s, label: MARKET_SORT_LABELS[s] }))}
          defaultValue={values.sort ?? "newest"}
        />
        <div className="form-actions">
          <button type="submit" className="button">
            筛选
          </button>
          <Link to="/products">清除</Link>
        </div>
      </Form>
      {invalidFilter ? <p className="notice notice--warn">部分筛选条件格式不正确，已忽略。</p> : null}
      <p className="muted" role="status">
        共 {page.total.toLocaleString("zh-CN")} 款产品{values.q ? `匹配“${values.q}”` : ""}
      </p>
      {rows.length === 0 ? (
        <p className="empty panel">没有符合条件的产品，请放宽筛选条件。</p>
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
