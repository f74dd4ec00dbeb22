import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { institutionIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { formatMoney } from "~/lib/money";
import { CONFIRM_MESSAGE, confirmedField } from "~/lib/validation/fields";
import { institutionProducts, setProductListed, type ProductRow } from "~/services/products.server";
import { ConfirmedAction } from "~/ui/ConfirmedAction";
import { DataTable } from "~/ui/DataTable";
import { PageHeader } from "~/ui/PageHeader";
import { rateRangeText } from "~/ui/ProductSummary";
import { StatusTag } from "~/ui/StatusTag";
import { readFormData } from "~/http/forms.server";
import { asError } from "~/http/refusals.server";

export const meta: MetaFunction = () => [{ title: "产品管理 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_admin", "bank_officer");
  return { products: institutionProducts(getDb(), institutionIdOf(user)), canManage: user.role === "bank_admin" };
}

const listingSchema = v.object({
  intent: v.picklist(["list", "delist"], "未知操作"),
  productId: v.pipe(v.string(), v.regex(/^\d{1,9}$/), v.transform(Number)),
  confirm: confirmedField,
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "bank_admin");
  const parsed = v.safeParse(listingSchema, Object.fromEntries(await readFormData(request)));
  if (!parsed.success) {
    const unconfirmed = parsed.issues.some((issue) => v.getDotPath(issue) === "confirm");
    return data({ error: unconfirmed ? CONFIRM_MESSAGE : "无法识别的操作" }, { status: 400 });
  }
  const outcome = setProductListed(getDb(), user, parsed.output.productId, parsed.output.intent === "list", Date.now());
  if (!outcome.ok) return data(...asError(outcome));
  return { notice: parsed.output.intent === "list" ? "产品已上架，企业可在金融超市看到并申请" : "产品已下架，进行中的业务不受影响" };
}

export default function BankProducts() {
  const { products, canManage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="产品管理"
        subtitle="本机构在金融超市的信贷产品"
        actions={
          canManage ? (
            <Link className="button" to="/bank/products/new">
              新建产品
            </Link>
          ) : null
        }
      />
      {result && "notice" in result ? (
        <p className="notice notice--ok" role="status">
          {result.notice}
        </p>
      ) : null}
      {result && "error" in result ? (
        <p className="notice notice--danger" role="alert">
          {result.error}
        </p>
      ) : null}
      <section className="panel">
        <DataTable<ProductRow>
          caption="本机构产品"
          rows={products}
          rowKey={(p) => p.id}
          empty="还没有产品"
          columns={[
            {
              key: "name",
              header: "产品",
              cell: (p) =>
                canManage ? <Link to={`/bank/products/${p.id}`}>{p.name}</Link> : <Link to={`/products/${p.id}`}>{p.name}</Link>,
            },
            { key: "amount", header: "额度", cell: (p) => `${formatMoney(p.amountMinFen)}–${formatMoney(p.amountMaxFen)}` },
            { key: "rate", header: "年利率", cell: (p) => rateRangeText(p) },
            { key: "term", header: "期限", cell: (p) => `${p.termMinMonths}–${p.termMaxMonths} 个月` },
            {
              key: "status",
              header: "状态",
              cell: (p) => (p.listed ? <StatusTag tone="ok">在架</StatusTag> : <StatusTag tone="neutral">未上架</StatusTag>),
            },
            {
              key: "actions",
              header: "操作",
              cell: (p) =>
                canManage ? (
                  <ConfirmedAction
                    label={p.listed ? "下架" : "上架"}
                    accessibleName={`${p.listed ? "下架" : "上架"} ${p.name}`}
                    tone={p.listed ? "danger" : "primary"}
                    question={p.listed ? "确认下架：企业将不再看到该产品，进行中的业务不受影响" : "确认上架：企业即可在金融超市看到并申请"}
                    intent={p.listed ? "delist" : "list"}
                    fields={{ productId: p.id }}
                  />
                ) : (
                  <span className="muted">—</span>
                ),
            },
          ]}
        />
      </section>
    </>
  );
}
