/**
 * Query strings of the list screens and their exports (the 金融超市, the officer's queue, the bank's
 * business list, the firm search). A list screen and its CSV read the same string with the same
 * schema, so the export is the list the person sees. A malformed value is dropped on its own (the
 * screen says so) and the rest still apply: a hand-edited URL never costs a 500 or an empty page.
 */
import * as v from "valibot";
import "./messages";
import { CLAIM_STATUSES, GUARANTEE_MODES, MARKET_SORTS, PRODUCT_TAGS } from "~/domain/marketplace";
import { CREDIT_GRADES } from "~/domain/scoring";
import { FEN_PER_WAN_YUAN, parseAmountToFen } from "~/lib/money";
import { QUEUE_SORTS } from "~/lib/ranking";
import { DISTRICT_CODES, INDUSTRY_CODES } from "~/lib/reference";

type QuerySchema = v.ObjectSchema<v.ObjectEntries, undefined>;

export type LenientQuery<S extends QuerySchema> = {
  /** What the query string said, for the form's fields (blank is absent). */
  values: Partial<Record<keyof S["entries"], string>>;
  /** The values that parsed, each on its own. */
  output: Partial<v.InferOutput<S>>;
  /** Whether some value was dropped. */
  invalid: boolean;
};

/** Each entry of `schema` parsed on its own from the query string; a bad one is left out. */
export function lenientQuery<S extends QuerySchema>(schema: S, params: URLSearchParams): LenientQuery<S> {
  const values: Record<string, string> = {};
  const output: Record<string, unknown> = {};
  let invalid = false;
  for (const [key, entry] of Object.entries(schema.entries)) {
    const raw = params.get(key) || undefined;
    if (raw !== undefined) values[key] = raw;
    const parsed = v.safeParse(entry, raw);
    if (parsed.success) {
      if (parsed.output !== undefined) output[key] = parsed.output;
    } else invalid = true;
  }
  return { values: values as LenientQuery<S>["values"], output: output as LenientQuery<S>["output"], invalid };
}

const wan = v.pipe(
  v.string(),
  v.transform((s) => parseAmountToFen(s, FEN_PER_WAN_YUAN)),
  v.number(),
);
const id = v.pipe(v.string(), v.regex(/^\d{1,9}$/), v.transform(Number));
const keyword = v.pipe(v.string(), v.trim(), v.maxLength(50));

/** /products: filters, a keyword and an order. */
export const marketQuerySchema = v.object({
  q: v.optional(keyword),
  amount: v.optional(wan),
  term: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/), v.transform(Number))),
  guarantee: v.optional(v.picklist(GUARANTEE_MODES)),
  tag: v.optional(v.picklist(PRODUCT_TAGS)),
  institution: v.optional(v.pipe(v.string(), v.regex(/^\d{1,6}$/), v.transform(Number))),
  sort: v.optional(v.picklist(MARKET_SORTS)),
});

/** The queue's two looks: cards with every check's words, or a compact table. */
export const QUEUE_VIEWS = ["cards", "table"] as const;

/** /bank/applicants and /bank/applicants.csv. */
export const queueQuerySchema = v.object({
  district: v.optional(v.picklist(DISTRICT_CODES as [string, ...string[]])),
  industry: v.optional(v.picklist(INDUSTRY_CODES as [string, ...string[]])),
  guarantee: v.optional(v.picklist(GUARANTEE_MODES)),
  min: v.optional(wan),
  max: v.optional(wan),
  grade: v.optional(v.picklist(CREDIT_GRADES)),
  enterprise: v.optional(id),
  only: v.optional(v.literal("applications")),
  sort: v.optional(v.picklist(QUEUE_SORTS)),
  view: v.optional(v.picklist(QUEUE_VIEWS)),
});

/** The queue's filter as app/services/queue.server.ts takes it (without the page). */
export function queueFilterOf(q: Partial<v.InferOutput<typeof queueQuerySchema>>) {
  return {
    districtCode: q.district,
    industrySection: q.industry,
    guaranteeMode: q.guarantee,
    minAmountFen: q.min,
    maxAmountFen: q.max,
    minGrade: q.grade,
    enterpriseId: q.enterprise,
    onlyApplications: q.only === "applications",
    sort: q.sort ?? "fit",
  };
}

/** /bank/claims and /bank/claims.csv. */
export const claimListQuerySchema = v.object({
  status: v.optional(v.picklist(CLAIM_STATUSES)),
  mine: v.optional(v.literal("1")),
});

/** /bank/enterprises: a firm's name (or part of it) or its USCC. */
export const enterpriseSearchSchema = v.object({
  q: v.optional(v.pipe(keyword, v.minLength(2))),
});
