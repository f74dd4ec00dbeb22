/**
 * The one CSV writer of the portal: every export (reports, the audit log, rejected rows) goes through
 * `excelCsv`, so every cell follows one rule. CSV that Excel opens correctly: UTF-8 with a byte-order
 * mark, CRLF line ends; and no cell Excel would run as a formula.
 */
import { stringify } from "csv-stringify/sync";

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * A cell made inert: a value that starts like a formula (= + - @, tab, carriage return) is written as
 * text with a leading apostrophe, so Excel or WPS does not run it (OWASP "CSV injection"). Cells that
 * do not start so are written unchanged, so an export without such a cell keeps its exact bytes.
 */
function inertCell(value: string | null): string {
  return value && /^[=+\-@\t\r]/.test(value) ? `'${value}` : (value ?? "");
}

export function excelCsv(lines: readonly (readonly (string | null)[])[]): Buffer {
  const cells = lines.map((line) => line.map(inertCell));
  return Buffer.concat([UTF8_BOM, Buffer.from(stringify(cells, { record_delimiter: "\r\n" }), "utf8")]);
}
