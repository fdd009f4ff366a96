import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface TimeChartLine {
  label: string;
  values: (number | null)[];
  color: string;
  /** A reference line (a cap, a target): dashed, not filled. */
  dashed?: boolean;
  /** Stacked-looking area: filled under the line. */
  fill?: boolean;
}

/**
 * A small time chart (uPlot, canvas): x in epoch seconds, one line per series.
 * The canvas says nothing to a screen reader: `summary` is its text (the
 * latest values), given as the figure's accessible description.
 */
export function TimeChart({
  title,
  summary,
  x,
  lines,
  formatY,
  yRange,
  xRange,
  utc = false,
  height = 170,
}: {
  title: string;
  summary: string;
  x: number[];
  lines: TimeChartLine[];
  formatY?: (value: number) => string;
  /** Fixed y bounds (e.g. 0–100 %); by default from the data, starting at 0. */
  yRange?: [number, number];
  /** Fixed x bounds (epoch seconds), so charts side by side share one time axis; by default the data's. */
  xRange?: [number, number];
  /** Show the x axis in UTC (times already local to some zone, written as if UTC) rather than the browser's zone. */
  utc?: boolean;
  height?: number;
}) {
  const holder = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  // Read by the scale's range function on every redraw: a moving window needs no rebuild.
  const xBounds = useRef(xRange);
  xBounds.current = xRange;
  const shape = lines.map((line) => `${line.label}|${line.color}|${line.dashed ? 1 : 0}`).join(',');

  // The chart is built once per set of lines; new data only calls setData (no flicker, no re-layout).
  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height,
      legend: { show: true, live: false },
      ...(utc ? { tzDate: (seconds: number) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC') } : {}),
      cursor: { drag: { x: false, y: false } },
      scales: { x: xRange ? { time: true, range: (_u, min, max) => xBounds.current ?? [min, max] } : { time: true }, y: yRange ? { range: () => yRange } : { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [{ stroke: '#5b6472' }, { stroke: '#5b6472', size: 64, values: (_u, ticks) => ticks.map((tick) => (formatY ? formatY(tick) : String(tick))) }],
      series: [
        {},
        ...lines.map((line) => ({
          label: line.label,
          stroke: line.color,
          width: line.dashed ? 1.5 : 2,
          dash: line.dashed ? [6, 4] : undefined,
          fill: line.fill ? `${line.color}22` : undefined,
          // Points too, so a lone reading (a minute among empty ones) is seen.
          points: { show: true, size: 4 },
          value: (_u: uPlot, value: number | null) => (value === null ? '—' : formatY ? formatY(value) : String(value)),
        })),
      ],
    };
    chart.current = new uPlot(options, [x, ...lines.map((line) => line.values)] as uPlot.AlignedData, element);
    const resize = new ResizeObserver(() => chart.current?.setSize({ width: Math.max(200, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
    // Rebuilt only when the lines themselves change (their data goes through setData below).
  }, [shape, height, Boolean(xRange), utc]);

  useEffect(() => {
    chart.current?.setData([x, ...lines.map((line) => line.values)] as uPlot.AlignedData);
  }, [x, lines]);

  return (
    <figure className="time-chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <div ref={holder} className="time-chart-canvas" role="img" aria-label={summary} data-summary={summary} />
    </figure>
  );
}
