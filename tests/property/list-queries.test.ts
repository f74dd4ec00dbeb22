/**
 * The list screens' query strings (app/lib/validation/queries.ts) under hostile input: whatever a
 * hand-edited URL holds, the reader never throws, keeps every good value, drops every bad one (and
 * says so), and a kept value is inside what the schema allows.
 */
import fc from "fast-check";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { containsPattern } from "~/lib/text";
import { claimListQuerySchema, enterpriseSearchSchema, lenientQuery, marketQuerySchema, queueQuerySchema } from "~/lib/validation/queries";
import { hostileFieldValue } from "./hostile";

const SCHEMAS = { market: marketQuerySchema, queue: queueQuerySchema, claims: claimListQuerySchema, firms: enterpriseSearchSchema };

describe("lenientQuery", () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    const keys = Object.keys(schema.entries);
    it(`${name}: keeps each value that parses on its own, drops the rest, never throws`, () => {
      fc.assert(
        fc.property(fc.dictionary(fc.constantFrom(...keys, "page", "x"), fc.oneof(hostileFieldValue, fc.string())), (raw) => {
          const params = new URLSearchParams(raw);
          const { output, invalid, values } = lenientQuery(schema, params);
          let anyBad = false;
          for (const key of keys) {
            const given = params.get(key) || undefined;
            expect((values as Record<string, string | undefined>)[key]).toBe(given);
            const alone = v.safeParse((schema.entries as Record<string, v.GenericSchema>)[key]!, given);
            if (alone.success) expect((output as Record<string, unknown>)[key]).toEqual(alone.output);
            else {
              anyBad = true;
              expect(key in output).toBe(false);
            }
          }
          expect(invalid).toBe(anyBad);
        }),
        { numRuns: 200 },
      );
    });
  }

  it("keeps the good filters when one is bad", () => {
    const { output, invalid } = lenientQuery(marketQuerySchema, new URLSearchParams("q=科技&sort=cheapest&amount=50"));
    expect(invalid).toBe(true);
    expect(output).toEqual({ q: "科技", amount: 50_000_000 });
  });
});

describe("containsPattern", () => {
  it("takes LIKE's wildcards and the escape character literally", () => {
    expect(containsPattern("100%_a\\b")).toBe("%100\\%\\_a\\\\b%");
  });
});
