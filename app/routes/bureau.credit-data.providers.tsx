import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { type FieldErrors, formFailure, parseForm } from "~/lib/forms";
import { formatDateTime } from "~/lib/time";
import { providerSchema, providerStatusSchema, tokenIssueSchema, tokenRevokeSchema } from "~/lib/validation/credit-batches";
import { PERMISSION_LABELS, PROVIDER_PERMISSIONS, type ProviderPermission } from "~/domain/credit";
import {
  createProvider,
  getProvider,
  issueToken,
  listProviders,
  revokeToken,
  setProviderDisabled,
  type ProviderWithTokens,
} from "~/services/data-providers.server";
import { DataTable } from "~/ui/DataTable";
import { CheckboxGroup, FormError, SelectField, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { StatusTag } from "~/ui/StatusTag";
import { ActionNotices } from "~/ui/ActionNotices";
import { readFormData } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "数据提供方 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "bureau");
  return { providers: listProviders(getDb()) };
}

type ActionData = {
  form?: "provider" | "token";
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
  notice?: string;
  error?: string;
  /** A token just issued: shown this once. */
  issued?: { token: string; providerName: string; label: string };
};

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "bureau");
  const db = getDb();
  const form = await readFormData(request);
  const now = Date.now();
  switch (form.get("intent")) {
    case "create_provider": {
      const parsed = parseForm(providerSchema, form);
      if (!parsed.ok) return data<ActionData>({ ...parsed, form: "provider" }, { status: 400 });
      const outcome = createProvider(db, user.id, parsed.data, now);
      if (!outcome.ok)
        return data<ActionData>({ ...formFailure(outcome.fieldErrors, form, providerSchema), form: "provider" }, { status: 400 });
      return data<ActionData>({ notice: `已添加数据提供方“${parsed.data.name}”，可为其签发令牌` });
    }
    case "issue_token": {
      const parsed = parseForm(tokenIssueSchema, form);
      if (!parsed.ok) return data<ActionData>({ ...parsed, form: "token" }, { status: 400 });
      const outcome = issueToken(db, user.id, parsed.data, now);
      if (!outcome.ok)
        return data<ActionData>({ ...formFailure(outcome.fieldErrors, form, tokenIssueSchema), form: "token" }, { status: 400 });
      const providerName = getProvider(db, parsed.data.providerId)!.name;
      return data<ActionData>(
        { issued: { token: outcome.token, providerName, label: parsed.data.label } },
        { headers: { "Cache-Control": "no-store" } },
      );
    }
    case "revoke_token": {
      const parsed = parseForm(tokenRevokeSchema, form);
      if (!parsed.ok || !revokeToken(db, user.id, parsed.data.tokenId, now))
        return data<ActionData>({ error: "该令牌不存在或已吊销" }, { status: 404 });
      return data<ActionData>({ notice: "令牌已吊销，使用它的推送将被拒绝" });
    }
    case "disable":
    case "enable": {
      const parsed = parseForm(providerStatusSchema, form);
      if (!parsed.ok || !setProviderDisabled(db, user.id, parsed.data.providerId, parsed.data.intent === "disable", now)) {
        return data<ActionData>({ error: "该数据提供方不存在" }, { status: 404 });
      }
      return data<ActionData>({
        notice: parsed.data.intent === "disable" ? "已停用该数据提供方，其全部令牌随即失效" : "已启用该数据提供方，未吊销的令牌恢复可用",
      });
    }
    default:
      return data<ActionData>({ error: "无法识别的操作" }, { status: 400 });
  }
}

function IssuedToken({ issued }: { issued: NonNullable<ActionData["issued"]> }) {
  const [copied, setCopied] = useState(false);
  return (
    <section className="notice notice--warn" role="status" aria-labelledby="issued-token-title">
      <h2 id="issued-token-title">
        已为“{issued.providerName}”签发令牌（{issued.label}）
      </h2>
      <p>
        <strong>请立即复制并交给数据提供方保存：令牌只显示这一次</strong>，离开本页后无法再次查看；遗失只能吊销后重新签发。
      </p>
      <p>
        <label htmlFor="issued-token" className="visually-hidden">
          令牌
        </label>
        <input
          id="issued-token"
          readOnly
          value={issued.token}
          size={60}
          onFocus={(e) => e.currentTarget.select()}
          style={{ fontFamily: "monospace" }}
        />{" "}
        <button
          type="button"
          className="button button--small"
          onClick={() =>
            navigator.clipboard.writeText(issued.token).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "已复制" : "复制"}
        </button>
      </p>
      <p className="muted">推送时放在请求头：Authorization: Bearer &lt;令牌&gt;，接口说明见 docs/push-api.md。</p>
    </section>
  );
}

function TokenList({ provider }: { provider: ProviderWithTokens }) {
  if (provider.tokens.length === 0) return <span className="muted">未签发</span>;
  return (
    <ul className="token-list">
      {provider.tokens.map((t) => (
        <li key={t.id}>
          <code>{t.prefix}…</code> {t.label}{" "}
          {t.revokedAt !== null ? (
            <StatusTag tone="neutral">已吊销</StatusTag>
          ) : (
            <>
              <StatusTag tone="ok">有效</StatusTag>{" "}
              <Form method="post" style={{ display: "inline" }}>
                <input type="hidden" name="tokenId" value={t.id} />
                <button
                  type="submit"
                  name="intent"
                  value="revoke_token"
                  className="button button--small button--danger"
                  aria-label={`吊销令牌 ${t.prefix}（${t.label}）`}
                >
                  吊销
                </button>
              </Form>
            </>
          )}
          <br />
          <span className="muted">
            签发 {formatDateTime(t.createdAt)} · {t.lastUsedAt ? `最近使用 ${formatDateTime(t.lastUsedAt)}` : "从未使用"}
          </span>
        </li>
      ))}
    </ul>
  );
}

export default function Providers() {
  const { providers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const providerErrors = result?.form === "provider" ? (result.fieldErrors ?? {}) : {};
  const providerValues = result?.form === "provider" ? (result.values ?? {}) : {};
  const tokenErrors = result?.form === "token" ? (result.fieldErrors ?? {}) : {};
  const tokenValues = result?.form === "token" ? (result.values ?? {}) : {};
  const permissionOptions = PROVIDER_PERMISSIONS.map((p) => ({ value: p, label: PERMISSION_LABELS[p] }));
  const enabled = providers.filter((p) => p.disabledAt === null);
  return (
    <>
      <PageHeader
        title="数据提供方与令牌"
        subtitle="供电、供水、税务等单位通过推送接口报送信用数据；每个令牌只能报送其提供方被允许的数据"
        actions={
          <Link className="button button--secondary" to="/bureau/credit-data">
            返回数据批次
          </Link>
        }
      />
      {result?.issued ? <IssuedToken issued={result.issued} /> : null}
      <ActionNotices notice={result?.notice} error={result?.error} />
      <section className="panel">
        <DataTable<ProviderWithTokens>
          caption="数据提供方"
          rows={providers}
          rowKey={(p) => p.id}
          empty="尚未添加数据提供方"
          columns={[
            { key: "name", header: "提供方", cell: (p) => p.name },
            {
              key: "sources",
              header: "可报送数据",
              cell: (p) => p.sources.map((s) => PERMISSION_LABELS[s as ProviderPermission] ?? s).join("、"),
            },
            {
              key: "status",
              header: "状态",
              cell: (p) => (p.disabledAt === null ? <StatusTag tone="ok">启用</StatusTag> : <StatusTag tone="danger">已停用</StatusTag>),
            },
            { key: "tokens", header: "令牌", cell: (p) => <TokenList provider={p} /> },
            {
              key: "actions",
              header: "操作",
              cell: (p) => (
                <Form method="post" style={{ display: "inline" }}>
                  <input type="hidden" name="providerId" value={p.id} />
                  <button
                    type="submit"
                    name="intent"
                    value={p.disabledAt === null ? "disable" : "enable"}
                    className={`button button--small ${p.disabledAt === null ? "button--danger" : "button--secondary"}`}
                    aria-label={`${p.disabledAt === null ? "停用" : "启用"} ${p.name}`}
                  >
                    {p.disabledAt === null ? "停用" : "启用"}
                  </button>
                </Form>
              ),
            },
          ]}
        />
      </section>
      <div className="split">
        <section className="panel">
          <h2>签发令牌</h2>
          <Form method="post" className="form" noValidate key={result?.issued?.token}>
            <FormError message={tokenErrors._form} />
            <SelectField
              name="providerId"
              label="数据提供方"
              options={enabled.map((p) => ({ value: String(p.id), label: p.name }))}
              placeholder="请选择"
              defaultValue={tokenValues.providerId}
              error={tokenErrors.providerId}
              required
            />
            <TextField
              name="label"
              label="令牌用途"
              hint="如：生产环境、测试环境；便于日后区分和吊销"
              defaultValue={tokenValues.label}
              error={tokenErrors.label}
              required
            />
            <div className="form-actions">
              <button type="submit" name="intent" value="issue_token" className="button" disabled={submitting || enabled.length === 0}>
                签发令牌
              </button>
            </div>
          </Form>
        </section>
        <section className="panel">
          <h2>添加数据提供方</h2>
          <Form method="post" className="form" noValidate key={result?.notice}>
            <FormError message={providerErrors._form} />
            <TextField
              name="name"
              label="提供方名称"
              hint="如：国网苏州供电公司"
              defaultValue={providerValues.name}
              error={providerErrors.name}
              required
            />
            <CheckboxGroup
              name="sources"
              legend="可报送数据"
              options={permissionOptions}
              selected={providerValues.sources ? providerValues.sources.split(",") : []}
              error={providerErrors.sources}
            />
            <div className="form-actions">
              <button type="submit" name="intent" value="create_provider" className="button" disabled={submitting}>
                添加
              </button>
            </div>
          </Form>
        </section>
      </div>
    </>
  );
}
