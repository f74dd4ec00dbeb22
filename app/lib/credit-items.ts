/**
 * Credit data items as people read them: titles, labelled values, the fields a bureau correction
 * asks for (named as the ingest rows name them, amounts in 元), and chart series where a missing
 * month stays a gap. Pure, shared by the enterprise's, the officer's and the bureau's screens.
 */
import type { RepairableEventKind } from "~/domain/credit-repairs";
import { formatYuan } from "~/lib/money";
import { addMonths, formatMonthZh, monthOf, monthsBetween } from "~/lib/time";
import { FIELD_LABELS, QUANTITY_UNITS, REQUIRED_FIELDS, type MonthlyValues } from "~/lib/validation/credit";
import {
  CREDIT_EVENT_KIND_LABELS,
  CREDIT_SOURCE_LABELS,
  PENALTY_SEVERITY_LABELS,
  type CreditEventKind,
  type CreditSource,
  type PenaltySeverity,
  type TaxGrade,
} from "~/domain/credit";

export type MonthlyItemValues = MonthlyValues & { source: CreditSource; month: string };
export type TaxGradeItemValues = { year: number; grade: TaxGrade };
export type EventItemValues = {
  kind: CreditEventKind;
  occurredOn: string;
  severity: PenaltySeverity | null;
  reference: string;
  authority: string;
  description: string;
  /** For a credit_repair: the reference of the record it repaired. */
  repairsReference: string | null;
  /** For a credit_repair: the kind of the record it repaired, when known. */
  repairsKind?: RepairableEventKind | null;
  /** For a dishonest_exit: the reference of the listing it ended. */
  listingReference?: string | null;
};

export type CreditItem =
  | { type: "monthly"; values: MonthlyItemValues }
  | { type: "tax_grade"; values: TaxGradeItemValues }
  | { type: "event"; values: EventItemValues };

type MonthlyField = keyof MonthlyValues;

/** Every figure of a monthly row, in reading order (what it measures, then billing, then arrears). */
export const MONTHLY_FIELDS: readonly MonthlyField[] = [
  "quantity",
  "headcount",
  "taxPaidFen",
  "billedFen",
  "paidFen",
  "paidOnTime",
  "arrearsFen",
];

/** The fields a source reports. */
export function monthlyFieldsOf(source: CreditSource): MonthlyField[] {
  const used = new Set<MonthlyField>([...REQUIRED_FIELDS[source], "arrearsFen"]);
  return MONTHLY_FIELDS.filter((f) => used.has(f));
}

function unitOf(field: MonthlyField, source: CreditSource): string {
  if (field === "quantity") return QUANTITY_UNITS[source] ?? "";
  if (field === "headcount") return "人";
  if (field === "paidOnTime") return "";
  return "元";
}

export function monthlyFieldLabel(field: MonthlyField, source: CreditSource): string {
  const unit = unitOf(field, source);
  return unit && unit !== "人" ? `${FIELD_LABELS[field]}（${unit}）` : FIELD_LABELS[field]!;
}

/** A figure for reading; `withUnit: false` where the column header already names the unit. */
export function formatMonthlyValue(field: MonthlyField, values: MonthlyValues, source: CreditSource, withUnit = true): string {
  const value = values[field];
  if (value === null) return "—";
  if (field === "paidOnTime") return value ? "按时" : "逾期";
  const text = field === "quantity" || field === "headcount" ? (value as number).toLocaleString("zh-CN") : formatYuan(value as number);
  return withUnit ? `${text} ${unitOf(field, source)}` : text;
}

export function itemTitle(item: CreditItem): string {
  switch (item.type) {
    case "monthly":
      return `${CREDIT_SOURCE_LABELS[item.values.source]} · ${formatMonthZh(item.values.month)}`;
    case "tax_grade":
      return `${item.values.year} 年度纳税信用等级`;
    case "event":
      return `${CREDIT_EVENT_KIND_LABELS[item.values.kind]} · ${item.values.reference}`;
  }
}

/** The item's values as label/value lines. */
export function itemFacts(item: CreditItem): { label: string; value: string }[] {
  switch (item.type) {
    case "monthly": {
      const { source } = item.values;
      return monthlyFieldsOf(source).map((f) => ({ label: FIELD_LABELS[f]!, value: formatMonthlyValue(f, item.values, source) }));
    }
    case "tax_grade":
      return [{ label: "纳税信用等级", value: item.values.grade }];
    case "event": {
      const e = item.values;
      return [
        { label: "发生日期", value: e.occurredOn },
        ...(e.severity ? [{ label: "处罚等级", value: PENALTY_SEVERITY_LABELS[e.severity] }] : []),
        { label: "作出机关", value: e.authority },
        { label: "事项说明", value: e.description },
      ];
    }
  }
}

export type CorrectionField = {
  name: string;
  label: string;
  input: "text" | "date" | "select";
  options?: { value: string; label: string }[];
  /** A figure: phones should offer the number pad. */
  numeric?: boolean;
};

/** What the bureau may correct on an upheld objection; names are the ingest row's keys. */
/** An upheld objection to a 违诺 revokes it (a breach_revoked record) rather than correcting its values. */
export const upholdingRevokes = (item: CreditItem): boolean => item.type === "event" && item.values.kind === "commitment_breach";

export function correctionFields(item: CreditItem): CorrectionField[] {
  if (upholdingRevokes(item)) return [];
  switch (item.type) {
    case "monthly":
      return monthlyFieldsOf(item.values.source).map((f) =>
        f === "paidOnTime"
          ? {
              name: f,
              label: FIELD_LABELS[f]!,
              input: "select",
              options: [
                { value: "是", label: "是（按时）" },
                { value: "否", label: "否（逾期）" },
              ],
            }
          : { name: f, label: monthlyFieldLabel(f, item.values.source), input: "text", numeric: true },
      );
    case "tax_grade":
      return [
        { name: "grade", label: "纳税信用等级", input: "select", options: ["A", "B", "M", "C", "D"].map((g) => ({ value: g, label: g })) },
      ];
    case "event":
      return [
        { name: "occurredOn", label: "发生日期", input: "date" },
        ...(item.values.kind === "penalty"
          ? [
              {
                name: "severity",
                label: "处罚等级",
                input: "select" as const,
                options: Object.values(PENALTY_SEVERITY_LABELS).map((s) => ({ value: s, label: s })),
              },
            ]
          : []),
        { name: "authority", label: "作出机关", input: "text" },
        { name: "description", label: "事项说明", input: "text" },
      ];
  }
}

/** The current values, typed as the correction form expects them. */
export function correctionDefaults(item: CreditItem): Record<string, string> {
  switch (item.type) {
    case "monthly": {
      const v = item.values;
      const out: Record<string, string> = {};
      for (const f of monthlyFieldsOf(v.source)) {
        const value = v[f];
        if (value === null) out[f] = "";
        else if (f === "paidOnTime") out[f] = value ? "是" : "否";
        else if (f === "quantity" || f === "headcount") out[f] = String(value);
        else out[f] = formatYuan(value as number).replace(/,/g, "");
      }
      return out;
    }
    case "tax_grade":
      return { grade: item.values.grade };
    case "event": {
      const e = item.values;
      return {
        occurredOn: e.occurredOn,
        severity: e.severity ? PENALTY_SEVERITY_LABELS[e.severity] : "",
        authority: e.authority,
        description: e.description,
      };
    }
  }
}

/** The months a credit view covers: the last `count` months up to the current one. */
export function creditWindow(now: number, count = 24): { from: string; to: string; months: string[] } {
  const to = monthOf(now);
  const from = addMonths(to, -(count - 1));
  return { from, to, months: monthsBetween(from, to) };
}

/** One value per month; a month without a row (or without the figure) is null, a gap, never zero. */
export function monthlySeries<R extends { month: string }>(
  months: readonly string[],
  rows: readonly R[],
  pick: (row: R) => number | null,
): (number | null)[] {
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  return months.map((m) => {
    const row = byMonth.get(m);
    return row ? pick(row) : null;
  });
}
