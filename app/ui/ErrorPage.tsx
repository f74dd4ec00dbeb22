/** The one friendly error page, for 403, 404, 429 and anything unexpected. */
import { isRouteErrorResponse, Link, useNavigate } from "@remix-run/react";

/** `text` stands when the route threw no message of its own; `hint` is said either way. */
const PAGES: Record<number, { title: string; text: string; hint?: string }> = {
  400: { title: "请求有误", text: "提交的内容无法处理，请返回检查后重试。" },
  403: { title: "无权访问", text: "您的账号无权访问此页面。", hint: "如需开通，请联系所在机构管理员或平台管理员。" },
  404: { title: "页面不存在", text: "您访问的页面不存在或已被移除，请检查网址。" },
  405: { title: "不支持的操作", text: "此页面不支持该操作。" },
  409: { title: "操作冲突", text: "数据已被他人修改，请刷新页面后重试。" },
  413: { title: "提交的内容过大", text: "提交的内容超过了允许的大小，请精简后重试。" },
  415: { title: "提交方式不受支持", text: "提交的内容格式不受支持，请通过平台页面上的表单提交。" },
  429: { title: "操作过于频繁", text: "请稍候片刻再试。" },
};
const FALLBACK: { title: string; text: string; hint?: string } = {
  title: "系统繁忙",
  text: "服务暂时出现问题，我们已记录此错误，请稍后再试。",
};

const CHINESE = /[\u4e00-\u9fff]/;
const MAX_MESSAGE = 200;

/**
 * The message a route threw with its response (`throw new Response("没有这笔业务", { status: 404 })`
 * arrives as the error's data), when it is one meant for people: Chinese text, not markup. Anything
 * else — Remix's own English "No route matches", an unexpected error — gets the status's own text.
 */
export function thrownMessage(error: unknown): string | null {
  if (!isRouteErrorResponse(error)) return null;
  const data: unknown = error.data;
  const candidates = [
    typeof data === "string" ? data : null,
    data && typeof data === "object" && "message" in data && typeof data.message === "string" ? data.message : null,
    error.statusText,
  ];
  for (const candidate of candidates) {
    const text = candidate?.trim();
    if (text && CHINESE.test(text) && !text.includes("<")) return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
  }
  return null;
}

/**
 * `home` is where "back home" leads: the role's 工作台 inside a role's frame, the landing page
 * elsewhere. Unexpected errors show no detail: what went wrong is in the server's log.
 */
export function ErrorPage({ error, home = "/", homeLabel = "返回首页" }: { error: unknown; home?: string; homeLabel?: string }) {
  const navigate = useNavigate();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const page = PAGES[status] ?? FALLBACK;
  const message = thrownMessage(error);
  const goBack = () => {
    // Opened directly (a bookmark, a new tab) there is no page to go back to: go home instead.
    if (window.history.length > 1) navigate(-1);
    else navigate(home);
  };
  return (
    <div className="error-page panel" role="alert">
      <p className="code">{status}</p>
      <h1>{page.title}</h1>
      <p>{message ?? page.text}</p>
      {page.hint ? <p>{page.hint}</p> : null}
      <p className="form-actions" style={{ justifyContent: "center" }}>
        <Link to={home} className="button">
          {homeLabel}
        </Link>
        <button type="button" className="button button--secondary" onClick={goBack}>
          返回上一页
        </button>
        {status === 403 ? (
          <Link to="/login" className="button button--secondary">
            切换账号
          </Link>
        ) : null}
      </p>
    </div>
  );
}
