/**
 * Writes the statistics triggers from their description (./facts.ts, app/domain/statistics-measures.ts).
 * `generateStatisticsTriggers()` is the text of the first trigger migration, drizzle/0005_statistics_triggers.sql,
 * byte for byte; given the latest trigger migration, it is the text of the next one: drop what that one
 * created, create everything anew, backfill the measures it did not know. Pure: the files are read and
 * written by ./migrations.ts and ./write-migration.ts (`npm run db:statistics`).
 */
import { MEASURE_COLUMNS as COLUMN, MEASURE_DEFINITIONS, type Measure } from "~/domain/statistics-measures";
import { BACKFILLS, ENTERPRISE_DIMENSIONS, FACTS, type Cells, type Fact, type Signed, type Sql, type Step } from "./facts";

/** A trigger migration already committed, which the next one replaces. */
export type TriggerMigration = { readonly tag: string; readonly sql: string };

type Row = "NEW" | "OLD";

const BREAKPOINT = "\n--> statement-breakpoint\n";

const HEADER = [
  "-- Keeps stat_cells (db/schema/statistics.ts) exact as the facts change. Every trigger adds signed",
  "-- changes to the cells of its fact's month: one cell per dimension (total, the enterprise's district,",
  "-- industry section and size, and the institution where the fact has one). Updates subtract the old",
  "-- contribution and add the new one; deletes subtract. The statistics engine reads only these cells.",
].join("\n");

/** Adds into the cell when it exists; every measure, so that one clause serves every statement. */
const onConflict = (): Sql =>
  `ON CONFLICT (month, dim, key) DO UPDATE SET ${MEASURE_DEFINITIONS.map((m) => `${m.column} = ${m.column} + excluded.${m.column}`).join(", ")}`;

/** The description is written for NEW; the old row of an update or delete is OLD. */
const forRow = (sql: Sql, row: Row): Sql => (row === "NEW" ? sql : sql.replace(/\bNEW\./g, "OLD."));

function cellsSql(cells: Cells): Sql {
  let sql = "(SELECT 'total' AS dim, '' AS key";
  if (cells.enterprise === "own") {
    for (const d of ENTERPRISE_DIMENSIONS) sql += ` UNION ALL SELECT '${d.dim}', NEW.${d.column}`;
  } else if (cells.enterprise !== undefined) {
    sql += ` UNION ALL SELECT dim, key FROM enterprise_dims WHERE enterprise_id = (${cells.enterprise})`;
  }
  if (cells.institution !== undefined) sql += ` UNION ALL SELECT 'institution', CAST((${cells.institution}) AS TEXT)`;
  return `${sql})`;
}

function valueSql(value: Signed, sign: 1 | -1): Sql {
  const signed = value.startsWith("-") ? -sign : sign;
  const expr = value.slice(2);
  return expr === "1" ? `(${signed})` : `(${signed} * ${expr})`;
}

/** One step as an upsert into the cells, for `row`, added (1) or taken back (−1). */
function stepSql(step: Step, row: Row, sign: 1 | -1): Sql {
  const adds = Object.entries(step.add) as [Measure, Signed][];
  const lines = [
    `INSERT INTO stat_cells (month, dim, key, ${adds.map(([m]) => COLUMN[m]).join(", ")})`,
    `SELECT ${step.month}, cell.dim, cell.key, ${adds.map(([, v]) => valueSql(v, sign)).join(", ")}`,
    `FROM ${cellsSql(step.cells)} AS cell${step.join === undefined ? "" : `, ${step.join}`}`,
    `WHERE ${step.when ?? "true"}`,
    `${onConflict()};`,
  ];
  return lines.map((line) => `  ${forRow(line, row)}`).join("\n");
}

/** The row's steps when it is added, or taken back in reverse hand-over order when it is removed. */
function stepsSql(fact: Fact, row: Row, sign: 1 | -1): Sql[] {
  const steps = fact.adds.flatMap((s): readonly Step[] => (Array.isArray(s) ? (sign === 1 ? s : [...s].reverse()) : [s as Step]));
  return steps.map((s) => stepSql(s, row, sign));
}

function trigger(name: string, event: string, table: string, body: Sql[]): Sql {
  return `CREATE TRIGGER \`${name}\` ${event} ON \`${table}\`\nBEGIN\n${body.join("\n")}\nEND;`;
}

function factSql(fact: Fact): Sql[] {
  const t = fact.table;
  const immutable = (fact.immutable ?? []).map(
    ({ column: c, because }) =>
      `-- ${because}\nCREATE TRIGGER \`${t}_${c}_immutable\` BEFORE UPDATE OF ${c} ON \`${t}\`\n` +
      `WHEN NEW.${c} IS NOT OLD.${c}\nBEGIN SELECT RAISE(ABORT, '${t}.${c} cannot change'); END;`,
  );
  return [
    ...immutable,
    trigger(`stat_${t}_insert`, "AFTER INSERT", t, stepsSql(fact, "NEW", 1)),
    trigger(`stat_${t}_update`, `AFTER UPDATE OF ${fact.watch.join(", ")}`, t, [...stepsSql(fact, "OLD", -1), ...stepsSql(fact, "NEW", 1)]),
    trigger(`stat_${t}_delete`, "AFTER DELETE", t, stepsSql(fact, "OLD", -1)),
  ];
}

const enterpriseDimsView = (): Sql =>
  "CREATE VIEW `enterprise_dims` AS\n" +
  ENTERPRISE_DIMENSIONS.map((d, i) =>
    i === 0
      ? `  SELECT id AS enterprise_id, '${d.dim}' AS dim, ${d.column} AS key FROM enterprises`
      : `  UNION ALL SELECT id, '${d.dim}', ${d.column} FROM enterprises`,
  ).join("\n") +
  ";";

/** A fact's steps, flattened. */
const stepsOf = (fact: Fact): readonly Step[] => fact.adds.flatMap((s): readonly Step[] => (Array.isArray(s) ? s : [s as Step]));

/** The fact tables feeding a measure, in FACTS order. */
export const tablesFeeding = (measure: Measure): string[] =>
  FACTS.filter((f) => stepsOf(f).some((s) => measure in s.add)).map((f) => f.table);

const andList = (items: string[]): string => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

/** The statement filling a measure's cells from the facts already there (BACKFILLS), if it has one. */
export function backfillSql(measure: Measure): Sql | undefined {
  const b = BACKFILLS[measure];
  if (b === undefined) return undefined;
  return `INSERT INTO stat_cells (month, dim, key, ${COLUMN[measure]})\n  ${b.select.join("\n  ")}${b.merge ? `\n  ${onConflict()}` : ""};`;
}

function backfillsSql(measures: Measure[], initial: boolean): Sql[] {
  const filled = measures.filter((m) => BACKFILLS[m] !== undefined);
  if (!initial) {
    const missing = measures.filter((m) => BACKFILLS[m] === undefined);
    if (missing.length > 0) {
      throw new Error(
        `New measure(s) ${missing.join(", ")} need a backfill in db/statistics/facts.ts (BACKFILLS): the triggers only count later writes.`,
      );
    }
    const unmerged = filled.filter((m) => !BACKFILLS[m]!.merge);
    if (unmerged.length > 0)
      throw new Error(`The backfill of ${unmerged.join(", ")} must merge (merge: true): stat_cells is not empty any more.`);
  }
  const statements = filled.map((m) => backfillSql(m)!);
  if (statements.length === 0) return [];
  const tables = [...new Set(filled.flatMap(tablesFeeding))];
  statements[0] = `-- Cells for the ${andList(tables)} that existed before this migration.\n${statements[0]}`;
  return statements;
}

/** The measures (stat_cells columns) a trigger migration's statements add into. */
export function measureColumnsOf(sql: string): string[] {
  const set = /ON CONFLICT \(month, dim, key\) DO UPDATE SET ([^;]*);/.exec(sql)?.[1];
  if (set === undefined) throw new Error("Not a statistics trigger migration: no ON CONFLICT clause into stat_cells.");
  return set.split(", ").map((assignment) => assignment.split(" = ")[0]!);
}

/** The triggers and views a trigger migration creates, in order. */
export function objectsCreatedBy(sql: string): { type: "TRIGGER" | "VIEW"; name: string }[] {
  return [...sql.matchAll(/^CREATE (TRIGGER|VIEW) `([^`]+)`/gm)].map((m) => ({ type: m[1] as "TRIGGER" | "VIEW", name: m[2]! }));
}

/**
 * The trigger migration for the current description. Without `previous`, the first one (0005): the view,
 * the triggers and the backfills of the measures that have one. After `previous`: drop everything it
 * created, create the view and triggers anew, and backfill the measures it did not have.
 */
export function generateStatisticsTriggers(previous?: TriggerMigration): string {
  const create = [enterpriseDimsView(), ...FACTS.flatMap(factSql)];
  if (previous === undefined) {
    const statements = [
      ...create,
      ...backfillsSql(
        MEASURE_DEFINITIONS.map((m) => m.name),
        true,
      ),
    ];
    statements[0] = `${HEADER}\n${statements[0]}`;
    return `${statements.join(BREAKPOINT)}\n`;
  }
  const known = new Set(measureColumnsOf(previous.sql));
  const added = MEASURE_DEFINITIONS.filter((m) => !known.has(m.column)).map((m) => m.name);
  const created = objectsCreatedBy(previous.sql);
  const drop = [
    ...created.filter((o) => o.type === "TRIGGER").map((o) => `DROP TRIGGER IF EXISTS \`${o.name}\`;`),
    ...created.filter((o) => o.type === "VIEW").map((o) => `DROP VIEW IF EXISTS \`${o.name}\`;`),
  ];
  const statements = [...drop, ...create, ...backfillsSql(added, false)];
  const note = [
    "-- Generated by `npm run db:statistics` from db/statistics/facts.ts and app/domain/statistics-measures.ts.",
    `-- Replaces the view and triggers of ${previous.tag}${added.length > 0 ? `; measures added since: ${added.map((m) => COLUMN[m]).join(", ")}` : ""}.`,
  ].join("\n");
  statements[0] = `${HEADER}\n${note}\n${statements[0]}`;
  return `${statements.join(BREAKPOINT)}\n`;
}
