import type { LoaderFunctionArgs } from "@remix-run/node";
import * as v from "valibot";
import { BATCH_KINDS } from "~/domain/credit";
import { downloadResponse } from "~/http/downloads.server";
import { templateDownload } from "~/services/credit-templates.server";

/** /help/templates/<kind>.xlsx: a blank credit-data file with the importer's columns and one example row (public). */
export async function loader({ params }: LoaderFunctionArgs) {
  const kind = v.safeParse(v.picklist(BATCH_KINDS), params.kind);
  if (!kind.success) throw new Response("没有这个模板", { status: 404 });
  const file = await templateDownload(kind.output, "xlsx", Date.now());
  return downloadResponse(file.body, file.contentType, file.ascii, file.zh);
}
