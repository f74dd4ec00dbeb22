import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: { alias: { "~db": root("./db"), "~": root("./app") } },
  test: {
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/msw-setup.ts"],
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      { extends: true, test: { name: "property", include: ["tests/property/**/*.test.ts"], testTimeout: 60_000 } },
      {
        extends: true,
        test: { name: "integration", include: ["tests/integration/**/*.test.ts"], testTimeout: 30_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          testTimeout: 60_000,
          // The first file's beforeAll seeds the shared demo city (a minute when quiet; the seeding start
          // itself may take 300 s on a loaded machine, see tests/support/browser.ts), then starts its server.
          hookTimeout: 420_000,
          // Each file starts its own server and browser; two at once is all two cores can take.
          fileParallelism: false,
        },
      },
    ],
  },
});
