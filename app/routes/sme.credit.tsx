import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { isRepairableKind } from "~/domain/credit-repairs";
import { OBJECTION_DUE_WORKING_DAYS } from "~/domain/objections";
import { creditWindow } from "~/lib/credit-items";
import { formatMonthZh } from "~/lib/time";
import { enterpriseCreditData } from "~/services/credit-profile.server";
import { CreditCharts, creditTabsShouldRevalidate, CreditTables, type CreditRowActions } from "~/ui/CreditProfile";
import { PageHeader } from "~/ui/PageHeader";

export const meta: MetaFunction = () => [{ title: "信用数据 · 苏州市信易贷平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const window = creditWindow(Date.now());
  return { credit: enterpriseCreditData(getDb(), enterpriseIdOf(user), window.from, window.to), from: window.from, to: window.to };
}

export const shouldRevalidate = creditTabsShouldRevalidate;

const links: CreditRowActions = {
  file: (itemType, itemId) => `/sme/objections/new?type=${itemType}&item=${itemId}`,
  show: (objectionId) => `/sme/objections/${objectionId}`,
  // The form says when a record is too early to repair, with the earliest date.
  repair: (eventId, kind) => (isRepairableKind(kind) ? `/sme/repairs/new?event=${eventId}` : null),
};

export default function CreditData() {
  const { credit, from, to } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="信用数据"
        subtitle={`${formatMonthZh(from)}至${formatMonthZh(to)}，由供电、供水、燃气、税务、社保、公积金等部门按月报送`}
        actions={
          <>
            <Link className="button button--secondary" to="/sme/objections">
              我的异议
            </Link>
            <Link className="button button--secondary" to="/sme/repairs">
              信用修复
            </Link>
            <Link className="button button--secondary" to="/sme/query-log">
              查询记录
            </Link>
          </>
        }
      />
      {credit.hasData ? (
        <>
          <p className="notice">
            图中断开的月份表示该月尚无数据（未报送），不视为欠费或逾期。如发现数据有误，可在下方表格该条数据的“操作”菜单中选择“提出异议”，市金融管理部门将在{" "}
            {OBJECTION_DUE_WORKING_DAYS} 个工作日内核查答复。
          </p>
          <CreditCharts credit={credit} />
          <CreditTables credit={credit} links={links} />
        </>
      ) : (
        <section className="panel">
          <p className="empty">
            暂无本企业的信用数据。各部门报送后，本页将按月显示用电、用水、用气、纳税、社保和公积金情况，以及纳税信用等级和公共信用记录。
          </p>
        </section>
      )}
    </>
  );
}
