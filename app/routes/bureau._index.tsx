import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { CLAIM_WITHIN_WORKING_DAYS, DECIDE_WITHIN_WORKING_DAYS } from "~/domain/service-levels";
import { participantCounts } from "~/services/accounts.server";
import { REPAIR_DECISION_WORKING_DAYS } from "~/domain/credit-repairs";
import { repairsWaiting } from "~/services/credit-repairs.server";
import { poolDecisionsWaiting } from "~/services/risk-pool-views.server";
import { standingBreaches } from "~/services/service-levels.server";
import { TaskCards } from "~/ui/AppShell";
import { PageHeader } from "~/ui/PageHeader";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "bureau");
  return {
    counts: participantCounts(getDb()),
    breaches: standingBreaches(getDb(), Date.now()),
    poolsWaiting: poolDecisionsWaiting(getDb()),
    repairs: repairsWaiting(getDb(), Date.now()),
  };
}

export default function BureauHome() {
  const { counts, breaches, poolsWaiting, repairs } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="金融管理部门工作台" subtitle="苏州市信易贷平台运行情况" />
      <section className="grid" aria-label="平台概况" style={{ marginBottom: "var(--sp-5)" }}>
        <div className="card">
          <p>入驻企业</p>
          <span className="stat">{counts.enterprises.toLocaleString("zh-CN")}</span>
        </div>
        <div className="card">
          <p>入驻金融机构</p>
          <span className="stat">{counts.institutions.toLocaleString("zh-CN")}</span>
        </div>
        <div className="card">
          <p>{`超过${CLAIM_WITHIN_WORKING_DAYS}个工作日无人受理的需求`}</p>
          <span className="stat">{breaches.unclaimedNeeds}</span>
          <p>征集中、尚无机构受理</p>
        </div>
        <div className="card">
          <p>{`受理后超过${DECIDE_WITHIN_WORKING_DAYS}个工作日未决的业务`}</p>
          <span className="stat">{breaches.undecidedClaims}</span>
          <p>已提示相关机构</p>
        </div>
        <div className="card">
          <p>待审核的代偿申请</p>
          <span className="stat">{poolsWaiting.claims}</span>
          <p>
            {`另有 ${poolsWaiting.products} 个产品申请纳入资金池 · `}
            <Link to="/bureau/pools">风险补偿</Link>
          </p>
        </div>
        <div className="card">
          <p>待审核的信用修复申请</p>
          <span className="stat">{repairs.waiting}</span>
          <p>
            {`其中超过 ${REPAIR_DECISION_WORKING_DAYS} 个工作日 ${repairs.overdue} 件 · `}
            <Link to="/bureau/repairs">信用修复</Link>
          </p>
        </div>
      </section>
      <TaskCards role="bureau" />
    </>
  );
}
