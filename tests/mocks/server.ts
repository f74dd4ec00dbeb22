/**
 * The msw server every test shares. Each outside HTTP service gets its own handler file in
 * tests/mocks/ and is added to `handlers`; any request to a host that has no handler fails the test.
 */
import { setupServer } from "msw/node";
import { creditPlatformHandlers } from "./credit-platform";
import { smsGatewayHandlers } from "./sms-gateway";

export const handlers = [...creditPlatformHandlers, ...smsGatewayHandlers];

export const mockServer = setupServer(...handlers);

/** The portal under test and the browser's DevTools endpoint are ours, not outside services. */
export function isLocalRequest(url: URL): boolean {
  return url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
}
