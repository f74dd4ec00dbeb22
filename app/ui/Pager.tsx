/** Previous / next links that keep the page's other query parameters. */
import { Link, useSearchParams } from "@remix-run/react";
import type { PageInfo } from "~/lib/pagination";

export function Pager({ info }: { info: PageInfo }) {
  const [params] = useSearchParams();
  if (info.pageCount <= 1) return null;
  const hrefFor = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    return `?${next.toString()}`;
  };
  return (
    <nav className="form-actions" aria-label="分页" style={{ marginTop: "var(--sp-4)" }}>
      {info.page > 1 ? (
        <Link className="button button--secondary button--small" to={hrefFor(info.page - 1)}>
          上一页
        </Link>
      ) : null}
      <span className="muted">
        第 {info.page} / {info.pageCount} 页，共 {info.total.toLocaleString("zh-CN")} 条
      </span>
      {info.page < info.pageCount ? (
        <Link className="button button--secondary button--small" to={hrefFor(info.page + 1)}>
          下一页
        </Link>
      ) : null}
    </nav>
  );
}
