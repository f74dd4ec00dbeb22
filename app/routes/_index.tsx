import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getViewer } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { participantCounts } from "~/services/accounts.server";
import { PublicShell } from "~/ui/AppShell";

export async function loader({ request }: LoaderFunctionArgs) {
  return { viewer: await getViewer(request), counts: participantCounts(getDb()) };
}

export default function Landing() {
  const { viewer, counts } = useLoaderData<typeof loader>();
  return (
    <PublicShell viewer={viewer}>
      <section className="hero">
        <h1>以信用促融资，让诚信企业贷款更容易</h1>
        <p>
          苏州市信易贷平台汇集企业水、电、气、纳税、社保、公积金等信用信息，在企业授权下向金融机构开放，
          帮助缺少抵押物的中小微企业获得信用贷款。
        </p>
        <p className="form-actions">
          {viewer ? (
            <Link to={viewer.home} className="button button--secondary">
              进入工作台
            </Link>
          ) : (
            <>
              <Link to="/register" className="button button--secondary">
                企业注册
              </Link>
              <Link to="/login" className="button button--secondary">
                登录
              </Link>
            </>
          )}
        </p>
      </section>
      <section className="grid" aria-label="平台概况">
        <div className="card">
          <p>入驻企业</p>
          <span className="stat">{counts.enterprises.toLocaleString("zh-CN")}</span>
          <p>家</p>
        </div>
        <div className="card">
          <p>入驻金融机构</p>
          <span className="stat">{counts.institutions.toLocaleString("zh-CN")}</span>
          <p>家</p>
        </div>
        <div className="card">
          <h3>企业</h3>
          <p>注册后发布融资需求，授权金融机构查询信用信息，全程查看办理进度。</p>
        </div>
        <div className="card">
          <h3>金融机构</h3>
          <p>发布信贷产品，按信用评分接单，及时反馈授信与放款结果。</p>
        </div>
      </section>
    </PublicShell>
  );
}
