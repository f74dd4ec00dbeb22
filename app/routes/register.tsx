import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { getViewer } from "~/auth/guards.server";
import { startSession } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { registrationsByAddress, retryAfterHeaders, retryAfterText } from "~/http/rate-limits.server";
import { type FieldErrors, formFailure, parseForm } from "~/lib/forms";
import { DISTRICT_OPTIONS, INDUSTRY_OPTIONS, SIZE_OPTIONS } from "~/lib/options";
import { dateOf } from "~/lib/time";
import { LEGAL_DOCUMENT_PATHS, LEGAL_DOCUMENT_VERSIONS } from "~/domain/recovery";
import { enterpriseRegistrationSchema } from "~/lib/validation/accounts";
import { registerEnterprise } from "~/services/accounts.server";
import { USCC_TAKEN } from "~/domain/accounts";
import { PublicShell } from "~/ui/AppShell";
import { FormError, NewPasswordFields, SelectField, TextField } from "~/ui/Field";
import { readFormData } from "~/http/forms.server";
import { asFieldErrors } from "~/http/refusals.server";

export const meta: MetaFunction = () => [{ title: "企业注册 · 苏州市信易贷平台" }];

/** Document responses take headers only from here: this passes the action's Retry-After on. */
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  if (viewer) throw redirect(viewer.home);
  return null;
}

type ActionData = { fieldErrors: FieldErrors; values: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const now = Date.now();
  const schema = enterpriseRegistrationSchema(dateOf(now));
  const limit = registrationsByAddress.hit(context.clientAddress ?? "unknown", now);
  if (!limit.allowed) {
    const message = `注册过于频繁，请 ${retryAfterText(limit.retryAfterSeconds)}后再试`;
    return data<ActionData>(formFailure({ _form: message }, form, schema), { status: 429, headers: retryAfterHeaders(limit) });
  }
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  const outcome = await registerEnterprise(getDb(), parsed.data, now);
  if (!outcome.ok) return data<ActionData>(...asFieldErrors(outcome, form, schema));
  throw redirect("/sme?welcome=1", { headers: { "Set-Cookie": await startSession(request, outcome.userId) } });
}

export default function Register() {
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors ?? {};
  const values = actionData?.values ?? {};
  const submitting = useNavigation().state === "submitting";
  return (
    <PublicShell viewer={null}>
      <div className="panel">
        <h1>企业注册</h1>
        <p className="muted">
          注册后即可发布融资需求。登录用户名为企业的统一社会信用代码。带 <span style={{ color: "var(--c-danger)" }}>*</span> 的为必填项。
        </p>
        <Form method="post" className="form form--wide" noValidate>
          <FormError message={errors._form} />
          <h2>企业信息</h2>
          <div className="form-row">
            <TextField
              name="uscc"
              label="统一社会信用代码"
              hint="18位，见营业执照"
              maxLength={24}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              defaultValue={values.uscc}
              error={errors.uscc}
              required
            />
            <TextField name="name" label="企业名称" hint="与营业执照一致" defaultValue={values.name} error={errors.name} required />
          </div>
          {errors.uscc === USCC_TAKEN ? (
            <p className="notice notice--warn">
              本企业从未在平台注册？<Link to={`/register/dispute?uscc=${encodeURIComponent(values.uscc ?? "")}`}>提出冒名注册申诉</Link>
            </p>
          ) : null}
          <div className="form-row">
            <SelectField
              name="districtCode"
              label="所在区县"
              options={DISTRICT_OPTIONS}
              placeholder="请选择"
              defaultValue={values.districtCode}
              error={errors.districtCode}
              required
            />
            <SelectField
              name="industrySection"
              label="行业门类"
              options={INDUSTRY_OPTIONS}
              placeholder="请选择"
              defaultValue={values.industrySection}
              error={errors.industrySection}
              required
            />
          </div>
          <div className="form-row">
            <SelectField
              name="size"
              label="企业规模"
              options={SIZE_OPTIONS}
              placeholder="请选择"
              defaultValue={values.size}
              error={errors.size}
              required
            />
            <TextField
              name="establishedOn"
              label="成立日期"
              type="date"
              defaultValue={values.establishedOn}
              error={errors.establishedOn}
              required
            />
          </div>
          <h2>联系信息</h2>
          <div className="form-row">
            <TextField name="legalRepName" label="法定代表人" defaultValue={values.legalRepName} error={errors.legalRepName} required />
            <TextField name="contactName" label="联系人" defaultValue={values.contactName} error={errors.contactName} required />
            <TextField
              name="contactPhone"
              label="联系电话"
              type="tel"
              inputMode="tel"
              defaultValue={values.contactPhone}
              error={errors.contactPhone}
              required
            />
          </div>
          <h2>登录密码</h2>
          <div className="form-row">
            <NewPasswordFields label="密码" errors={errors} />
          </div>
          <div className="consent">
            <label>
              <input
                type="checkbox"
                name="consent"
                value="yes"
                defaultChecked={values.consent === "yes"}
                aria-invalid={errors.consent ? true : undefined}
                aria-describedby={errors.consent ? "consent-error" : undefined}
              />
              <span>
                我已阅读并同意
                <Link to={LEGAL_DOCUMENT_PATHS.user_agreement} target="_blank">
                  《用户服务协议》
                </Link>
                （{LEGAL_DOCUMENT_VERSIONS.user_agreement} 版）和
                <Link to={LEGAL_DOCUMENT_PATHS.privacy_notice} target="_blank">
                  《隐私政策》
                </Link>
                （{LEGAL_DOCUMENT_VERSIONS.privacy_notice} 版），知悉平台将依其规定归集和使用本企业的公共信用信息。
              </span>
            </label>
            {errors.consent ? (
              <p id="consent-error" className="field-error" role="alert">
                {errors.consent}
              </p>
            ) : null}
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={submitting}>
              {submitting ? "正在提交…" : "注册"}
            </button>
            <Link to="/login">已有账号？登录</Link>
          </div>
        </Form>
      </div>
    </PublicShell>
  );
}
