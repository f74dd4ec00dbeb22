/**
 * One credit import in its own process, for the crash test: runs a staged upload's rows file through
 * the import runner (what the import worker thread runs), printing each progress step as a JSON line.
 *   node --import tsx tests/support/credit-import-child.ts <database> <rows file>
 */
import { runImport } from "~/services/credit-import.server";
import { openDatabase } from "~db/connection";

const [database, rowsFile] = process.argv.slice(2);
const db = openDatabase(database!);
const line = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const report = runImport(
  db,
  {
    spec: { origin: "upload", providerId: null, kind: "monthly", source: "electricity", allowedSources: null },
    rows: { file: rowsFile! },
    now: Date.now(),
  },
  (done, total, phase) => line({ done, total, phase }),
);
line({ finished: report.status });
