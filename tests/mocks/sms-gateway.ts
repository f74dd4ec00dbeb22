/**
 * The SMS gateway that delivers 忘记密码 codes (app/services/reset-delivery.server.ts), in memory:
 * tests read what was sent with `smsGateway.sent` and switch it to failing with `smsGateway.failing`.
 */
import { http, HttpResponse } from "msw";

export const SMS_GATEWAY_URL = "https://sms-gateway.test/v1/messages";
export const SMS_GATEWAY_TOKEN = "sms-gateway-test-token";

type Sent = { phone: string; template: string; params: { code: string; minutes: number } };

export const smsGateway = {
  sent: [] as Sent[],
  failing: false,
  reset() {
    this.sent = [];
    this.failing = false;
  },
};

export const smsGatewayHandlers = [
  http.post(SMS_GATEWAY_URL, async ({ request }) => {
    if (request.headers.get("Authorization") !== `Bearer ${SMS_GATEWAY_TOKEN}`) return new HttpResponse(null, { status: 401 });
    if (smsGateway.failing) return new HttpResponse(null, { status: 503 });
    smsGateway.sent.push((await request.json()) as Sent);
    return HttpResponse.json({ status: "queued" });
  }),
];
