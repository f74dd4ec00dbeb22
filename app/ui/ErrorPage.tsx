/** The one friendly error page, for 403, 404, 429 and anything unexpected. */
import { isRouteErrorResponse, Link } from "@remix-run/react";

const PAGES: Record<number, { title: string; text: string }> = {
  400: { title: "请求有误", text: "提交的内容无法处理，请返回检查后重试。" },
  403: { title: "无权访问", text: "您的账号无权访问此页面。如需开通，请联系所在机构管理员或平台管理员。" },
  404: { title: "页面不存在", text: "您访问的页面不存在或已被移除，请检查网址。" },
  405: { title: "不支持的操作", text: "此页面不支持该操作。" },
  409: { title: "操作冲突", text: "数据已被他人修改，请刷新页面后重试。" },
  413: { title: "提交的内容过大", text: "提交的内容超过了允许的大小，请精简后重试。" },
  415: { title: "提交方式不受支持", text: "提交的内容格式不受支持，请通过平台页面上的表单提交。" },
  429: { title: "操作过于频繁", text: "请稍候片刻再试。" },
};
const FALLBACK = { title: "系统繁忙", text: "服务暂时出现问题，我们已记录此错误，请稍后再试。" };

export function ErrorPage({ error }: { error: unknown }) {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const page = PAGES[status] ?? FALLBACK;
  return (
    <div className="error-page panel" role="alert">
      <p className="code">{status}</p>
      <h1>{page.title}</h1>
      <p>{page.text}</p>
      <p className="form-actions" style={{ justifyContent: "center" }}>
        <Link to="/" className="button">
          返回首页
        </Link>
        {status === 403 ? (
          <Link to="/login" className="button button--secondary">
            切换账号
          </Link>
        ) : null}
      </p>
    </div>
  );
}
