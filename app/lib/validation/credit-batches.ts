/**
 * Schemas around credit-data batches rather than their rows: data providers and their tokens, the
 * upload form and the push API body. Row schemas stay in ./credit.ts. Messages zh-CN.
 */
import * as v from "valibot";
import { isMonth } from "~/lib/time";
import { BATCH_KINDS, CREDIT_SOURCES, PROVIDER_PERMISSIONS, type BatchKind } from "~/domain/credit";
import { listField, requiredText } from "./fields";

/** Max size of an uploaded file or a pushed body, and max rows in one batch. */
export const MAX_BATCH_BYTES = 20 * 1024 * 1024;
export const MAX_BATCH_ROWS = 200_000;

const idField = (message: string) => v.pipe(v.string(message), v.trim(), v.regex(/^\d{1,12}$/, message), v.transform(Number));

export const providerSchema = v.object({
  name: requiredText("提供方名称", 60, 2),
  sources: listField(PROVIDER_PERMISSIONS, "可报送数据"),
});

export const tokenIssueSchema = v.object({
  providerId: idField("请选择数据提供方"),
  label: requiredText("令牌用途", 40),
});

export const tokenRevokeSchema = v.object({ tokenId: idField("令牌不存在") });

export const providerStatusSchema = v.object({
  providerId: idField("数据提供方不存在"),
  intent: v.picklist(["disable", "enable"], "无法识别的操作"),
});

const optionalPick = <const T extends readonly [string, ...string[]]>(options: T, message: string) =>
  v.pipe(
    v.optional(v.string(), ""),
    v.trim(),
    v.transform((s) => (s === "" ? null : s)),
    v.nullable(v.picklist(options, message)),
  );

const optionalMonth = v.pipe(
  v.optional(v.string(), ""),
  v.trim(),
  v.check((m) => m === "" || isMonth(m), "月份格式应为 YYYY-MM，如 2026-10"),
  v.transform((m) => (m === "" ? null : m)),
);

/** The choices made with an upload: what the file holds and who delivered it. */
export const uploadOptionsSchema = v.pipe(
  v.object({
    kind: v.picklist(BATCH_KINDS, "请选择数据类型"),
    source: optionalPick(CREDIT_SOURCES, "数据源无效"),
    month: optionalMonth,
    providerId: v.pipe(
      v.optional(v.string(), ""),
      v.trim(),
      v.check((s) => s === "" || /^\d{1,12}$/.test(s), "数据提供方无效"),
      v.transform((s) => (s === "" ? null : Number(s))),
    ),
    /** Checked: rows for firms not on the portal are rejections (default: kept for when they register). */
    refuseUnregistered: v.pipe(
      v.optional(v.string(), ""),
      v.transform((s) => s === "on"),
    ),
  }),
  v.forward(
    v.check((o) => o.kind === "monthly" || (o.source === null && o.month === null), "数据源和月份只适用于月度数据"),
    ["source"],
  ),
);
export type UploadOptions = v.InferOutput<typeof uploadOptionsSchema>;

/** The body of POST /api/v1/credit-data/batches (docs/push-api.md). Rows are checked one by one at ingest. */
export const pushBodySchema = v.pipe(
  v.object(
    {
      batchId: v.pipe(
        v.string("batchId 应为字符串"),
        v.trim(),
        v.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, "batchId 应为1–64位字母、数字或 . _ : -"),
      ),
      kind: v.picklist(BATCH_KINDS, "kind 应为 monthly、tax_grade、event 或 registry"),
      source: v.optional(v.picklist(CREDIT_SOURCES, "source 应为 electricity、water、gas、tax、social_insurance 或 housing_fund")),
      month: v.optional(v.pipe(v.string("month 格式应为 YYYY-MM"), v.check(isMonth, "month 格式应为 YYYY-MM"))),
      refuseUnregistered: v.optional(v.boolean("refuseUnregistered 应为 true 或 false"), false),
      rows: v.pipe(
        v.array(
          v.custom<Record<string, unknown>>((r) => typeof r === "object" && r !== null && !Array.isArray(r), "每一行应为 JSON 对象"),
          "rows 应为数组",
        ),
        v.minLength(1, "rows 不能为空"),
        v.maxLength(MAX_BATCH_ROWS, `一个批次最多 ${MAX_BATCH_ROWS.toLocaleString("en-US")} 行，请拆分后分批推送`),
      ),
    },
    "请求体应为 JSON 对象",
  ),
  v.forward(
    v.check((b) => b.kind === "monthly" || (b.source === undefined && b.month === undefined), "source 和 month 只适用于 monthly 批次"),
    ["source"],
  ),
);
export type PushBody = v.InferOutput<typeof pushBodySchema>;

/** The batch number in a URL; undefined for a malformed one (a page that does not exist). */
export function batchLocation(param: string | undefined): number | undefined {
  if (!param || !/^[1-9]\d{0,11}$/.test(param)) return undefined;
  return Number(param);
}

/** The columns a file (or pushed row) of each kind may carry, in the order a template lists them. */
export const COLUMNS_BY_KIND: Record<BatchKind, readonly string[]> = {
  monthly: ["uscc", "source", "month", "quantity", "billedFen", "paidFen", "paidOnTime", "arrearsFen", "headcount", "taxPaidFen"],
  tax_grade: ["uscc", "year", "grade"],
  event: [
    "uscc",
    "kind",
    "occurredOn",
    "severity",
    "reference",
    "authority",
    "description",
    "repairsReference",
    "repairsKind",
    "listingReference",
  ],
  registry: ["uscc", "name", "legalRepName", "status"],
};
