import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { requireRole } from "~/auth/guards.server";
import { BATCH_KIND_LABELS, BATCH_KINDS, CREDIT_SOURCE_LABELS, CREDIT_SOURCES } from "~/domain/credit";
import { readFormData } from "~/http/forms.server";
import { asError } from "~/http/refusals.server";
import { getDb } from "~/db.server";
import { type FieldErrors, formFailure, parseForm } from "~/lib/forms";
import { FIELD_LABELS } from "~/lib/validation/credit";
import { COLUMNS_BY_KIND, MAX_BATCH_BYTES, MAX_BATCH_ROWS, uploadOptionsSchema, type UploadOptions } from "~/lib/validation/credit-batches";
import {
  discardStagedUpload,
  FILE_TOO_LARGE,
  loadStagedUpload,
  missingColumns,
  parseCreditFile,
  requiredColumns,
  stagedRowsPath,
  stageUpload,
  uploadStagingDir,
  type CreditRow,
  type HeaderMapping,
} from "~/services/credit-files.server";
import { importProvider, listProviders, uploadPermission } from "~/services/data-providers.server";
import { importJob, startImportJob, type ImportJobView } from "~/services/import-jobs.server";
import { DataTable } from "~/ui/DataTable";
import { CheckboxGroup, FormError, SelectField, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { ActionNotices } from "~/ui/ActionNotices";

export const meta: MetaFunction = () => [{ title: "上传信用数据 · 苏州市信易贷平台" }];

const PREVIEW_ROWS = 10;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "bureau");
  const jobId = new URL(request.url).searchParams.get("job");
  const db = getDb();
  const providers = listProviders(db)
    .filter((p) => p.disabledAt === null)
    .map((p) => ({ id: p.id, name: p.name }));
  return { providers, jobId, job: jobId ? importJob(db, jobId, user.id) : null };
}

type Preview = {
  stagedId: string;
  filename: string;
  rowCount: number;
  format: string;
  mapping: HeaderMapping[];
  sample: { rowNumber: number; row: CreditRow }[];
  options: UploadOptions;
  providerName: string | null;
};

type ActionData = { fieldErrors?: FieldErrors; values?: Record<string, string>; preview?: Preview; notice?: string; error?: string };

/**
 * The submitted form. The server bounds the whole body as it arrives (app/http/request-body.server.ts);
 * the file within it is checked against the batch limit here. The platform's own form parser reads
 * every file name a browser sends (Remix's multipart parser failed on names such as "a=b.csv").
 */
async function readForm(request: Request): Promise<FormData | "too_large"> {
  const form = await readFormData(request);
  const file = form.get("file");
  return file instanceof File && file.size > MAX_BATCH_BYTES ? "too_large" : form;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "bureau");
  const db = getDb();
  const stagingDir = uploadStagingDir(db);
  const form = await readForm(request);
  if (form === "too_large") return data<ActionData>({ fieldErrors: { file: FILE_TOO_LARGE } }, { status: 413 });
  const intent = form.get("intent");

  if (intent === "import" || intent === "discard") {
    const staged = loadStagedUpload(stagingDir, String(form.get("stagedId") ?? ""), user.id);
    if (!staged) return data<ActionData>({ error: "预览已过期或不存在，请重新选择文件" }, { status: 404 });
    if (intent === "discard") {
      discardStagedUpload(stagingDir, staged.id);
      return data<ActionData>({ notice: `已放弃导入 ${staged.filename}` });
    }
    const importing = importProvider(db, staged.options.providerId);
    if (!importing.ok) return data<ActionData>(...asError(importing));
    const { provider } = importing;
    const jobId = startImportJob(
      db,
      {
        spec: {
          origin: "upload",
          providerId: provider?.id ?? null,
          kind: staged.options.kind,
          source: staged.options.source,
          month: staged.options.month,
          filename: staged.filename,
          actorUserId: user.id,
          // Bureau staff may write every source; a file delivered by a provider holds only what the provider may send.
          allowedSources: provider?.sources ?? null,
          refuseUnregistered: staged.options.refuseUnregistered,
        },
        rows: { file: stagedRowsPath(stagingDir, staged.id) },
        now: Date.now(),
      },
      {
        ownerUserId: user.id,
        filename: staged.filename,
        totalRows: staged.rowCount,
        onFinish: () => discardStagedUpload(stagingDir, staged.id),
      },
    );
    return redirect(`/bureau/credit-data/upload?job=${jobId}`);
  }

  const parsed = parseForm(uploadOptionsSchema, form);
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  const options = parsed.data;
  const permitted = uploadPermission(db, options.providerId, options.kind, options.source);
  if (!permitted.ok)
    return data<ActionData>(formFailure({ providerId: permitted.message }, form, uploadOptionsSchema), { status: permitted.status });
  const { provider } = permitted;
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0)
    return data<ActionData>(formFailure({ file: "请选择要上传的 CSV 或 Excel（.xlsx）文件" }, form, uploadOptionsSchema), { status: 400 });
  const outcome = await parseCreditFile(new Uint8Array(await file.arrayBuffer()), file.name);
  if (!outcome.ok) return data<ActionData>(formFailure({ file: outcome.message }, form, uploadOptionsSchema), { status: outcome.status });
  const missing = missingColumns(outcome.file.mapping, requiredColumns(options.kind, options));
  if (missing.length > 0) {
    return data<ActionData>(
      formFailure({ file: `文件缺少以下列：${missing.join("、")}（或在上方选择数据源、月份）` }, form, uploadOptionsSchema),
      {
        status: 400,
      },
    );
  }
  if (outcome.file.rows.length === 0)
    return data<ActionData>(formFailure({ file: "文件中没有数据行" }, form, uploadOptionsSchema), { status: 400 });
  const staged = await stageUpload(stagingDir, { ownerUserId: user.id, createdAt: Date.now(), filename: file.name, options }, outcome.file);
  return data<ActionData>({
    preview: {
      stagedId: staged.id,
      filename: file.name,
      rowCount: staged.rowCount,
      format:
        outcome.file.format === "xlsx"
          ? "Excel（.xlsx）"
          : `CSV（${outcome.file.encoding === "gb18030" ? "GBK/GB18030 编码" : "UTF-8 编码"}）`,
      mapping: outcome.file.mapping,
      sample: outcome.file.rows.slice(0, PREVIEW_ROWS).map((row, i) => ({ rowNumber: outcome.file.rowNumbers[i]!, row })),
      options,
      providerName: provider?.name ?? null,
    },
  });
}

const kindOptions = BATCH_KINDS.map((k) => ({ value: k, label: BATCH_KIND_LABELS[k] }));
const sourceOptions = CREDIT_SOURCES.map((s) => ({ value: s, label: CREDIT_SOURCE_LABELS[s] }));
const count = (n: number) => n.toLocaleString("zh-CN");

function optionsText(options: UploadOptions, providerName: string | null): string {
  return [
    BATCH_KIND_LABELS[options.kind],
    options.kind === "monthly" ? (options.source ? CREDIT_SOURCE_LABELS[options.source] : "数据源取自文件") : null,
    options.kind === "monthly" ? (options.month ?? "月份取自文件") : null,
    providerName ?? "本部门直接录入",
  ]
    .filter(Boolean)
    .join(" · ");
}

function PreviewPanel({ preview, submitting }: { preview: Preview; submitting: boolean }) {
  const fields = preview.mapping.flatMap((m) => (m.field ? [m.field] : []));
  const ignored = preview.mapping.filter((m) => m.field === null);
  return (
    <section className="panel" aria-labelledby="preview-title">
      <h2 id="preview-title">预览：{preview.filename}</h2>
      <dl className="terms">
        <div>
          <dt>数据</dt>
          <dd>{optionsText(preview.options, preview.providerName)}</dd>
        </div>
        <div>
          <dt>格式</dt>
          <dd>{preview.format}</dd>
        </div>
        <div>
          <dt>数据行数</dt>
          <dd>{count(preview.rowCount)} 行</dd>
        </div>
        <div>
          <dt>表头对应</dt>
          <dd>
            {preview.mapping
              .filter((m) => m.field !== null)
              .map((m) => `${m.header} → ${FIELD_LABELS[m.field!]}`)
              .join("；")}
          </dd>
        </div>
        {ignored.length > 0 ? (
          <div>
            <dt>未识别（将忽略）</dt>
            <dd>{ignored.map((m) => m.header || "（空表头）").join("、")}</dd>
          </div>
        ) : null}
      </dl>
      <h3>前 {Math.min(PREVIEW_ROWS, preview.rowCount)} 行</h3>
      <DataTable
        caption="前几行数据"
        rows={preview.sample}
        rowKey={(r) => r.rowNumber}
        columns={[
          { key: "row", header: "行号", numeric: true, cell: (r) => r.rowNumber },
          ...fields.map((f) => ({ key: f, header: FIELD_LABELS[f] ?? f, cell: (r: Preview["sample"][number]) => String(r.row[f] ?? "") })),
        ]}
      />
      <p className="muted">确认后整批校验：任何一行有误则整批不入库，并列出每一处错误。</p>
      <div className="form-actions">
        <Form method="post">
          <input type="hidden" name="stagedId" value={preview.stagedId} />
          <button type="submit" name="intent" value="import" className="button" disabled={submitting}>
            确认导入 {count(preview.rowCount)} 行
          </button>{" "}
          <button type="submit" name="intent" value="discard" className="button button--secondary" disabled={submitting}>
            放弃
          </button>
        </Form>
      </div>
    </section>
  );
}

const PHASE_TEXT = { validate: "正在校验", apply: "正在写入" } as const;

function JobPanel({ job }: { job: ImportJobView }) {
  const revalidator = useRevalidator();
  const running = job.state === "queued" || job.state === "running";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);

  return (
    <section className="panel import-progress" aria-live="polite" aria-labelledby="job-title">
      <h2 id="job-title">导入 {job.filename}</h2>
      {job.state === "queued" ? <p>排队中：等待前一个导入完成……</p> : null}
      {job.state === "running" ? (
        <>
          <progress max={job.total || 1} value={job.done} aria-label="导入进度" />
          <p>
            {job.phase ? PHASE_TEXT[job.phase] : "正在读取"}：{count(job.done)} / {count(job.total)} 行
          </p>
        </>
      ) : null}
      {job.state === "done" ? (
        <>
          <progress max={1} value={1} aria-label="导入进度" />
          <p className={`notice ${job.batchStatus === "applied" ? "notice--ok" : "notice--danger"}`} role="status">
            {job.duplicate
              ? "该文件与之前导入的批次内容相同，未重复导入。"
              : job.batchStatus === "applied"
                ? `导入完成：${count(job.total)} 行已入库。`
                : "数据有误，整批未入库。请查看错误明细，更正后重新上传。"}
          </p>
          <p className="form-actions">
            <Link className="button" to={`/bureau/credit-data/batches/${job.batchId}`}>
              查看批次报告
            </Link>
            <Link className="button button--secondary" to="/bureau/credit-data/upload">
              继续上传
            </Link>
          </p>
        </>
      ) : null}
      {job.state === "failed" ? (
        <p className="notice notice--danger" role="alert">
          导入失败：{job.message}。数据未写入，请稍后重试。
        </p>
      ) : null}
    </section>
  );
}

export default function UploadCreditData() {
  const { providers, jobId, job } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const values = result?.values ?? {};
  return (
    <>
      <PageHeader
        title="上传信用数据"
        subtitle="供电、供水、税务等单位交来的 CSV 或 Excel 文件：先预览，确认后整批导入"
        actions={
          <Link className="button button--secondary" to="/bureau/credit-data">
            返回数据批次
          </Link>
        }
      />
      <ActionNotices notice={result?.notice} error={result?.error} />
      {jobId && !job ? (
        <p className="notice notice--warn" role="status">
          找不到该导入任务（服务可能已重启）。中断的导入不会写入任何数据，请在数据批次中核对后重新上传。
        </p>
      ) : null}
      {job ? <JobPanel job={job} /> : null}
      {result?.preview ? (
        <PreviewPanel preview={result.preview} submitting={submitting} />
      ) : (
        <section className="panel">
          <h2>选择文件</h2>
          <Form method="post" encType="multipart/form-data" className="form" noValidate>
            <FormError message={errors._form} />
            <div className="form-row">
              <SelectField
                name="kind"
                label="数据类型"
                options={kindOptions}
                defaultValue={values.kind ?? "monthly"}
                error={errors.kind}
                required
              />
              <SelectField
                name="source"
                label="数据源"
                options={sourceOptions}
                placeholder="取自文件的“数据源”列"
                hint="仅月度数据"
                defaultValue={values.source}
                error={errors.source}
              />
              <TextField
                name="month"
                label="月份"
                placeholder="YYYY-MM"
                hint="仅月度数据；留空则取自文件的“月份”列"
                defaultValue={values.month}
                error={errors.month}
              />
            </div>
            <SelectField
              name="providerId"
              label="数据提供方"
              options={providers.map((p) => ({ value: String(p.id), label: p.name }))}
              placeholder="本部门直接录入"
              hint="选择提供方时，只能导入其被允许报送的数据"
              defaultValue={values.providerId}
              error={errors.providerId}
            />
            <CheckboxGroup
              name="refuseUnregistered"
              legend="未入驻企业的数据"
              options={[{ value: "on", label: "拒收（默认保留：全市数据按代码留存，企业入驻时自动归集）" }]}
              selected={values.refuseUnregistered === "on" ? ["on"] : []}
              error={errors.refuseUnregistered}
            />
            <TextField
              name="file"
              label="文件"
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              hint={`CSV（UTF-8 或 GBK 编码）或 Excel .xlsx，不超过 ${MAX_BATCH_BYTES / 1024 / 1024} MB、${count(MAX_BATCH_ROWS)} 行；第1行为表头`}
              error={errors.file}
              required
            />
            <p className="template-links">
              下载模板（列名与导入程序一致）：
              {BATCH_KINDS.map((k) => (
                <span key={k}>
                  {BATCH_KIND_LABELS[k]}{" "}
                  <a href={`/help/templates/${k}.xlsx`} aria-label={`${BATCH_KIND_LABELS[k]}模板 XLSX`}>
                    XLSX
                  </a>{" "}
                  /{" "}
                  <a href={`/help/templates/${k}.csv`} aria-label={`${BATCH_KIND_LABELS[k]}模板 CSV`}>
                    CSV
                  </a>
                </span>
              ))}
              <Link to="/help/guide/bureau">办事指南</Link>
            </p>
            <details>
              <summary>文件格式说明</summary>
              <p>表头可用中文或英文字段名，列的顺序不限，金额单位为元（最多两位小数），未识别的列将被忽略：</p>
              <ul>
                {BATCH_KINDS.map((k) => (
                  <li key={k}>
                    {BATCH_KIND_LABELS[k]}：{COLUMNS_BY_KIND[k].map((f) => `${FIELD_LABELS[f]}（${f}）`).join("、")}
                  </li>
                ))}
              </ul>
            </details>
            <div className="form-actions">
              <button type="submit" name="intent" value="preview" className="button" disabled={submitting}>
                {submitting ? "正在读取文件……" : "预览"}
              </button>
            </div>
          </Form>
        </section>
      )}
    </>
  );
}
