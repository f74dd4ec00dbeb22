import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { type FieldErrors, parseForm } from "~/lib/forms";
import { dateOf, formatDateTime } from "~/lib/time";
import { holidayNoticeSchema, periodLines } from "~/lib/validation/calendar";
import { calendarStatus, calendarYears, saveHolidayNotice, type CalendarYear, type NoticeVersion } from "~/services/calendar.server";
import { DataTable } from "~/ui/DataTable";
import { FormError, TextAreaField, TextField } from "~/ui/Field";
import { PageHeader } from "~/ui/PageHeader";
import { readFormData } from "~/http/forms.server";
import { asFieldErrors } from "~/http/refusals.server";

export const meta: MetaFunction = () => [{ title: "工作日历 · 苏州市信易贷平台" }];

function yearParam(request: Request): number | null {
  const raw = new URL(request.url).searchParams.get("year");
  return raw && /^\d{4}$/.test(raw) ? Number(raw) : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const db = getDb();
  const now = Date.now();
  const years = calendarYears(db);
  const selectedYear = yearParam(request);
  const selected = selectedYear === null ? null : (years.find((y) => y.year === selectedYear) ?? null);
  if (selectedYear !== null && !selected) throw new Response(`${selectedYear} 年尚未录入节假日安排通知`, { status: 404 });
  const warning = calendarStatus(db, now);
  const thisYear = Number(dateOf(now).slice(0, 4));
  const nextYear = warning?.yearToEnter ?? Math.max(thisYear, ...years.map((y) => y.year)) + 1;
  return { years, selected, warning, nextYear };
}

type ActionData = { fieldErrors?: FieldErrors; values?: Record<string, string>; notice?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const form = await readFormData(request);
  const parsed = parseForm(holidayNoticeSchema, form);
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  const outcome = saveHolidayNotice(getDb(), user, parsed.data, Date.now());
  if (!outcome.ok) return data<ActionData>(...asFieldErrors(outcome, form, holidayNoticeSchema));
  const what = parsed.data.intent === "create" ? "已录入" : "已更正";
  return data<ActionData>({ notice: `${what} ${parsed.data.year} 年节假日安排（${parsed.data.reference}），工作日计算即时生效。` });
}

function dayCount(v: NoticeVersion) {
  return `放假 ${v.holidays.length} 天，调休上班 ${v.workdays.length} 天`;
}

function enteredText(v: NoticeVersion) {
  return `${v.enteredBy ?? "系统迁移"} · ${formatDateTime(v.enteredAt)}`;
}

export default function CalendarPage() {
  const { years, selected, warning, nextYear } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  return (
    <>
      <PageHeader
        title="工作日历"
        subtitle="按国务院办公厅每年公布的部分节假日安排通知录入放假和调休上班日期；受理、授信决定、异议答复的期限都按此计算工作日。"
      />
      {result?.notice ? (
        <p className="notice notice--ok" role="status">
          {result.notice}
        </p>
      ) : null}
      {warning ? (
        <p className={`notice ${warning.kind === "expired" ? "notice--danger" : "notice--warn"}`} role="alert">
          {warning.message}
        </p>
      ) : null}
      {selected ? (
        <YearDetail year={selected} result={result} submitting={submitting} />
      ) : (
        <>
          <section className="panel">
            <DataTable<CalendarYear>
              caption="已录入的年度"
              rows={years}
              rowKey={(y) => String(y.year)}
              empty="尚未录入任何年度：所有期限均按周一至周五推算"
              columns={[
                { key: "year", header: "年份", cell: (y) => <Link to={`?year=${y.year}`}>{y.year} 年</Link> },
                { key: "reference", header: "通知文号", cell: (y) => y.current.reference },
                { key: "days", header: "内容", cell: (y) => dayCount(y.current) },
                { key: "entered", header: "录入 / 最近更正", cell: (y) => enteredText(y.current) },
                { key: "versions", header: "更正次数", numeric: true, cell: (y) => y.history.length },
                { key: "actions", header: "操作", cell: (y) => <Link to={`?year=${y.year}`}>查看与更正</Link> },
              ]}
            />
          </section>
          <section className="panel">
            <h2>录入新年度通知</h2>
            <NoticeForm
              key={result?.notice ?? "create"}
              intent="create"
              values={result?.values ?? { year: String(nextYear) }}
              errors={result?.fieldErrors ?? {}}
              submitting={submitting}
            />
          </section>
        </>
      )}
    </>
  );
}

function YearDetail({ year, result, submitting }: { year: CalendarYear; result: ActionData | undefined; submitting: boolean }) {
  const current = year.current;
  const values = result?.values ?? {
    year: String(year.year),
    reference: current.reference,
    holidays: periodLines(current.holidays),
    workdays: current.workdays.join("\n"),
  };
  return (
    <>
      <p>
        <Link to=".">← 全部年度</Link>
      </p>
      <section className="panel">
        <h2>
          {year.year} 年（{current.reference}）
        </h2>
        <p className="muted">
          现行版本：{dayCount(current)}；{enteredText(current)}
          {current.note ? `；${current.note}` : ""}
        </p>
        <h3>放假</h3>
        <p style={{ whiteSpace: "pre-wrap" }}>{periodLines(current.holidays).replace(/\n/g, "；")}</p>
        <h3>调休上班</h3>
        <p>{current.workdays.length ? current.workdays.join("、") : "无"}</p>
      </section>
      <section className="panel">
        <h2>更正记录</h2>
        {year.history.length === 0 ? (
          <p className="muted">该年度通知录入后未作更正。</p>
        ) : (
          <ol>
            {[current, ...year.history].map((v, i, all) => (
              <li key={v.id}>
                {i === all.length - 1 ? "首次录入" : "更正"}（{enteredText(v)}，{v.reference}，{dayCount(v)}）{v.note ? `：${v.note}` : ""}
                {v.changes.length ? <span className="muted">（{v.changes.join("；")}）</span> : null}
                {i === 0 ? "【现行】" : "【已被更正】"}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="panel">
        <h2>更正 {year.year} 年通知</h2>
        <p className="muted">更正会保存为新版本，原版本与更正原因一并保留；已生成的答复期限不会改写。</p>
        <NoticeForm key={current.id} intent="correct" values={values} errors={result?.fieldErrors ?? {}} submitting={submitting} />
      </section>
    </>
  );
}

function NoticeForm({
  intent,
  values,
  errors,
  submitting,
}: {
  intent: "create" | "correct";
  values: Record<string, string>;
  errors: FieldErrors;
  submitting: boolean;
}) {
  return (
    <Form method="post" className="form" noValidate>
      <input type="hidden" name="intent" value={intent} />
      <FormError message={errors._form ?? errors.intent} />
      <div className="form-row">
        {intent === "create" ? (
          <TextField name="year" label="年份" inputMode="numeric" defaultValue={values.year} error={errors.year} required />
        ) : (
          <>
            <input type="hidden" name="year" value={values.year} />
            {errors.year ? <FormError message={errors.year} /> : null}
          </>
        )}
        <TextField
          name="reference"
          label="通知文号"
          placeholder="国办发明电〔2026〕X号"
          defaultValue={values.reference}
          error={errors.reference}
          required
        />
      </div>
      <TextAreaField
        name="holidays"
        label="放假日期"
        rows={8}
        defaultValue={values.holidays}
        error={errors.holidays}
        hint="每行一段，含周末在内的整个放假期间，如“2027-02-06 至 2027-02-13”；单日写一个日期"
        required
      />
      <TextAreaField
        name="workdays"
        label="调休上班日期"
        rows={4}
        defaultValue={values.workdays}
        error={errors.workdays}
        hint="通知中需要上班的周六、周日，每行一个日期"
      />
      <TextField
        name="reason"
        label={intent === "correct" ? "更正原因" : "备注（选填）"}
        defaultValue={values.reason}
        error={errors.reason}
        hint={intent === "correct" ? "如：误将 10 月 8 日录为放假" : undefined}
        required={intent === "correct"}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={submitting}>
          {intent === "create" ? "录入" : "保存更正"}
        </button>
      </div>
    </Form>
  );
}
