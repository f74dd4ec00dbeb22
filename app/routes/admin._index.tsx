import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { ROLE_LABELS, ROLES } from "~/domain/accounts";
import { userCountsByRole } from "~/services/accounts.server";
import { calendarStatus } from "~/services/calendar.server";
import { registrationsNeedingReview } from "~/services/registry-checks.server";
import { TaskCards } from "~/ui/AppShell";
import { PageHeader } from "~/ui/PageHeader";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return {
    counts: userCountsByRole(getDb()),
    calendarWarning: calendarStatus(getDb(), Date.now()),
    registrationsToReview: registrationsNeedingReview(getDb()).length,
  };
}

export default function AdminHome() {
  const { counts, calendarWarning, registrationsToReview } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="系统管理" subtitle="账号与机构管理" />
      {calendarWarning ? (
        <p className={`notice ${calendarWarning.kind === "expired" ? "notice--danger" : "notice--warn"}`} role="alert">
          {calendarWarning.message} <Link to="/admin/calendar">{`录入 ${calendarWarning.yearToEnter} 年通知`}</Link>
        </p>
      ) : null}
      {registrationsToReview > 0 ? (
        <p className="notice notice--warn" role="status">
          {`${registrationsToReview} 家企业的注册与市场监管部门最新登记信息不一致或已注销、吊销，请核实处理。`}{" "}
          <Link to="/admin/registration-disputes#registry-review">查看登记信息已变化的注册</Link>
        </p>
      ) : null}
      <section className="grid" aria-label="账号概况" style={{ marginBottom: "var(--sp-5)" }}>
        {ROLES.map((role) => (
          <div key={role} className="card">
            <p>{ROLE_LABELS[role]}</p>
            <span className="stat">{counts[role].active.toLocaleString("zh-CN")}</span>
            <p>{counts[role].disabled > 0 ? `另有 ${counts[role].disabled} 个已停用` : "无停用账号"}</p>
          </div>
        ))}
      </section>
      <TaskCards role="admin" />
    </>
  );
}
