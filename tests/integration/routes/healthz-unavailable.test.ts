import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { expect, inject, it } from "vitest";

it("answers /healthz with 503 when the database cannot be opened", async () => {
  // A database path below a regular file can never be created: the database does not answer.
  const blocker = join(inject("testDatabaseDir"), "not-a-directory");
  writeFileSync(blocker, "");
  process.env.DATABASE_PATH = join(blocker, "xyd.sqlite");
  const build = (await import(/* @vite-ignore */ pathToFileURL(`${process.cwd()}/build/index.js`).href)) as ServerBuild;
  const response = await createRequestHandler(build, "production")(new Request("http://localhost/healthz"), {
    clientAddress: "127.0.0.1",
  });
  expect(response.status).toBe(503);
  expect(await response.json()).toMatchObject({ status: "unavailable" });
});
