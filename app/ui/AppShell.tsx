/** The frame of every signed-in page: header with the user, the role's navigation, the content. */
import { Form, Link, NavLink, Outlet, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { NAVIGATION, ROLE_HOME } from "~/lib/navigation";
import type { Shell } from "~/services/shell.server";
import { ErrorPage } from "./ErrorPage";

export function SiteHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="site-brand">
          <span className="site-brand__mark" aria-hidden="true">
            信
          </span>
          苏州市信易贷平台
        </Link>
        {children}
      </div>
    </header>
  );
}

export function SiteFooter() {
  return <footer className="site-footer">苏州市信易贷平台 · 以信用促融资，让诚信企业融资更便捷</footer>;
}

export function AppShell({ shell, children }: { shell: Shell; children: ReactNode }) {
  const nav = NAVIGATION[shell.role];
  const home = ROLE_HOME[shell.role];
  return (
    <>
      <SiteHeader>
        <div className="site-user">
          <span>
            {shell.orgName ? <span className="site-user__org">{`${shell.orgName} · `}</span> : null}
            {shell.displayName}
          </span>
          <span className="role-badge">{shell.roleLabel}</span>
          <Link to="/account/notifications" aria-label={`消息，${shell.unread} 条未读`}>
            消息{shell.unread > 0 ? <span className="unread-badge">{shell.unread > 99 ? "99+" : shell.unread}</span> : null}
          </Link>
          <Form method="post" action="/logout">
            <button type="submit" className="link" style={{ color: "#fff" }}>
              退出登录
            </button>
          </Form>
        </div>
      </SiteHeader>
      <nav className="site-nav" aria-label="功能导航">
        <ul>
          {nav.map((item) => (
            <li key={item.to}>
              {item.ready ? (
                <NavLink to={item.to} end={item.to === home} prefetch="intent">
                  {item.label}
                </NavLink>
              ) : (
                <span className="nav-pending" title={`${item.description}（建设中）`}>
                  {item.label}
                  <small>建设中</small>
                </span>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <main>{children}</main>
      <SiteFooter />
    </>
  );
}

/** The frame when there is no one to frame it for: the header and footer only. */
export function BareShell({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader />
      <main>{children}</main>
      <SiteFooter />
    </>
  );
}

/** Default export of each role's layout route (its loader calls loadRoleLayout). */
export function RoleLayout() {
  const { shell } = useLoaderData<{ shell: Shell }>();
  return (
    <AppShell shell={shell}>
      <Outlet />
    </AppShell>
  );
}

/**
 * The ErrorBoundary of each role's layout route (`layout` is its route id). Remix renders it in
 * place of the layout, so it draws the layout's frame itself: an error thrown by a page below (a
 * 404 for a claim that is not there, a 403 for an action the role may not take) keeps the role's
 * navigation. When the layout's own loader refused — another role's area — there is no frame to keep.
 */
export function RoleErrorBoundary({ layout }: { layout: string }) {
  const error = useRouteError();
  const data = useRouteLoaderData<{ shell: Shell }>(layout);
  if (!data) {
    return (
      <BareShell>
        <ErrorPage error={error} />
      </BareShell>
    );
  }
  return (
    <AppShell shell={data.shell}>
      <ErrorPage error={error} home={ROLE_HOME[data.shell.role]} homeLabel="返回工作台" />
    </AppShell>
  );
}

/** A role's home: its tasks as cards, saying which are still being built. */
export function TaskCards({ role }: { role: Shell["role"] }) {
  const tasks = NAVIGATION[role].filter((item) => item.to !== ROLE_HOME[role]);
  return (
    <div className="grid">
      {tasks.map((item) =>
        item.ready ? (
          <Link key={item.to} to={item.to} className="card card--link">
            <h3>{item.label}</h3>
            <p>{item.description}</p>
          </Link>
        ) : (
          <div key={item.to} className="card" aria-disabled="true">
            <h3>
              {item.label} <span className="tag tag--neutral">建设中</span>
            </h3>
            <p>{item.description}。此功能正在建设中，上线后将在此开放。</p>
          </div>
        ),
      )}
    </div>
  );
}

export type Viewer = { displayName: string; home: string } | null;

/** The frame of public pages: the landing page, login and registration. */
export function PublicShell({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  return (
    <>
      <SiteHeader>
        <div className="site-user">
          {viewer ? (
            <>
              <span>{viewer.displayName}</span>
              <Link to={viewer.home}>进入工作台</Link>
            </>
          ) : (
            <>
              <Link to="/login">登录</Link>
              <Link to="/register">企业注册</Link>
            </>
          )}
        </div>
      </SiteHeader>
      <main>{children}</main>
      <SiteFooter />
    </>
  );
}
