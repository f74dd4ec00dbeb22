import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getViewer } from "~/auth/guards.server";
import { LEGAL_DOCUMENT_PATHS, LEGAL_DOCUMENT_VERSIONS } from "~/domain/recovery";
import { PublicShell } from "~/ui/AppShell";
import { PageHeader } from "~/ui/PageHeader";

export const meta: MetaFunction = () => [{ title: "用户服务协议 · 苏州市信易贷平台" }];

/** Public: the text an enterprise consents to at registration; its version is recorded with the consent. */
export async function loader({ request }: LoaderFunctionArgs) {
  return { viewer: await getViewer(request) };
}

export default function UserAgreement() {
  const { viewer } = useLoaderData<typeof loader>();
  return (
    <PublicShell viewer={viewer}>
      <PageHeader title="苏州市信易贷平台用户服务协议" subtitle={`版本 ${LEGAL_DOCUMENT_VERSIONS.user_agreement}，自该日起生效`} />
      <article className="panel legal-text">
        <p>
          苏州市信易贷平台（以下简称“平台”）是在苏州市地方金融管理局指导下，依托全市公共信用信息，为中小微企业与金融机构提供融资对接服务的公益性政务服务平台。
          请您在注册前仔细阅读本协议，特别是加粗的条款。勾选“我已阅读并同意”并完成注册，即表示您所代表的企业同意本协议的全部内容。
        </p>
        <h2>一、服务内容</h2>
        <ol>
          <li>
            企业可以发布融资需求、浏览和申请金融超市中的信贷产品、查看本企业的信用画像和信用评分、管理对金融机构的信用信息查询授权、对信用数据提出异议。
          </li>
          <li>金融机构在平台上架信贷产品，受理企业的融资需求，并按规定向平台反馈授信、放款和贷后情况。</li>
          <li>
            平台不发放贷款，不替金融机构作出授信决定，也不对融资结果作出承诺。是否授信、授信金额和利率由金融机构依其风险管理制度独立决定。
          </li>
          <li>
            平台的基础服务免费。平台工作人员不会以任何名义向企业收取“服务费”“担保费”或要求转账，遇此情况请立即拨打 12345 或向公安机关报案。
          </li>
        </ol>
        <h2>二、注册与账号</h2>
        <ol>
          <li>
            注册须使用本企业真实的统一社会信用代码、企业名称、法定代表人和联系人信息。平台会与市场监管部门的登记信息核对，不一致的注册不予通过。
          </li>
          <li>
            <strong>冒用他人名义注册、提供虚假材料的，平台将停用相关账号并依法移交有关部门处理。</strong>
            发现本企业被他人冒名注册的，可通过注册页的“冒名注册申诉”提出申诉。
          </li>
          <li>账号和密码由企业自行保管，通过本账号进行的操作视为企业的行为。忘记密码的，可通过注册时登记的联系人手机号接收验证码重置。</li>
          <li>联系人或联系电话变更的，请及时更新，以免错过金融机构的联系和平台通知。</li>
        </ol>
        <h2>三、信用信息的归集与查询授权</h2>
        <ol>
          <li>
            平台依据国家和省、市有关公共信用信息管理的规定，从公共信用信息共享平台及供水、供电、供气、税务、社会保险、住房公积金等单位归集企业的信用信息，形成信用画像和信用评分。
          </li>
          <li>
            <strong>金融机构查询企业的信用画像，须取得企业的授权。</strong>
            企业可以在“授权管理”中查看、收窄或撤回授权；授权期满、撤回或对应的融资需求办结后，金融机构不再能够查询。每一次查询都记入“查询记录”，企业可以随时查看。
          </li>
          <li>企业认为信用数据有误的，可以对具体数据项提出异议，由金融管理部门在 10 个工作日内核实处理并答复。</li>
          <li>
            信用评分的计算方法公开于<Link to="/credit/method">信用评分方法</Link>页，评分仅供金融机构参考。
          </li>
        </ol>
        <h2>四、使用规范</h2>
        <ol>
          <li>企业发布的融资需求应真实反映本企业的资金需求和用途，不得用于偿还民间借贷、投资股市和房地产或其他违法违规用途。</li>
          <li>不得利用平台从事违法活动，不得干扰平台正常运行，不得以技术手段批量获取平台数据或他人信息。</li>
          <li>违反本协议的，平台可以视情节采取提醒、限制功能、停用账号等措施，并保留依法追究责任的权利。</li>
        </ol>
        <h2>五、个人信息和数据保护</h2>
        <p>
          平台如何收集、使用、保存和保护企业联系人等个人信息，以及您享有的权利，见
          <Link to={LEGAL_DOCUMENT_PATHS.privacy_notice}>《隐私政策》</Link>。
        </p>
        <h2>六、协议的变更与终止</h2>
        <ol>
          <li>本协议更新时，平台将在本页公布新版本及生效日期；涉及企业权利义务的重大变化，将在企业登录时提示并请求重新确认。</li>
          <li>
            企业可以联系平台管理员申请注销账号。注销后，平台停止向金融机构提供该企业的信用画像；依法需要保存的记录按《隐私政策》所述期限保存。
          </li>
        </ol>
        <h2>七、联系我们</h2>
        <p>
          对本协议有疑问、意见或投诉的，可拨打苏州 12345 政务服务便民热线，或通过平台管理员联系平台运营单位。平台将在 15 个工作日内答复。
        </p>
        <p>本协议的订立、履行和解释适用中华人民共和国法律。争议协商不成的，可向苏州市有管辖权的人民法院提起诉讼。</p>
      </article>
    </PublicShell>
  );
}
