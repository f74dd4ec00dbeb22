/** What the help pages need from the server: the hotline as configured (SUPPORT_HOTLINE). */
import { serverConfig } from "~/config.server";

export function supportHotline(): { number: string; isDefault: boolean } {
  return serverConfig().hotline;
}
