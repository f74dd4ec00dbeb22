/**
 * Runs once before all tests: migrates a template database that every test file copies, so each
 * file starts from a fresh schema without paying for the migrations again.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { openMigratedDatabase } from "../../db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseDir: string;
    templateDatabasePath: string;
  }
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "xyd-test-"));
  const templatePath = join(dir, "template.sqlite");
  const db = openMigratedDatabase(templatePath);
  // Fold the WAL into the main file so a plain file copy carries the whole schema.
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  project.provide("testDatabaseDir", dir);
  project.provide("templateDatabasePath", templatePath);
  return () => rmSync(dir, { recursive: true, force: true });
}
