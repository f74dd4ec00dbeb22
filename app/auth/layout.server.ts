/** What every role's layout route loads: checks the role and loads the page frame. */
import { getDb } from "~/db.server";
import type { Role } from "~/domain/accounts";
import { shellFor } from "~/services/shell.server";
import { requireRole } from "./guards.server";

export async function loadRoleLayout(request: Request, ...roles: Role[]) {
  const user = await requireRole(request, ...roles);
  return { shell: shellFor(getDb(), user) };
}

/**
 * The loader of a role area's catch-all route (`sme.$.tsx` …): a path under the area that names no
 * page. Whoever may enter the area gets 404 inside its frame (the layout's error boundary draws it);
 * anyone else gets what the layout would give them.
 */
export async function unknownPathIn(request: Request, ...roles: Role[]): Promise<never> {
  await requireRole(request, ...roles);
  throw new Response(null, { status: 404, statusText: "Not Found" });
}
