import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { parseForm } from "~/lib/forms";
import { displayTables, REPORT_UNIT, reportNotes, reportTitle } from "~/lib/report-layout";
import { dateOf, formatDateTime } from "~/lib/time";
import { reportActionSchema, reportLocation } from "~/lib/validation/reports";
import { reportStatusText } from "~/services/report-export.server";
import { filingOrganisation, freezeReport, loadReport, openRevision } from "~/services/statistics.server";
import { TextField } from "~/ui/Field";
import { ReportTable } from "~/ui/ReportTables";
import { StatusTag } from "~/ui/StatusTag";
import { readFormData } from "~/http/forms.server";
import { asError } from "~/http/refusals.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} · 苏州市信易贷平台` : "月度报表 · 苏州市信易贷平台" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bureau", "admin");
  const url = new URL(request.url);
  const location = reportLocation(params.month, url, Date.now());
  if ("notFound" in location) throw new Response(location.notFound, { status: 404 });
  const { month, revision } = location;
  const view = loadReport(getDb(), month, Date.now(), revision);
  if (!view) throw new Response("没有该修订版本", { status: 404 });
  const query = revision ? `?revision=${revision}` : "";
  return {
    month,
    title: reportTitle(month),
    status: reportStatusText(view),
    state: view.state,
    draft: view.state.kind !== "frozen",
    closed: view.closed,
    changedSinceFrozen: view.changedSinceFrozen,
    viewingOldRevision: revision !== undefined && view.revisions[0]?.revision !== revision,
    filedOn: dateOf(view.filedAt),
    filingOrganisation: filingOrganisation(),
    revisions: view.revisions,
    tables: displayTables(view.data, view.layout),
    notes: reportNotes(view.layout),
    downloads: { csv: `/bureau/reports/${month}.csv${query}`, xlsx: `/bureau/reports/${month}.xlsx${query}` },
    can: { freeze: user.role === "bureau", openRevision: user.role === "admin" },
  };
}

type ActionData = { notice?: string; error?: string; fieldErrors?: Partial<Record<string, string>> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "bureau", "admin");
  const location = reportLocation(params.month, new URL(request.url), Date.now());
  if ("notFound" in location) throw new Response(location.notFound, { status: 404 });
  const { month } = location;
  const parsed = parseForm(reportActionSchema, await readFormData(request));
  if (!parsed.ok) return data<ActionData>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const now = Date.now();
  if (parsed.data.intent === "freeze") {
    if (user.role !== "bureau") throw new Response("只有金融管理部门可以冻结报表", { status: 403 });
    const outcome = freezeReport(getDb(), user, month, now);
    if (!outcome.ok) return data<ActionData>(...asError(outcome));
    return data<ActionData>({ notice: `已冻结（第${outcome.revision}版）。此后到达的数据不会改变本表。` });
  }
  if (user.role !== "admin") throw new Response("只有系统管理员可以开启修订", { status: 403 });
  const outcome = openRevision(getDb(), user, month, parsed.data.reason, now);
  if (!outcome.ok) return data<ActionData>(...asError(outcome));
  return data<ActionData>({ notice: `已开启第${outcome.revision}版修订，请金融管理部门核对后重新冻结。` });
}

export default function MonthlyReport() {
  const report = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  return (
    <article className={`report${report.draft ? " report--draft" : ""}`}>
      <div className="no-print form-actions report-toolbar">
        <Link to="/bureau/reports">← 全部月份</Link>
        <a className="button button--secondary button--small" href={report.downloads.xlsx} download>
          下载 XLSX
        </a>
        <a className="button button--secondary button--small" href={report.downloads.csv} download>
          下载 CSV
        </a>
        <button type="button" className="button button--secondary button--small" onClick={() => window.print()}>
          打印
        </button>
      </div>
      {result?.notice ? (
        <p className="notice notice--ok no-print" role="status">
          {result.notice}
        </p>
      ) : null}
      {result?.error ? (
        <p className="notice notice--danger no-print" role="alert">
          {result.error}
        </p>
      ) : null}

      <header className="report-heading">
        <h1>
          {report.title}
          {report.draft ? <span className="report-draft-mark">（草稿）</span> : null}
        </h1>
        <p className="report-info">
          <span>填报单位：{report.filingOrganisation}</span>
          <span>单位：{REPORT_UNIT}</span>
          <span>填报日期：{report.filedOn}</span>
          <span>
            状态：<StatusTag tone={report.draft ? "warn" : "ok"}>{report.status}</StatusTag>
          </span>
        </p>
      </header>

      <ReportStateNotice report={report} submitting={submitting} fieldError={result?.fieldErrors?.reason} />

      {report.tables.map((table) => (
        <ReportTable key={table.name} table={table} />
      ))}

      {report.notes.length ? (
        <section className="report-notes" aria-label="说明">
          <h2>说明</h2>
          <ol>
            {report.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ol>
        </section>
      ) : null}

      {report.revisions.length > 0 ? (
        <section className="panel no-print">
          <h2>版本记录</h2>
          <ul>
            {report.revisions.map((r) => (
              <li key={r.revision}>
                第{r.revision}版：
                {r.status === "frozen" ? (
                  <>
                    {r.frozenBy} 于 {formatDateTime(r.frozenAt!)} 冻结，SHA-256 <code>{r.sha256!.slice(0, 16)}…</code>{" "}
                    <Link to={`?revision=${r.revision}`}>查看此版</Link>
                  </>
                ) : (
                  <>修订中</>
                )}
                {r.reason ? `（修订原因：${r.reason}，${r.openedBy} ${formatDateTime(r.openedAt!)}）` : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}

function ReportStateNotice({
  report,
  submitting,
  fieldError,
}: {
  report: ReturnType<typeof useLoaderData<typeof loader>>;
  submitting: boolean;
  fieldError?: string;
}) {
  if (report.viewingOldRevision) {
    return (
      <p className="notice no-print">
        您正在查看历史版本。<Link to=".">查看最新版本</Link>
      </p>
    );
  }
  if (report.state.kind === "frozen") {
    return (
      <div className="no-print">
        {report.changedSinceFrozen ? (
          <p className="notice notice--warn">
            冻结后有影响本月数据的更正到达。本表保持冻结时的数字不变；如需采纳更正，请系统管理员开启修订并说明原因。
          </p>
        ) : null}
        {report.can.openRevision ? (
          <Form method="post" className="form panel">
            <input type="hidden" name="intent" value="open_revision" />
            <TextField
              name="reason"
              label="修订原因"
              hint="写明哪家机构更正了哪些数据，修订原因将与两个版本一并保存"
              error={fieldError}
              required
            />
            <div className="form-actions">
              <button type="submit" className="button button--secondary" disabled={submitting}>
                开启修订
              </button>
            </div>
          </Form>
        ) : null}
      </div>
    );
  }
  return (
    <div className="notice notice--warn no-print">
      <p>
        {report.state.kind === "revision_open"
          ? `第${report.state.revision.revision}版修订中（原因：${report.state.revision.reason}），数字随数据实时变化。`
          : "草稿：数字随数据实时变化。"}
        {report.closed ? "核对无误后请冻结报表，冻结后数字不再变化。" : "本月尚未结束，月末之后才能冻结。"}
      </p>
      {report.can.freeze && report.closed ? (
        <Form
          method="post"
          onSubmit={(event) => {
            if (!window.confirm(`冻结后，${report.title}的数字将不再随数据变化，更正须由系统管理员开启修订。确定冻结？`))
              event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="freeze" />
          <button type="submit" className="button" disabled={submitting}>
            冻结本月报表
          </button>
        </Form>
      ) : null}
    </div>
  );
}
