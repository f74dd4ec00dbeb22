/**
 * Row schemas of credit data, the same for every door (sync, upload, push). Amounts arrive in 元 with
 * up to two decimals and become fen; yes/no arrives the many ways utilities write it. Messages zh-CN.
 */
import * as v from "valibot";
import { FEN_PER_YUAN, parseAmountToFen } from "~/lib/money";
import { normalizeTyped } from "~/lib/text";
import { dateOf, isCalendarDate, isMonth, monthOf } from "~/lib/time";
import { REPAIRABLE_EVENT_KINDS, type RepairableEventKind } from "~/domain/credit-repairs";
import {
  CREDIT_EVENT_KIND_LABELS,
  CREDIT_EVENT_KINDS,
  CREDIT_SOURCE_LABELS,
  CREDIT_SOURCES,
  TAX_GRADES,
  type CreditSource,
  type PenaltySeverity,
  type RegistryStatus,
} from "~/domain/credit";
import { normalizeUscc, usccProblem } from "~/lib/uscc";
import { readable, usccField } from "./fields";

export const QUANTITY_UNITS: Partial<Record<CreditSource, string>> = { electricity: "千瓦时", water: "立方米", gas: "立方米" };

/** Which fields each source must report. */
export const REQUIRED_FIELDS: Record<CreditSource, readonly (keyof MonthlyValues)[]> = {
  electricity: ["quantity", "billedFen", "paidFen", "paidOnTime"],
  water: ["quantity", "billedFen", "paidFen", "paidOnTime"],
  gas: ["quantity", "billedFen", "paidFen", "paidOnTime"],
  tax: ["taxPaidFen", "paidOnTime"],
  social_insurance: ["headcount", "billedFen", "paidFen", "paidOnTime"],
  housing_fund: ["headcount", "billedFen", "paidFen", "paidOnTime"],
};

export const FIELD_LABELS: Record<string, string> = {
  uscc: "统一社会信用代码",
  source: "数据源",
  month: "月份",
  quantity: "用量",
  billedFen: "应缴金额",
  paidFen: "实缴金额",
  paidOnTime: "是否按时缴纳",
  arrearsFen: "欠费金额",
  headcount: "人数",
  taxPaidFen: "纳税额",
  year: "年度",
  grade: "纳税信用等级",
  kind: "事件类型",
  occurredOn: "发生日期",
  severity: "处罚等级",
  reference: "文书号",
  authority: "作出机关",
  description: "事项说明",
  repairsReference: "修复对象文书号",
  repairsKind: "修复对象类型",
  listingReference: "移出对象文书号",
  name: "企业名称",
  legalRepName: "法定代表人",
  status: "登记状态",
};

export type MonthlyValues = {
  quantity: number | null;
  billedFen: number | null;
  paidFen: number | null;
  paidOnTime: boolean | null;
  arrearsFen: number | null;
  headcount: number | null;
  taxPaidFen: number | null;
};

const blank = (value: unknown) => value === undefined || value === null || (typeof value === "string" && value.trim() === "");

/**
 * A cell's text: strings, numbers and booleans as written; anything else (an object or array sent in
 * JSON) has none — String() of `{"toString": {}}` would throw — so it is a bad value, not a crash.
 */
const cellText = (value: unknown): string | undefined =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;

// The parsers below answer null for blank and undefined for a bad value. The schemas wrap them for
// their messages, and the fast path (monthlyRowParser) calls them directly, so both accept the same.

/** An amount in 元 (number or text, up to two decimals) → fen. */
function yuanToFen(value: unknown): number | null | undefined {
  if (typeof value === "number" && value >= 0 && value < 1e12) {
    // A number that is a whole number of fen: the same fen its text would parse to, without the text.
    const fen = Math.round(value * FEN_PER_YUAN);
    if (fen / FEN_PER_YUAN === value) return fen + 0; // + 0 turns -0 into 0
  }
  if (blank(value)) return null;
  const cell = cellText(value);
  if (cell === undefined) return undefined;
  const text = typeof value === "number" ? (Number.isFinite(value) ? cell : "x") : normalizeTyped(cell);
  return parseAmountToFen(text, FEN_PER_YUAN) ?? undefined;
}

function toWholeNumber(value: unknown, max: number): number | null | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && value <= max) return value + 0;
  if (blank(value)) return null;
  const cell = cellText(value);
  if (cell === undefined) return undefined;
  const text = normalizeTyped(cell).replace(/,/g, "");
  const n = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  return Number.isSafeInteger(n) && n <= max ? n : undefined;
}

const YES = new Set(["是", "y", "yes", "true", "1", "按时", "正常"]);
const NO = new Set(["否", "n", "no", "false", "0", "逾期", "迟缴"]);
function toYesNo(value: unknown): boolean | null | undefined {
  if (typeof value === "boolean") return value;
  if (blank(value)) return null;
  const text = cellText(value)?.trim().toLowerCase();
  return text === undefined ? undefined : YES.has(text) ? true : NO.has(text) ? false : undefined;
}

/** A valibot field around one of the parsers. A field the source does not report may be left out, not only left blank: null. */
function parsedField<T>(parse: (value: unknown) => T | null | undefined, message: string) {
  return v.optional(
    v.pipe(
      v.unknown(),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const parsed = parse(dataset.value);
        if (parsed === undefined) {
          addIssue({ message });
          return NEVER;
        }
        return parsed;
      }),
    ),
    null,
  );
}

const yuan = (label: string) => parsedField(yuanToFen, `${label}应为不小于0的金额（元），最多两位小数`);
const wholeNumber = (label: string, max: number) =>
  parsedField((value) => toWholeNumber(value, max), `${label}应为不大于 ${max.toLocaleString("en-US")} 的非负整数`);
const yesNo = parsedField(toYesNo, "是否按时缴纳应填“是”或“否”");

const MAX_QUANTITY = 1_000_000_000_000;
const MAX_HEADCOUNT = 1_000_000;
const EARLIEST_MONTH = "2000-01";

function monthField(currentMonth: string) {
  return v.pipe(
    v.string("月份格式应为 YYYY-MM"),
    v.trim(),
    v.check(isMonth, "月份格式应为 YYYY-MM，如 2026-10"),
    v.check((m) => m >= EARLIEST_MONTH, `月份不能早于 ${EARLIEST_MONTH}`),
    v.check((m) => m <= currentMonth, "不能报送未来月份的数据"),
  );
}

export function monthlyRowSchema(now: number) {
  return v.pipe(
    v.object({
      uscc: usccField,
      source: v.picklist(CREDIT_SOURCES, "数据源应为 electricity、water、gas、tax、social_insurance 或 housing_fund"),
      month: monthField(monthOf(now)),
      quantity: wholeNumber("用量", MAX_QUANTITY),
      billedFen: yuan("应缴金额"),
      paidFen: yuan("实缴金额"),
      paidOnTime: yesNo,
      arrearsFen: yuan("欠费金额"),
      headcount: wholeNumber("人数", MAX_HEADCOUNT),
      taxPaidFen: yuan("纳税额"),
    }),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      for (const field of REQUIRED_FIELDS[dataset.value.source]) {
        if (dataset.value[field] === null) {
          addIssue({
            message: `${CREDIT_SOURCE_LABELS[dataset.value.source]}数据须填写${FIELD_LABELS[field]}`,
            path: [{ type: "object", origin: "value", input: dataset.value as Record<string, unknown>, key: field, value: null }],
          });
        }
      }
    }),
  );
}
export type MonthlyRow = v.InferOutput<ReturnType<typeof monthlyRowSchema>>;

/**
 * The fast path of monthlyRowSchema for big batches: the same row for a good one, built with the same
 * parsers but without valibot's per-field bookkeeping; null for anything else, and the caller then
 * asks the schema, which names every problem. It never accepts what the schema refuses
 * (tests/unit/credit-validation.test.ts checks that on random rows).
 */
export function monthlyRowParser(now: number): (raw: Record<string, unknown>) => MonthlyRow | null {
  const currentMonth = monthOf(now);
  return (raw) => {
    if (typeof raw !== "object" || raw === null || typeof raw.uscc !== "string" || typeof raw.month !== "string") return null;
    const uscc = normalizeUscc(raw.uscc);
    const source = raw.source as CreditSource;
    const month = raw.month.trim();
    if (usccProblem(uscc) || !SOURCE_SET.has(source) || !isMonth(month) || month < EARLIEST_MONTH || month > currentMonth) return null;
    const row = {
      uscc,
      source,
      month,
      quantity: toWholeNumber(raw.quantity, MAX_QUANTITY),
      billedFen: yuanToFen(raw.billedFen),
      paidFen: yuanToFen(raw.paidFen),
      paidOnTime: toYesNo(raw.paidOnTime),
      arrearsFen: yuanToFen(raw.arrearsFen),
      headcount: toWholeNumber(raw.headcount, MAX_HEADCOUNT),
      taxPaidFen: yuanToFen(raw.taxPaidFen),
    };
    for (const field of VALUE_FIELDS) if (row[field] === undefined) return null;
    for (const field of REQUIRED_FIELDS[source]) if (row[field] === null) return null;
    return row as MonthlyRow;
  };
}
const SOURCE_SET = new Set<string>(CREDIT_SOURCES);
const VALUE_FIELDS = ["quantity", "billedFen", "paidFen", "paidOnTime", "arrearsFen", "headcount", "taxPaidFen"] as const;

export function taxGradeRowSchema(now: number) {
  const thisYear = Number(dateOf(now).slice(0, 4));
  return v.object({
    uscc: usccField,
    year: v.pipe(
      v.union([v.number(), v.string()], "年度应为四位年份"),
      v.transform((y) => Number(String(y).trim())),
      v.integer("年度应为四位年份"),
      v.minValue(2014, "纳税信用评价自 2014 年度起"),
      v.maxValue(thisYear - 1, "只能报送已评定的年度"),
    ),
    grade: v.pipe(
      v.string("纳税信用等级应为 A、B、M、C 或 D"),
      v.trim(),
      v.toUpperCase(),
      v.picklist(TAX_GRADES, "纳税信用等级应为 A、B、M、C 或 D"),
    ),
  });
}
export type TaxGradeRow = v.InferOutput<ReturnType<typeof taxGradeRowSchema>>;

const SEVERITY_WORDS: Record<string, PenaltySeverity> = {
  一般: "general",
  较重: "serious",
  严重: "grave",
  general: "general",
  serious: "serious",
  grave: "grave",
};

/** What a repair may say it repairs: the event kind's code, or its zh-CN name. */
const REPAIRS_KIND_WORDS: Record<string, RepairableEventKind> = Object.fromEntries(
  REPAIRABLE_EVENT_KINDS.flatMap((kind) => [
    [kind, kind],
    [CREDIT_EVENT_KIND_LABELS[kind], kind],
  ]),
);

export function eventRowSchema(now: number) {
  const today = dateOf(now);
  return v.pipe(
    v.object({
      uscc: usccField,
      kind: v.picklist(CREDIT_EVENT_KINDS, "事件类型无效"),
      occurredOn: v.pipe(
        v.string("发生日期应为 YYYY-MM-DD"),
        v.trim(),
        v.check(isCalendarDate, "发生日期应为 YYYY-MM-DD"),
        v.check((d) => d <= today, "发生日期不能晚于今天"),
      ),
      severity: v.pipe(
        v.optional(v.string(), ""),
        v.trim(),
        v.check((s) => s === "" || s in SEVERITY_WORDS, "处罚等级应为 一般、较重 或 严重"),
        v.transform((s) => (s === "" ? null : SEVERITY_WORDS[s]!)),
      ),
      reference: v.pipe(
        v.string("请填写文书号"),
        v.trim(),
        v.nonEmpty("请填写文书号"),
        v.maxLength(64, "文书号不能超过64个字符"),
        readable("文书号"),
      ),
      authority: v.pipe(
        v.string("请填写作出机关"),
        v.trim(),
        v.nonEmpty("请填写作出机关"),
        v.maxLength(60, "作出机关不能超过60个字"),
        readable("作出机关"),
      ),
      description: v.pipe(
        v.string("请填写事项说明"),
        v.trim(),
        v.nonEmpty("请填写事项说明"),
        v.maxLength(500, "事项说明不能超过500字"),
        readable("事项说明"),
      ),
      repairsReference: v.pipe(
        v.optional(v.string("修复对象文书号应为文本"), ""),
        v.trim(),
        v.maxLength(64, "修复对象文书号不能超过64个字符"),
        readable("修复对象文书号"),
        v.transform((s) => (s === "" ? null : s)),
      ),
      repairsKind: v.pipe(
        v.optional(v.string("修复对象类型应为文本"), ""),
        v.trim(),
        v.check(
          (s) => s === "" || s in REPAIRS_KIND_WORDS,
          "修复对象类型应为 penalty（行政处罚）或 dishonest_entry（列入严重失信主体名单）",
        ),
        v.transform((s) => (s === "" ? null : REPAIRS_KIND_WORDS[s]!)),
      ),
      listingReference: v.pipe(
        v.optional(v.string("移出对象文书号应为文本"), ""),
        v.trim(),
        v.maxLength(64, "移出对象文书号不能超过64个字符"),
        readable("移出对象文书号"),
        v.transform((s) => (s === "" ? null : s)),
      ),
    }),
    v.forward(
      v.check((e) => (e.kind === "penalty") === (e.severity !== null), "行政处罚须填写处罚等级，其他事件不填"),
      ["severity"],
    ),
    // A repair lifts one record, so it must name it; no other event repairs anything.
    v.forward(
      v.check(
        (e) => (e.kind === "credit_repair") === (e.repairsReference !== null),
        "信用修复须填写所修复的行政处罚或失信名单的文书号，其他事件不填",
      ),
      ["repairsReference"],
    ),
    v.forward(
      v.check((e) => e.kind === "credit_repair" || e.repairsKind === null, "修复对象类型只适用于信用修复"),
      ["repairsKind"],
    ),
    // An exit ends one listing, so it must name it: its own document number is not the listing's.
    v.forward(
      v.check(
        (e) => (e.kind === "dishonest_exit") === (e.listingReference !== null),
        "移出严重失信主体名单须填写所移出的列入决定文书号，其他事件不填",
      ),
      ["listingReference"],
    ),
  );
}
export type EventRow = v.InferOutput<ReturnType<typeof eventRowSchema>>;

const REGISTRY_STATUS_WORDS: Record<string, RegistryStatus> = {
  存续: "active",
  在业: "active",
  开业: "active",
  active: "active",
  注销: "deregistered",
  deregistered: "deregistered",
  吊销: "revoked",
  revoked: "revoked",
};

/** 存续企业登记注册 rows from the market regulator: the firm's registered name, legal representative and status. */
export function registryRowSchema(_now: number) {
  return v.object({
    uscc: usccField,
    name: v.pipe(
      v.string("请填写企业名称"),
      v.trim(),
      v.nonEmpty("请填写企业名称"),
      v.maxLength(100, "企业名称不能超过100个字"),
      readable("企业名称"),
    ),
    legalRepName: v.pipe(
      v.string("请填写法定代表人"),
      v.trim(),
      v.nonEmpty("请填写法定代表人"),
      v.maxLength(50, "法定代表人不能超过50个字"),
      readable("法定代表人"),
    ),
    status: v.pipe(
      v.string("登记状态应为 存续、注销 或 吊销"),
      v.trim(),
      v.check((s) => s in REGISTRY_STATUS_WORDS, "登记状态应为 存续、注销 或 吊销"),
      v.transform((s) => REGISTRY_STATUS_WORDS[s]!),
    ),
  });
}
export type RegistryRow = v.InferOutput<ReturnType<typeof registryRowSchema>>;
