/** CSV that Excel opens correctly: UTF-8 with a byte-order mark, CRLF line ends. */
import { stringify } from "csv-stringify/sync";

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function excelCsv(lines: readonly (readonly string[])[]): Buffer {
  return Buffer.concat([UTF8_BOM, Buffer.from(stringify(lines as string[][], { record_delimiter: "\r\n" }), "utf8")]);
}

/** Text someone else wrote, made inert: a value that starts like a formula is written as text, so Excel does not run it. */
export function inertCell(value: string | null): string {
  return value && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value ?? "";
}
