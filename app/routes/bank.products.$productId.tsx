import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireRole, type SessionUser } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { productSchema } from "~/lib/validation/marketplace";
import { lprInEffect } from "~/services/lpr.server";
import { ownProduct, updateProduct } from "~/services/products.server";
import { PageHeader } from "~/ui/PageHeader";
import { ProductForm, productFormValues } from "~/ui/ProductForm";
import { StatusTag } from "~/ui/StatusTag";
import { readFormData } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "编辑产品 · 苏州市信易贷平台" }];

function productOf(user: SessionUser, value: string | undefined) {
  const id = Number(value);
  const product = Number.isInteger(id) && id > 0 ? ownProduct(getDb(), user, id) : undefined;
  if (!product) throw new Response("没有这个产品", { status: 404 });
  return product;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bank_admin");
  const product = productOf(user, params.productId);
  return {
    id: product.id,
    listed: product.listed,
    values: productFormValues(product),
    rateHint: lprInEffect(getDb(), Date.now()).ceilingText,
  };
}

type ActionData = { fieldErrors?: FieldErrors; values?: Record<string, string>; notice?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "bank_admin");
  const product = productOf(user, params.productId);
  const parsed = parseForm(productSchema(lprInEffect(getDb(), Date.now()).ceilingBp), await readFormData(request));
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  updateProduct(getDb(), user, product.id, parsed.data, Date.now());
  return data<ActionData>({ notice: "已保存。已授信、放款的业务按原条件办理。" });
}

export default function EditProduct() {
  const { id, listed, values, rateHint } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const submitting = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to="/bank/products">← 产品管理</Link>
      </p>
      {params.get("created") ? (
        <p className="notice notice--ok" role="status">
          产品已保存，尚未上架；在“产品管理”中上架后企业即可申请。
        </p>
      ) : null}
      {result?.notice ? (
        <p className="notice notice--ok" role="status">
          {result.notice}
        </p>
      ) : null}
      <PageHeader
        title={values.name ?? "产品"}
        subtitle={listed ? <StatusTag tone="ok">在架</StatusTag> : <StatusTag tone="neutral">未上架</StatusTag>}
        actions={<Link to={`/products/${id}`}>查看企业所见页面</Link>}
      />
      <section className="panel">
        <ProductForm
          values={result?.values ?? values}
          errors={result?.fieldErrors ?? {}}
          submitting={submitting}
          submitLabel="保存修改"
          rateHint={rateHint}
        />
      </section>
    </>
  );
}
