/** The official statistics table on screen and on paper: merged group headers, units, a 合计 row. */
import { groupSpans, type DisplayTable } from "~/lib/report-layout";

export function ReportTable({ table }: { table: DisplayTable }) {
  const summary = table.headerRows.length === 1;
  return (
    <section className="report-section">
      <h2>{table.name}</h2>
      <div className="table-wrap">
        <table className="data report-table">
          <thead>
            {summary ? (
              <tr>
                {table.headerRows[0]!.map((h, i) => (
                  <th key={h} scope="col" className={i >= 2 ? "num" : undefined}>
                    {h}
                  </th>
                ))}
              </tr>
            ) : (
              <>
                <tr>
                  {groupSpans(table.headerRows).map((span) =>
                    span.start === 0 ? (
                      <th key="label" scope="col" rowSpan={3}>
                        {table.headerRows[0]![0]}
                      </th>
                    ) : (
                      <th
                        key={span.start}
                        scope="colgroup"
                        colSpan={span.grouped ? span.end - span.start + 1 : undefined}
                        rowSpan={span.grouped ? undefined : 2}
                        className="num"
                      >
                        {table.headerRows[0]![span.start]}
                      </th>
                    ),
                  )}
                </tr>
                <tr>
                  {table.headerRows[1]!.map((sub, i) =>
                    i > 0 && sub ? (
                      <th key={i} scope="col" className="num">
                        {sub}
                      </th>
                    ) : null,
                  )}
                </tr>
                <tr className="report-units">
                  {table.headerRows[2]!.slice(1).map((unit, i) => (
                    <th key={i} scope="col" className="num">
                      {unit}
                    </th>
                  ))}
                </tr>
              </>
            )}
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.label} className={row.total ? "report-total" : undefined}>
                <th scope="row">{row.label}</th>
                {row.unit !== undefined ? <td>{row.unit}</td> : null}
                {row.cells.map((cell, i) => (
                  <td key={i} className="num">
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {table.notes?.length ? (
        <div className="report-notes">
          <p>注：</p>
          <ol>
            {table.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}
