/**
 * Hostile values for property tests: what a broken client, a careless paste or an attacker sends.
 * Shared by the schema properties and the HTTP fuzzing of form routes.
 */
import fc from "fast-check";

/** 10 MB fields, built once. */
export const TEN_MB_ASCII = "9".repeat(10 * 1024 * 1024);
export const TEN_MB_CHINESE = "贷".repeat((10 * 1024 * 1024) / 3);

export const HOSTILE_CONSTANTS = [
  "",
  " ",
  "\u3000",
  "\t\n",
  "0",
  "-0",
  "+0",
  "-1",
  "0.0000001",
  "1e5",
  "1e308",
  "-1e308",
  "NaN",
  "nan",
  "Infinity",
  "-Infinity",
  "9".repeat(400),
  "9007199254740993",
  "999999999999",
  "0x10",
  "1_000",
  "1,000",
  "1.",
  ".5",
  "1.2.3",
  "１２３",
  "１２３．４５",
  "－５",
  "１００％",
  "２０２６－１０",
  "２０２６-１０-０１",
  "\u200B123",
  "12\u200B3",
  "\uFEFF1",
  "\u200D",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "' OR '1'='1",
  "1; DROP TABLE users; --",
  "') UNION SELECT password_hash FROM users --",
  "\uD800",
  "a\uDC00b",
  "\uDBFF\uDFFF",
  "\u0000",
  "a\u0000b",
  "\u001B[31m",
  "\u007F",
  "😀",
  "👨‍👩‍👧‍👦".repeat(40),
  "，。；：？！“”",
  "【】《》、",
  "中文测试",
  "é",
  "e\u0301",
  "Ω",
  "ﬀ",
  "null",
  "undefined",
  "true",
  "false",
  "[]",
  "{}",
  "[object Object]",
  "__proto__",
  "constructor",
  "toString",
  "%00",
  "%",
  "../../etc/passwd",
  "\r\n\r\n",
  "yes",
  "all",
  "-",
  "all,all",
  ",",
  ",,",
  TEN_MB_ASCII,
  TEN_MB_CHINESE,
] as const;

const NOT_HUGE = HOSTILE_CONSTANTS.filter((c) => c.length < 10_000);

/** Any hostile text: a known nasty value, random Unicode (lone surrogates included), or a number's text. */
export const hostileString: fc.Arbitrary<string> = hostileText(HOSTILE_CONSTANTS);

/** The same without the 10 MB fields, for HTTP runs (a few dedicated requests send those). */
export const hostileFieldValue: fc.Arbitrary<string> = hostileText(NOT_HUGE);

function hostileText(constants: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...constants) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 80 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.double().map(String) },
    { weight: 1, arbitrary: fc.bigInt().map(String) },
    {
      weight: 1,
      arbitrary: fc.integer().map((n) => String(n).replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))),
    },
  );
}

/** Any hostile JSON value, for the push API and ingest rows. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  {
    weight: 1,
    arbitrary: fc.constantFrom(null, true, false, 0, -0, 1e308, -1, 0.1, Number.MAX_SAFE_INTEGER + 2, [], {}),
  },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/**
 * A valid form with hostile values in some of its fields (or those fields left out), so each field's
 * rules meet hostile input while the rest of the form is fine.
 */
export function mutatedForm(
  valid: Record<string, string>,
  extraKeys: readonly string[] = [],
  values: fc.Arbitrary<string> = hostileString,
): fc.Arbitrary<Record<string, string>> {
  const keys = [...Object.keys(valid), ...extraKeys];
  return fc
    .array(fc.tuple(fc.constantFrom(...keys), fc.option(values, { nil: undefined, freq: 6 })), { minLength: 1, maxLength: 3 })
    .map((changes) => {
      const form: Record<string, string> = { ...valid };
      for (const [key, value] of changes) {
        if (value === undefined) delete form[key];
        else form[key] = value;
      }
      return form;
    });
}

/** A zh-CN message a person can act on: Chinese text, not a library's English default. */
export function isChineseMessage(message: string): boolean {
  return /[\u4e00-\u9fff]/.test(message) && !/^(Invalid|Expected|Received)/.test(message);
}
