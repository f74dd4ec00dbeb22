/** What every role's layout route loads: checks the role and loads the page frame. */
import { getDb } from "~/db.server";
import type { Role } from "~/domain/accounts";
import { shellFor } from "~/services/shell.server";
import { requireRole } from "./guards.server";

export async function loadRoleLayout(request: Request, ...roles: Role[]) {
  const user = await requireRole(request, ...roles);
  return { shell: shellFor(getDb(), user) };
}
