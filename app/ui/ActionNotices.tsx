import { useSearchParams } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";

/** What an action answered: a confirmation (status) and/or a refusal (alert), announced to screen readers. */
export function ActionNotices({ notice, error }: { notice?: string; error?: string }) {
  return (
    <>
      {notice ? (
        <p className="notice notice--ok" role="status">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p className="notice notice--danger" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

/**
 * A confirmation a redirect asked for with a query parameter (`/bank/claims/7?claimed=1`): shown on
 * arrival, then the parameter leaves the address (a reload or a bookmark does not repeat it), and
 * an action's own answer on the page (`hidden`) replaces it.
 */
export function ArrivalNotice({ param, hidden = false, children }: { param: string; hidden?: boolean; children: ReactNode }) {
  const [params] = useSearchParams();
  const arrived = params.has(param);
  useEffect(() => {
    if (!arrived) return;
    const url = new URL(window.location.href);
    url.searchParams.delete(param);
    window.history.replaceState(window.history.state, "", `${url.pathname}${url.search}${url.hash}`);
  }, [arrived, param]);
  return arrived && !hidden ? (
    <p className="notice notice--ok" role="status">
      {children}
    </p>
  ) : null;
}
