import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import type { ReactNode } from "react";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { formatDateTime } from "~/lib/time";
import { registrationDisputeDecisionSchema } from "~/lib/validation/accounts";
import { registrationDisputeDetail, resolveRegistrationDispute } from "~/services/registration-disputes.server";
import { registryCheckOf } from "~/services/registry-checks.server";
import { FormError, SelectField, TextAreaField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { RegistryCheckSummary } from "~/ui/RegistryCheck";
import { TermList } from "~/ui/TermList";
import { RegistrationDisputeStatusTag } from "~/ui/StatusTag";
import { ActionNotices } from "~/ui/ActionNotices";
import { readFormData } from "~/http/forms.server";
import { asError } from "~/http/refusals.server";

export const meta: MetaFunction = () => [{ title: "处理冒名注册申诉 · 苏州市信易贷平台" }];

function disputeIdOf(value: string | undefined): number {
  if (!value || !/^[1-9]\d{0,11}$/.test(value)) throw new Response("没有这件申诉", { status: 404 });
  return Number(value);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const dispute = registrationDisputeDetail(getDb(), disputeIdOf(params.disputeId));
  if (!dispute) throw new Response("没有这件申诉", { status: 404 });
  return { dispute, registry: registryCheckOf(getDb(), dispute.enterpriseId, { maskLegalRep: false }) };
}

type ActionData = { fieldErrors?: FieldErrors; values?: Record<string, string>; notice?: string; error?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const disputeId = disputeIdOf(params.disputeId);
  const parsed = parseForm(registrationDisputeDecisionSchema, await readFormData(request));
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  const outcome = resolveRegistrationDispute(getDb(), admin, disputeId, parsed.data, Date.now());
  if (!outcome.ok) return data<ActionData>(...asError(outcome));
  return data<ActionData>({
    notice:
      parsed.data.decision === "upheld"
        ? "申诉成立：该注册已停用，其账号已退出登录、未结需求已撤回、授权已撤销，信用数据已解除关联，真实企业可重新注册"
        : "已驳回申诉",
  });
}

const DECISIONS = [
  { value: "upheld", label: "申诉成立，停用该注册" },
  { value: "dismissed", label: "驳回申诉" },
];

export default function RegistrationDisputeDetail() {
  const { dispute, registry } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.fieldErrors ?? {};
  const submitting = useNavigation().state === "submitting";
  const terms: [string, ReactNode][] = [
    ["统一社会信用代码", dispute.uscc],
    ["申诉企业名称", dispute.claimantName],
    ["申诉方法定代表人", dispute.claimantLegalRepName],
    ["联系人", `${dispute.contactName}（${dispute.contactPhone}）`],
    ["提交时间", formatDateTime(dispute.filedAt)],
    ["平台注册名称", dispute.registeredName],
    ["平台注册法定代表人", dispute.registeredLegalRepName],
    ["平台注册时间", formatDateTime(dispute.registeredAt)],
    ["登记信息核验", registry ? <RegistryCheckSummary view={registry} /> : "—"],
  ];
  return (
    <>
      <p>
        <Link to="/admin/registration-disputes">← 冒名注册申诉</Link>
      </p>
      <ActionNotices notice={result?.notice} error={result?.error} />
      <PageHeader title={`申诉 #${dispute.id}`} subtitle={<RegistrationDisputeStatusTag status={dispute.status} />} />
      <section className="panel">
        <TermList terms={terms} />
        <h2>申诉说明</h2>
        <p>{dispute.statement}</p>
      </section>
      {dispute.status === "open" ? (
        <section className="panel">
          <h2>处理</h2>
          <p className="muted">请先电话联系申诉方，核对营业执照和法定代表人身份。申诉成立将停用该注册（不可撤销），其业务记录保留备查。</p>
          <Form method="post" className="form" noValidate>
            <FormError message={errors._form} />
            <SelectField
              name="decision"
              label="处理结果"
              options={DECISIONS}
              placeholder="请选择"
              defaultValue={result?.values?.decision}
              error={errors.decision}
              required
            />
            <TextAreaField
              name="resolution"
              label="处理说明"
              hint="核实方式与结论，将记入审计日志"
              defaultValue={result?.values?.resolution}
              error={errors.resolution}
              required
            />
            <div className="form-actions">
              <button type="submit" className="button" disabled={submitting}>
                {submitting ? "正在提交…" : "提交处理结果"}
              </button>
            </div>
          </Form>
        </section>
      ) : (
        <section className="panel">
          <h2>处理结果</h2>
          <p>
            {formatDateTime(dispute.resolvedAt!)}：{dispute.resolution}
          </p>
        </section>
      )}
    </>
  );
}
