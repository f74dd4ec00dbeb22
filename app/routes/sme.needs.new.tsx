import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { checkEligibility } from "~/lib/eligibility";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { addDays, dateOf } from "~/lib/time";
import { NEED_DEFAULT_DAYS, NEED_MAX_DAYS, needSchema } from "~/lib/validation/marketplace";
import { getEnterpriseSummary } from "~/services/accounts.server";
import { lprInEffect } from "~/services/lpr.server";
import { applicationBarrier, postNeed } from "~/services/needs.server";
import { productForViewer } from "~/services/products.server";
import { NeedForm } from "~/ui/NeedForm";
import { PageHeader } from "~/ui/PageHeader";
import { ProductTerms } from "~/ui/ProductSummary";
import { readFormData } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "发布融资需求 · 苏州市信易贷平台" }];

function targetOf(request: Request) {
  const id = Number(new URL(request.url).searchParams.get("productId"));
  return Number.isInteger(id) && id > 0 ? id : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const now = Date.now();
  const productId = targetOf(request);
  const product = productId === null ? undefined : productForViewer(getDb(), productId, null);
  if (productId !== null && !product) throw new Response("该产品不存在或已下架", { status: 404 });
  const enterprise = getEnterpriseSummary(getDb(), enterpriseIdOf(user))!;
  // What the enterprise meets before it even asks: the product's rules against its own profile.
  const fit = product
    ? checkEligibility(
        { amountFen: product.amountMinFen, termMonths: product.termMinMonths, guaranteeMode: null, rateCeilingBp: null },
        enterprise,
        product,
        now,
      ).checks.filter((c) => c.key !== "amount" && c.key !== "term" && c.key !== "guarantee")
    : [];
  const lpr = lprInEffect(getDb(), now);
  return {
    product,
    // Told before the form is filled in: a knock-out bars applying to a product (postNeed refuses it too).
    cannotApply: product ? (applicationBarrier(getDb(), enterprise.id, now)?.message ?? null) : null,
    fit,
    defaultExpiry: addDays(dateOf(now), NEED_DEFAULT_DAYS),
    maxExpiry: addDays(dateOf(now), NEED_MAX_DAYS),
    rateHint: lpr.ceilingText,
    lprBp: lpr.oneYearBp,
  };
}

type ActionData = { fieldErrors: FieldErrors; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const now = Date.now();
  const parsed = parseForm(needSchema(dateOf(now), lprInEffect(getDb(), now).ceilingBp), await readFormData(request));
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  const outcome = postNeed(getDb(), user, parsed.data, now);
  if (!outcome.ok)
    return data<ActionData>({ fieldErrors: { [outcome.field ?? "_form"]: outcome.message }, values: {} }, { status: outcome.status });
  throw redirect(`/sme/needs/${outcome.needId}?posted=1`);
}

export default function NewNeed() {
  const { product, cannotApply, fit, defaultExpiry, maxExpiry, rateHint, lprBp } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  if (product && cannotApply) return <CannotApply productId={product.id} productName={product.name} message={cannotApply} />;
  return (
    <>
      <PageHeader
        title={product ? `申请“${product.name}”` : "发布融资需求"}
        subtitle={product ? product.institutionName : "发布后，服务范围内的金融机构都可以受理"}
      />
      <div className="split">
        <section className="panel">
          <NeedForm
            values={result?.values ?? {}}
            errors={result?.fieldErrors ?? {}}
            submitting={submitting}
            submitLabel={product ? "提交申请" : "发布需求"}
            defaultExpiry={defaultExpiry}
            maxExpiry={maxExpiry}
            targetProductId={product?.id}
            askConsent
            rateHint={rateHint}
          />
        </section>
        {product ? (
          <aside className="panel">
            <h2>产品要素</h2>
            <ProductTerms product={product} lprBp={lprBp} full />
            {fit.length ? (
              <>
                <h3 style={{ marginTop: "var(--sp-4)" }}>与本企业情况对照</h3>
                <ul className="checks">
                  {fit.map((c) => (
                    <li key={c.key} className={c.ok ? undefined : "fail"}>
                      {c.text}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <p style={{ marginTop: "var(--sp-4)" }}>
              <Link to={`/products/${product.id}`}>查看产品详情</Link>
            </p>
          </aside>
        ) : null}
      </div>
    </>
  );
}

/** In place of the form: the firm may not apply, and why (decision 038). */
function CannotApply({ productId, productName, message }: { productId: number; productName: string; message: string }) {
  return (
    <>
      <PageHeader title={`申请“${productName}”`} />
      <div className="notice notice--danger" role="alert">
        <p>
          <strong>暂不能申请该产品</strong>
        </p>
        <p>{message}</p>
        <p className="form-actions">
          <Link to="/sme/score">查看信用评分与否决项</Link>
          <Link to={`/products/${productId}`}>返回产品详情</Link>
        </p>
      </div>
    </>
  );
}
