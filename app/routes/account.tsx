import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadRoleLayout } from "~/auth/layout.server";
import { RoleErrorBoundary } from "~/ui/AppShell";

export const loader = ({ request }: LoaderFunctionArgs) =>
  loadRoleLayout(request, "enterprise", "bank_officer", "bank_admin", "bureau", "admin");
export { RoleLayout as default } from "~/ui/AppShell";
export function ErrorBoundary() {
  return <RoleErrorBoundary layout="routes/account" />;
}
