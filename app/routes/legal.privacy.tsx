import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getViewer } from "~/auth/guards.server";
import { LEGAL_DOCUMENT_PATHS, LEGAL_DOCUMENT_VERSIONS } from "~/domain/recovery";
import { PublicShell } from "~/ui/AppShell";
import { PageHeader } from "~/ui/PageHeader";

export const meta: MetaFunction = () => [{ title: "隐私政策 · 苏州市信易贷平台" }];

/** Public: what the portal collects and why; its version is recorded with each consent. */
export async function loader({ request }: LoaderFunctionArgs) {
  return { viewer: await getViewer(request) };
}

export default function PrivacyNotice() {
  const { viewer } = useLoaderData<typeof loader>();
  return (
    <PublicShell viewer={viewer}>
      <PageHeader title="苏州市信易贷平台隐私政策" subtitle={`版本 ${LEGAL_DOCUMENT_VERSIONS.privacy_notice}，自该日起生效`} />
      <article className="panel legal-text">
        <p>
          本政策说明苏州市信易贷平台（以下简称“平台”）依据《中华人民共和国个人信息保护法》《中华人民共和国数据安全法》《征信业管理条例》等规定，如何处理企业信息和企业联系人等个人信息。与
          <Link to={LEGAL_DOCUMENT_PATHS.user_agreement}>《用户服务协议》</Link>一并适用。
        </p>
        <h2>一、我们收集哪些信息</h2>
        <ol>
          <li>
            <strong>注册信息</strong>
            ：统一社会信用代码、企业名称、所在区县、行业、规模、成立日期、法定代表人姓名、联系人姓名和联系电话、登录密码（只保存不可逆的加密摘要）。
          </li>
          <li>
            <strong>融资信息</strong>：您发布的融资需求（金额、期限、用途、担保方式），以及金融机构反馈的受理、授信、放款和贷后状态。
          </li>
          <li>
            <strong>公共信用信息</strong>
            ：从公共信用信息共享平台和供水、供电、供气、税务、社会保险、住房公积金等单位按月归集的缴费、纳税、参保人数等数据，以及行政处罚、严重失信主体名单、被执行人、信用修复和荣誉等公共记录。
          </li>
          <li>
            <strong>使用记录</strong>：登录时间、网络地址、重要操作（如授权、撤回、密码重置）的审计记录，用于账号安全和依法监督。
          </li>
        </ol>
        <h2>二、我们如何使用这些信息</h2>
        <ol>
          <li>为企业计算信用评分、推荐合适的信贷产品和惠企政策。</li>
          <li>
            <strong>经企业授权后</strong>
            ，向企业选定的金融机构展示其信用画像，用于贷前审查和贷后管理。未经授权，金融机构只能看到企业名称、区县、行业和融资需求等公开信息。
          </li>
          <li>以不识别具体企业的汇总形式，编制每月信易贷统计报送金融管理部门。</li>
          <li>联系电话用于金融机构受理后联系企业，以及发送忘记密码验证码；平台不会用于营销。</li>
        </ol>
        <h2>三、信用信息查询授权</h2>
        <p>
          企业对每家金融机构的授权写明用途和有效期，可随时在“授权管理”中撤回。金融机构的每一次查询都记入“查询记录”，企业可以查看是谁、何时、为何查询。法律法规另有规定的除外。
        </p>
        <h2>四、保存期限</h2>
        <ol>
          <li>账号和注册信息保存至账号注销后 3 年。</li>
          <li>融资需求、授信和放款记录自办结之日起保存 5 年，以满足金融监管统计和审计的要求。</li>
          <li>公共信用信息按来源单位的规定和信用修复结果更新；不良信息自不良行为或事件终止之日起保存不超过 5 年，期满删除或不再展示。</li>
          <li>查询记录和审计记录保存 5 年。</li>
        </ol>
        <h2>五、我们如何保护信息</h2>
        <ol>
          <li>数据存放于境内的政务服务器，传输全程加密；密码、验证码和重置链接只保存不可逆的摘要。</li>
          <li>平台工作人员和金融机构人员按岗位最小权限访问数据，所有特权操作留有审计记录。</li>
          <li>发生数据安全事件时，平台将按规定及时告知受影响的企业并向主管部门报告。</li>
        </ol>
        <h2>六、您的权利</h2>
        <ol>
          <li>查阅和复制：在“信用画像”“查询记录”等页面查看平台保存的本企业信息。</li>
          <li>更正：对信用数据提出异议；注册信息有误的，联系平台管理员更正。</li>
          <li>撤回同意：撤回对金融机构的查询授权，不影响撤回前已进行的查询。</li>
          <li>注销：申请注销账号，平台在 15 个工作日内办理。</li>
        </ol>
        <h2>七、对外提供</h2>
        <p>除上述经授权的金融机构和依法履职的政府部门外，平台不向任何第三方出售或提供企业信息和个人信息。</p>
        <h2>八、联系我们</h2>
        <p>
          对本政策或个人信息处理有疑问、意见或投诉的，可拨打苏州 12345
          政务服务便民热线，或通过平台管理员联系平台运营单位的个人信息保护负责人，我们将在 15 个工作日内答复。
        </p>
        <p>本政策更新时，我们将在本页公布新版本及生效日期，并在重大变化时请求您重新确认。</p>
      </article>
    </PublicShell>
  );
}
