import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { enterpriseIdOf, requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { objectionDetail } from "~/services/objections.server";
import { ObjectionView } from "~/ui/ObjectionView";
import { PageHeader } from "~/ui/PageHeader";

export const meta: MetaFunction = () => [{ title: "异议详情 · 苏州市信易贷平台" }];

function objectionIdOf(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new Response("没有这条异议", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  // Another enterprise's objection is answered exactly like one that does not exist.
  const detail = objectionDetail(getDb(), objectionIdOf(params.objectionId), { enterpriseId: enterpriseIdOf(user) }, Date.now());
  if (!detail) throw new Response("没有这条异议", { status: 404 });
  return { detail };
}

export default function ObjectionPage() {
  const { detail } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <p>
        <Link to="/sme/objections">← 我的异议</Link>
      </p>
      {params.get("filed") ? (
        <p className="notice notice--ok" role="status">
          异议已提交。该数据已标注“异议处理中”，处理结果将通过消息通知您。
        </p>
      ) : null}
      <PageHeader title={`异议 #${detail.objection.id}`} />
      <ObjectionView detail={detail} />
    </>
  );
}
