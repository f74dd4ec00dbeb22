/**
 * A chart.js chart drawn only in the browser, from series the loader already aggregated. The server
 * renders a table of the same numbers inside the canvas box: a fallback for screen readers and for the
 * moment before the script loads. chart.js is imported lazily so pages without charts never load it.
 */
import { useEffect, useRef } from "react";
import type { ChartConfiguration } from "chart.js";

export type Series = {
  label: string;
  /** One value per label; null is a gap (a missing month), drawn as a break, never as zero. */
  values: (number | null)[];
  /** Draw this series as bars in a line chart, or on the right-hand axis. */
  kind?: "line" | "bar";
  axis?: "left" | "right";
  color?: string;
};

export type ChartProps = {
  title: string;
  labels: string[];
  series: Series[];
  type?: "line" | "bar";
  /** Unit shown on the left axis and in tooltips, e.g. 万元, %, 户. */
  unit?: string;
  rightUnit?: string;
  /** The left axis spans this range instead of starting at zero (a score on its scale). */
  range?: { min: number; max: number };
  height?: number;
  /** Formats a value for the fallback table and tooltips. */
  format?: (value: number) => string;
};

const PALETTE = ["#174a7c", "#c8102e", "#1b6e3a", "#b7791f", "#6b46c1", "#2c7a7b", "#805ad5", "#dd6b20"];

function buildConfig(props: ChartProps): ChartConfiguration {
  const format = props.format ?? ((v: number) => v.toLocaleString("zh-CN"));
  const hasRight = props.series.some((s) => s.axis === "right");
  return {
    type: props.type ?? "line",
    data: {
      labels: props.labels,
      datasets: props.series.map((s, i) => {
        const color = s.color ?? PALETTE[i % PALETTE.length]!;
        return {
          type: s.kind ?? props.type ?? "line",
          label: s.label,
          data: s.values,
          borderColor: color,
          backgroundColor: s.kind === "bar" || props.type === "bar" ? `${color}cc` : color,
          spanGaps: false,
          tension: 0.25,
          pointRadius: 2,
          yAxisID: s.axis === "right" ? "right" : "left",
        };
      }),
    } as ChartConfiguration["data"],
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { position: "bottom" },
        tooltip: {
          callbacks: {
            label: (ctx) =>
              `${ctx.dataset.label}: ${ctx.parsed.y === null ? "无数据" : format(ctx.parsed.y)}${
                (ctx.dataset as { yAxisID?: string }).yAxisID === "right" ? (props.rightUnit ?? "") : (props.unit ?? "")
              }`,
          },
        },
      },
      scales: {
        left: {
          position: "left",
          ...(props.range ?? { beginAtZero: true }),
          title: { display: Boolean(props.unit), text: props.unit ?? "" },
        },
        ...(hasRight
          ? {
              right: {
                position: "right" as const,
                beginAtZero: true,
                grid: { drawOnChartArea: false },
                title: { display: Boolean(props.rightUnit), text: props.rightUnit ?? "" },
              },
            }
          : {}),
      },
    },
  };
}

export function Chart(props: ChartProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const configKey = JSON.stringify([props.labels, props.series, props.type, props.unit, props.rightUnit, props.range]);

  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    import("chart.js/auto").then(({ default: ChartJs }) => {
      if (cancelled || !canvasRef.current) return;
      chart = new ChartJs(canvasRef.current, buildConfig(props));
      canvasRef.current.dataset.drawn = "true";
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
    // The chart is rebuilt only when the numbers or their presentation change (configKey), not on every new props object.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [configKey]);

  const format = props.format ?? ((v: number) => v.toLocaleString("zh-CN"));
  return (
    <figure className="chart" style={{ height: props.height ?? 280 }}>
      <figcaption className="chart__title">{props.title}</figcaption>
      <div className="chart__canvas">
        <canvas ref={canvasRef} role="img" aria-label={props.title} data-chart={props.title}>
          <table>
            <thead>
              <tr>
                <th scope="col">{props.unit ? `单位：${props.unit}` : ""}</th>
                {props.series.map((s) => (
                  <th key={s.label} scope="col">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.labels.map((label, i) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {props.series.map((s) => (
                    <td key={s.label}>{s.values[i] === null || s.values[i] === undefined ? "—" : format(s.values[i]!)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </canvas>
      </div>
    </figure>
  );
}
