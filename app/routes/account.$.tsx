/** Any other path under /account: 404 inside the area's frame. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { unknownPathIn } from "~/auth/layout.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  unknownPathIn(request, "enterprise", "bank_officer", "bank_admin", "bureau", "admin");

/** Never rendered (the loader always throws); its presence makes this a page, so the layout's error boundary shows the 404. */
export default function UnknownPath() {
  return null;
}
