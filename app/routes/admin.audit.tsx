import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { AUDIT_CATEGORIES, MAX_AUDIT_EXPORT_ROWS } from "~/lib/audit-actions";
import { pageFromParam } from "~/lib/pagination";
import { formatDateTime } from "~/lib/time";
import { auditFilterFrom } from "~/lib/validation/audit";
import { listAuditLog, type AuditRow } from "~/services/audit.server";
import { DataTable } from "~/ui/DataTable";
import { SelectField, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { Pager } from "~/ui/Pager";

export const meta: MetaFunction = () => [{ title: "审计日志 · 苏州市信易贷平台" }];

const CATEGORY_OPTIONS = Object.entries(AUDIT_CATEGORIES).map(([value, label]) => ({ value, label }));

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const params = new URL(request.url).searchParams;
  const filter = auditFilterFrom(params);
  const exportQuery = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== "")).toString();
  return { ...listAuditLog(getDb(), filter, pageFromParam(params.get("page"))), filter, exportQuery };
}

export default function AuditLog() {
  const { rows, page, filter, exportQuery } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="审计日志"
        subtitle="用户与令牌管理、报表冻结与修订、异议处理、产品上下架等特权操作的完整记录。日志只增不改，任何人都不能修改或删除。"
        actions={
          <a className="button button--secondary" href={`/admin/audit.csv${exportQuery ? `?${exportQuery}` : ""}`} download>
            导出 CSV
          </a>
        }
      />
      <section className="panel">
        <Form method="get" className="form-row" style={{ alignItems: "end", marginBottom: "var(--sp-4)" }}>
          <SelectField name="category" label="操作类别" options={CATEGORY_OPTIONS} placeholder="全部类别" defaultValue={filter.category} />
          <TextField name="from" label="起始日期" type="date" defaultValue={filter.from} />
          <TextField name="to" label="截止日期" type="date" defaultValue={filter.to} />
          <TextField name="actor" label="操作人用户名" defaultValue={filter.actor} autoComplete="off" />
          <div className="form-actions">
            <button type="submit" className="button button--secondary">
              查询
            </button>
          </div>
        </Form>
        <p className="muted">
          共 {page.total.toLocaleString("zh-CN")} 条；导出按当前条件，最多 {MAX_AUDIT_EXPORT_ROWS.toLocaleString("zh-CN")} 条。
        </p>
        <DataTable<AuditRow>
          caption="审计日志"
          rows={rows}
          rowKey={(r) => r.id}
          empty="没有符合条件的记录"
          columns={[
            { key: "at", header: "时间", cell: (r) => formatDateTime(r.at) },
            { key: "action", header: "操作", cell: (r) => r.actionLabel },
            { key: "actor", header: "操作人", cell: (r) => (r.actor === "系统" ? "系统" : `${r.actorName}（${r.actor}）`) },
            { key: "target", header: "对象", cell: (r) => r.target },
            { key: "detail", header: "详情", cell: (r) => r.detail || "—" },
          ]}
        />
        <Pager info={page} />
      </section>
    </>
  );
}
