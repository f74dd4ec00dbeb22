import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import stylesheet from "~/styles/app.css";
import { BareShell } from "~/ui/AppShell";
import { ErrorPage } from "~/ui/ErrorPage";
import { useNonce } from "~/ui/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: "苏州市信易贷平台" },
  { name: "description", content: "苏州市信易贷平台：企业发布融资需求，金融机构提供信用贷款" },
];

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  // Marks the page as hydrated: browser stories type only once the forms are React's (typing earlier
  // races hydration). Here rather than in App, so error pages are marked too.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return (
    <BareShell>
      <ErrorPage error={error} />
    </BareShell>
  );
}
