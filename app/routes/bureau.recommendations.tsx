import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as v from "valibot";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { DISTRICT_OPTIONS } from "~/lib/options";
import { districtName, DISTRICT_CODES } from "~/lib/reference";
import { formatDateTime, formatMonthZh, monthOf } from "~/lib/time";
import { listQuerySchema, recommendationActionSchema } from "~/lib/validation/scoring";
import { listInstitutions } from "~/services/accounts.server";
import { buildList, listView, pushList, removeEntry } from "~/services/recommendations.server";
import { DataTable } from "~/ui/DataTable";
import { FormError, SelectField, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { GradeTag, StatusTag } from "~/ui/StatusTag";
import { readFormData } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "推荐名单 · 苏州市信易贷平台" }];

function listLocation(request: Request) {
  const params = new URL(request.url).searchParams;
  const parsed = v.safeParse(listQuerySchema, {
    district: params.get("district") ?? DISTRICT_CODES[0],
    month: params.get("month") ?? monthOf(Date.now()),
  });
  return parsed.success
    ? { ...parsed.output, invalid: false }
    : { district: DISTRICT_CODES[0]!, month: monthOf(Date.now()), invalid: true };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "bureau");
  const { district, month, invalid } = listLocation(request);
  const db = getDb();
  return {
    district,
    month,
    invalid,
    list: listView(db, district, month, Date.now()),
    institutions: listInstitutions(db)
      .filter((i) => i.disabledAt === null)
      .map((i) => ({ id: i.id, name: i.shortName })),
  };
}

type ActionData = { fieldErrors?: FieldErrors; notice?: string; entryId?: number };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "bureau");
  const { district, month, invalid } = listLocation(request);
  if (invalid) return data<ActionData>({ fieldErrors: { _form: "区县或月份无效" } }, { status: 400 });
  const form = await readFormData(request);
  const parsed = parseForm(recommendationActionSchema, form);
  if (!parsed.ok)
    return data<ActionData>({ fieldErrors: parsed.fieldErrors, entryId: Number(form.get("entryId")) || undefined }, { status: 400 });
  const db = getDb();
  const input = parsed.data;
  if (input.intent === "build") {
    const { added } = buildList(db, user.id, district, month, Date.now());
    return data<ActionData>({ notice: added > 0 ? `已加入 ${added} 家企业` : "没有新的符合条件的企业" });
  }
  const outcome =
    input.intent === "remove"
      ? removeEntry(db, user.id, input.entryId, input.reason, Date.now())
      : pushList(db, user.id, input.listId, input.institutionIds, Date.now());
  if (!outcome.ok) {
    const field = outcome.field ?? (input.intent === "remove" ? "reason" : "institutionIds");
    return data<ActionData>(
      { fieldErrors: { [field]: outcome.message }, entryId: input.intent === "remove" ? input.entryId : undefined },
      { status: outcome.status },
    );
  }
  return data<ActionData>({ notice: "pushed" in outcome ? `已推送给 ${outcome.pushed} 家机构（已推送过的机构不重复推送）` : "已移出名单" });
}

export default function BureauRecommendations() {
  const { district, month, invalid, list, institutions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const active = list?.entries.filter((e) => e.removedAt === null) ?? [];
  return (
    <>
      <PageHeader title="推荐名单" subtitle="按区县、按月份：信用等级 A/B、无否决项且有在办融资需求的企业。审核后推送给金融机构。" />
      {invalid ? <p className="notice notice--warn">区县或月份无效，已显示默认名单。</p> : null}
      {result?.notice ? (
        <p className="notice notice--ok" role="status">
          {result.notice}
        </p>
      ) : null}
      <FormError message={errors._form} />
      <Form method="get" className="panel filters" aria-label="选择名单">
        <SelectField name="district" label="区县" options={DISTRICT_OPTIONS} defaultValue={district} />
        <TextField name="month" label="月份" defaultValue={month} placeholder="YYYY-MM" />
        <div className="form-actions">
          <button type="submit" className="button button--secondary">
            查看
          </button>
        </div>
      </Form>
      <section className="panel">
        <h2>
          {districtName(district)} · {formatMonthZh(month)}
        </h2>
        <Form method="post">
          <button type="submit" name="intent" value="build" className="button" disabled={submitting}>
            {list ? "补充新符合条件的企业" : "生成名单"}
          </button>
        </Form>
        {list ? (
          <>
            <p className="muted">
              生成于 {formatDateTime(list.createdAt)}，在列 {active.length} 家
              {list.pushes.length
                ? `，已推送：${list.pushes.map((p) => `${p.institution}（${formatDateTime(p.pushedAt)}）`).join("、")}`
                : "，尚未推送"}
            </p>
            <DataTable
              caption="名单企业"
              rows={list.entries}
              rowKey={(e) => e.id}
              empty="名单中暂无企业"
              columns={[
                { key: "name", header: "企业", cell: (e) => e.enterpriseName },
                { key: "score", header: "评分", numeric: true, cell: (e) => e.score },
                { key: "grade", header: "等级", cell: (e) => <GradeTag grade={e.grade} /> },
                { key: "needs", header: "在办需求", numeric: true, cell: (e) => e.openNeeds },
                {
                  key: "review",
                  header: "审核",
                  cell: (e) =>
                    e.removedAt !== null ? (
                      <>
                        <StatusTag tone="neutral">已移出</StatusTag> {e.removalReason}
                      </>
                    ) : (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="entryId" value={e.id} />
                        <TextField
                          name="reason"
                          id={`reason-${e.id}`}
                          label="移出原因"
                          error={result?.entryId === e.id ? errors.reason : undefined}
                        />
                        <button
                          type="submit"
                          name="intent"
                          value="remove"
                          className="button button--secondary button--small"
                          disabled={submitting}
                        >
                          移出
                        </button>
                      </Form>
                    ),
                },
              ]}
            />
            <Form method="post" className="panel">
              <input type="hidden" name="listId" value={list.id} />
              <fieldset className="field" aria-describedby={errors.institutionIds ? "institutionIds-error" : undefined}>
                <legend>推送给金融机构</legend>
                <div className="checkbox-group">
                  {institutions.map((i) => (
                    <label key={i.id}>
                      <input
                        type="checkbox"
                        name="institutionIds"
                        value={i.id}
                        defaultChecked={list.pushes.some((p) => p.institutionId === i.id)}
                      />
                      {i.name}
                    </label>
                  ))}
                </div>
                {errors.institutionIds ? (
                  <span id="institutionIds-error" className="field-error" role="alert">
                    {errors.institutionIds}
                  </span>
                ) : null}
              </fieldset>
              <button type="submit" name="intent" value="push" className="button" disabled={submitting}>
                推送名单
              </button>
            </Form>
          </>
        ) : (
          <p className="empty">本区县该月尚未生成名单。</p>
        )}
      </section>
    </>
  );
}
