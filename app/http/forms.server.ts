/**
 * A page's submitted form, read once for every action: a body no browser form sends (JSON, plain
 * text, no type) is refused with 415 and a broken multipart body with 400, each with a zh-CN message
 * on the error page, instead of the parser's exception becoming a 500.
 */
import { mediaType } from "./security";

export const UNSUPPORTED_FORM_MESSAGE = "提交的内容格式不受支持，请通过平台页面上的表单提交。";
export const BROKEN_FORM_MESSAGE = "提交的内容无法解析，请通过平台页面上的表单重新提交。";

export async function readFormData(request: Request): Promise<FormData> {
  const type = mediaType(request.headers.get("Content-Type"));
  if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data") {
    throw new Response(UNSUPPORTED_FORM_MESSAGE, { status: 415, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  try {
    return await request.formData();
  } catch {
    throw new Response(BROKEN_FORM_MESSAGE, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}
