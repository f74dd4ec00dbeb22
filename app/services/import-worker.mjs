// Entry of an import worker thread. Worker threads do not inherit the main thread's tsx loader, so
// register it here (with the project's path aliases), then run the TypeScript worker body.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../../tsconfig.json", import.meta.url)) });
await import("./import-worker.server.ts");
