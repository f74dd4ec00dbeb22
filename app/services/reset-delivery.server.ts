/**
 * Delivering a 忘记密码 code to the enterprise's registered phone (docs/decisions/037-password-recovery-and-consent.md).
 * Two channels, chosen by configuration:
 * - offline (the default, no SMS_GATEWAY_URL): the code is written to the server log, for development
 *   and demonstration machines that have no SMS service. Whoever reads the log can reset the account,
 *   so a real deployment sets the gateway;
 * - an HTTP SMS gateway (SMS_GATEWAY_URL + SMS_GATEWAY_TOKEN): one POST per code, JSON
 *   `{ "phone", "template": "password_reset", "params": { "code", "minutes" } }` with
 *   `Authorization: Bearer <token>`; any 2xx is delivered.
 * Never called inside a transaction.
 */
import { serverConfig } from "~/config.server";
import { RESET_CODE_TTL_MINUTES } from "~/domain/recovery";
import { maskPhone } from "~/lib/masking";

export type ResetCodeMessage = { phone: string; code: string; username: string };
export type SmsGateway = { url: string; token: string } | null;

const GATEWAY_TIMEOUT_MS = 10_000;

export async function deliverResetCode(message: ResetCodeMessage, gateway: SmsGateway = serverConfig().smsGateway): Promise<void> {
  if (gateway === null) {
    console.info(
      `【忘记密码·离线通道】账号 ${message.username} 的验证码 ${message.code}（发往 ${maskPhone(message.phone)}，${RESET_CODE_TTL_MINUTES} 分钟内有效）。未配置 SMS_GATEWAY_URL，验证码只写入服务日志。`,
    );
    return;
  }
  const response = await fetch(gateway.url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${gateway.token}` },
    body: JSON.stringify({
      phone: message.phone,
      template: "password_reset",
      params: { code: message.code, minutes: RESET_CODE_TTL_MINUTES },
    }),
    signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`短信网关答复 HTTP ${response.status}`);
}
