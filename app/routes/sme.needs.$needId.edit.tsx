import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { FEN_PER_WAN_YUAN } from "~/lib/money";
import { addDays, dateOf } from "~/lib/time";
import { NEED_MAX_DAYS, needSchema } from "~/lib/validation/marketplace";
import { lprInEffect } from "~/services/lpr.server";
import { editNeed, enterpriseNeedDetail } from "~/services/needs.server";
import { NeedForm } from "~/ui/NeedForm";
import { PageHeader } from "~/ui/PageHeader";
import { readFormData } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "修改融资需求 · 苏州市信易贷平台" }];

function needIdOf(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new Response("没有这个需求", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const now = Date.now();
  const need = enterpriseNeedDetail(getDb(), enterpriseIdOf(user), needIdOf(params.needId), now);
  if (!need) throw new Response("没有这个需求", { status: 404 });
  if (need.status !== "open" || !need.untouched) throw new Response("已有金融机构受理该需求，不能再修改", { status: 409 });
  const [purposeCategory, ...rest] = need.purpose.split("：");
  return {
    needId: need.id,
    values: {
      amount: String(need.amountFen / FEN_PER_WAN_YUAN),
      termMonths: String(need.termMonths),
      purposeCategory,
      purpose: rest.join("："),
      guaranteeMode: need.guaranteeMode ?? "",
      rateCeiling: need.rateCeilingBp === null ? "" : (need.rateCeilingBp / 100).toFixed(2),
      expiresOn: need.expiresOn,
    },
    maxExpiry: addDays(dateOf(now), NEED_MAX_DAYS),
    rateHint: lprInEffect(getDb(), now).ceilingText,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const needId = needIdOf(params.needId);
  const now = Date.now();
  const parsed = parseForm(needSchema(dateOf(now), lprInEffect(getDb(), now).ceilingBp), await readFormData(request));
  if (!parsed.ok) return data<{ fieldErrors: FieldErrors; values: Record<string, string> }>(parsed, { status: 400 });
  const outcome = editNeed(getDb(), user, needId, parsed.data, now);
  if (!outcome.ok)
    return data<{ fieldErrors: FieldErrors; values: Record<string, string> }>(
      { fieldErrors: { _form: outcome.message }, values: {} },
      { status: outcome.status },
    );
  throw redirect(`/sme/needs/${needId}`);
}

export default function EditNeed() {
  const { needId, values, maxExpiry, rateHint } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to={`/sme/needs/${needId}`}>← 返回需求</Link>
      </p>
      <PageHeader title={`修改融资需求 #${needId}`} subtitle="金融机构受理前可以修改；受理后如需变更，请撤回后重新发布" />
      <section className="panel">
        <NeedForm
          values={result?.values && Object.keys(result.values).length ? result.values : values}
          errors={result?.fieldErrors ?? {}}
          submitting={submitting}
          submitLabel="保存修改"
          defaultExpiry={values.expiresOn}
          maxExpiry={maxExpiry}
          askConsent={false}
          rateHint={rateHint}
        />
      </section>
    </>
  );
}
