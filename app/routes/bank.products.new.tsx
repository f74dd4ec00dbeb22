import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { productSchema } from "~/lib/validation/marketplace";
import { lprInEffect } from "~/services/lpr.server";
import { createProduct } from "~/services/products.server";
import { PageHeader } from "~/ui/PageHeader";
import { ProductForm } from "~/ui/ProductForm";
import { readFormData } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "新建产品 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "bank_admin");
  return { rateHint: lprInEffect(getDb(), Date.now()).ceilingText };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "bank_admin");
  const parsed = parseForm(productSchema(lprInEffect(getDb(), Date.now()).ceilingBp), await readFormData(request));
  if (!parsed.ok) return data<{ fieldErrors: FieldErrors; values: Record<string, string> }>(parsed, { status: 400 });
  const id = createProduct(getDb(), user, parsed.data, Date.now());
  throw redirect(`/bank/products/${id}?created=1`);
}

export default function NewProduct() {
  const { rateHint } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to="/bank/products">← 产品管理</Link>
      </p>
      <PageHeader title="新建产品" subtitle="保存后为未上架状态，核对无误再上架" />
      <section className="panel">
        <ProductForm
          values={result?.values ?? {}}
          errors={result?.fieldErrors ?? {}}
          submitting={submitting}
          submitLabel="保存"
          rateHint={rateHint}
        />
      </section>
    </>
  );
}
