/** An evidence file of a 信用修复 application, to the firm, the bureau, or a bank under a live authorization (logged). */
import { readFileSync } from "node:fs";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { EVIDENCE_EXTENSIONS } from "~/domain/credit-repairs";
import { downloadResponse } from "~/http/downloads.server";
import { rowIdParam } from "~/http/params.server";
import { evidenceFileFor } from "~/services/credit-repairs.server";

const NOT_FOUND = "没有这份材料";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise", "bank_officer", "bank_admin", "bureau");
  const fileId = rowIdParam(params.fileId, NOT_FOUND);
  const file = evidenceFileFor(getDb(), fileId, user, Date.now());
  if (!file) throw new Response(NOT_FOUND, { status: 404 });
  const ext = EVIDENCE_EXTENSIONS[file.mediaType];
  // Named by what the bytes are, whatever extension the upload had.
  const name = `${file.filename.replace(/\.[^.]*$/, "") || "材料"}.${ext}`;
  return downloadResponse(readFileSync(file.path), file.mediaType, `evidence-${fileId}.${ext}`, name);
}
