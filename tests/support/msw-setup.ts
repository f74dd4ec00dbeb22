import { afterAll, afterEach, beforeAll } from "vitest";
import { isLocalRequest, mockServer } from "../mocks/server";

beforeAll(() =>
  mockServer.listen({
    onUnhandledRequest(request, print) {
      if (isLocalRequest(new URL(request.url))) return;
      print.error();
      throw new Error(`Unhandled outside request in a test: ${request.method} ${request.url}`);
    },
  }),
);
afterEach(() => mockServer.resetHandlers());
afterAll(() => mockServer.close());
