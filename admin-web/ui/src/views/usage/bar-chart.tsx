import type { JSX } from 'preact';
import { t } from '../../i18n/index.ts';

export interface BarSeries {
  label: string;
  /** A CSS class giving the bars their colour (usage.css). */
  class: string;
}
export interface Bar {
  label: string;
  /** One value per series, in series order. */
  values: readonly number[];
}

const W = 760;
const LABEL_W = 190;
const VALUE_W = 70;
const ROW_GAP = 10;
const BAR_H = 14;
/** Rows drawn at most: the table beside the chart lists every row. */
export const CHART_ROWS = 31;

const clip = (s: string) => (s.length > 24 ? `${s.slice(0, 23)}…` : s);

/**
 * A horizontal bar chart of a report's rows (one bar per series in each row), drawn as SVG and
 * named for screen readers by its title and a summary; the report's table next to it carries
 * the same figures as text, so the picture is never the only way to read them.
 */
export function BarChart({ id, title, summary, series, bars }: { id: string; title: string; summary: string; series: readonly BarSeries[]; bars: readonly Bar[] }): JSX.Element {
  const shown = bars.slice(0, CHART_ROWS);
  const top = Math.max(1, ...shown.flatMap((b) => b.values));
  const rowH = series.length * BAR_H + ROW_GAP;
  const H = shown.length * rowH + 28;
  const scale = (v: number) => (v / top) * (W - LABEL_W - VALUE_W);
  // The highest bar of the first series, said in words: what a sighted reader sees first.
  const peak = bars.reduce<Bar | undefined>((best, b) => ((b.values[0] ?? 0) > (best?.values[0] ?? 0) ? b : best), undefined);
  const desc = [
    summary,
    peak && t('usage.chart.peak', { series: series[0]!.label, label: peak.label, value: peak.values[0] }),
    bars.length > shown.length && t('usage.chart.firstRows', { shown: shown.length, count: bars.length }),
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <figure class="usage-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        {series.map((s, i) => (
          <g key={s.label} class="legend">
            <rect x={LABEL_W + i * 160} y={4} width={12} height={12} class={s.class} />
            <text x={LABEL_W + i * 160 + 18} y={15} class="tick">{s.label}</text>
          </g>
        ))}
        {shown.map((b, row) => {
          const y0 = 28 + row * rowH;
          return (
            <g key={`${b.label}-${row}`}>
              <text x={LABEL_W - 8} y={y0 + (series.length * BAR_H) / 2 + 4} class="tick end">{clip(b.label)}</text>
              {series.map((s, i) => (
                <g key={s.label}>
                  <rect x={LABEL_W} y={y0 + i * BAR_H} width={Math.max(scale(b.values[i] ?? 0), 1)} height={BAR_H - 2} class={s.class} />
                  <text x={LABEL_W + scale(b.values[i] ?? 0) + 6} y={y0 + i * BAR_H + BAR_H - 4} class="tick">{String(b.values[i] ?? 0)}</text>
                </g>
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption>{desc}</figcaption>
    </figure>
  );
}
