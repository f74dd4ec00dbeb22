import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadRoleLayout } from "~/auth/layout.server";

export const loader = ({ request }: LoaderFunctionArgs) => loadRoleLayout(request, "admin");
export { RoleLayout as default } from "~/ui/AppShell";
