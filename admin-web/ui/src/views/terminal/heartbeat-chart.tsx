import type { JSX } from 'preact';
import { t } from '../../i18n/index.ts';
import { heartbeatPoints } from '../../state/terminal-history.ts';
import type { HeartbeatRecord } from '../../state/terminal-history.ts';
import { formatClock, formatTime } from '../format.ts';
import { DataTable } from './data-table.tsx';

const W = 720;
const H = 200;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

const gb = (bytes: number) => (bytes / 1e9).toFixed(1);

/**
 * Seconds between heartbeats over time, as an SVG chart named and summed up for screen
 * readers (a long gap is the terminal away), with every heartbeat as a table beside it.
 */
export function HeartbeatChart({ heartbeats }: { heartbeats: readonly HeartbeatRecord[] }): JSX.Element {
  const points = heartbeatPoints(heartbeats);
  if (points.length === 0) return <p>{t('terminal.heartbeats.none')}</p>;
  const gaps = points.map((p) => p.gapSeconds ?? 0);
  const sorted = [...gaps.slice(1)].sort((a, b) => a - b);
  const usual = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const longest = Math.max(...gaps);
  const longestAt = points[gaps.indexOf(longest)]!.at;
  const top = Math.max(longest, usual * 2, 1);
  const first = points[0]!.at;
  const span = Math.max(points.at(-1)!.at - first, 1);
  const x = (at: number) => PAD.left + ((at - first) / span) * (W - PAD.left - PAD.right);
  const y = (gap: number) => H - PAD.bottom - (gap / top) * (H - PAD.top - PAD.bottom);
  const summary = t('terminal.heartbeats.summary', { count: points.length, from: formatTime(first), to: formatTime(points.at(-1)!.at), usual, longest, longestAt: formatTime(longestAt) });
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="hb-title hb-desc" class="heartbeat-chart">
        <title id="hb-title">{t('terminal.heartbeats.chart')}</title>
        <desc id="hb-desc">{summary}</desc>
        <line x1={PAD.left} y1={y(0)} x2={W - PAD.right} y2={y(0)} class="axis" />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={y(0)} class="axis" />
        <text x={PAD.left - 6} y={y(top) + 4} class="tick end">{`${top} s`}</text>
        <text x={PAD.left - 6} y={y(0)} class="tick end">0</text>
        <text x={PAD.left} y={H - 8} class="tick">{formatClock(first)}</text>
        <text x={W - PAD.right} y={H - 8} class="tick end">{formatClock(points.at(-1)!.at)}</text>
        {/* Each gap spans the time between its two heartbeats: a step at its height. */}
        <polyline
          class="gap-line"
          points={points
            .slice(1)
            .flatMap((p, i) => [`${x(points[i]!.at).toFixed(1)},${y(p.gapSeconds ?? 0).toFixed(1)}`, `${x(p.at).toFixed(1)},${y(p.gapSeconds ?? 0).toFixed(1)}`])
            .join(' ')}
        />
        {points.map((p, i) =>
          (p.gapSeconds ?? 0) > usual * 2 ? <circle key={i} cx={x(p.at)} cy={y(p.gapSeconds ?? 0)} r={4} class="gap-long" /> : null,
        )}
      </svg>
      <figcaption>{summary}</figcaption>
      <details>
        <summary>{t('terminal.heartbeats.table')}</summary>
        <DataTable caption={t('terminal.heartbeats.table')} keyPrefix="terminal.heartbeats.col" columns={['time', 'gap', 'screen', 'app', 'content', 'disk', 'uptime']}>
          {[...points].reverse().map((p, i) => {
            const hb = p.record.heartbeat;
            return (
              <tr key={i}>
                <td>{formatTime(p.at)}</td>
                <td>{p.gapSeconds === null ? '—' : `${p.gapSeconds} s`}</td>
                <td>{`${t(`screen.${hb.screen.mode}`)}${hb.screen.service ? ` · ${hb.screen.service}` : ''}`}</td>
                <td>{hb.appVersion}</td>
                <td>{hb.contentVersion ?? '—'}</td>
                <td>{`${gb(hb.freeDiskBytes)} GB`}</td>
                <td>{t('terminal.hours', { hours: (hb.uptimeSeconds / 3600).toFixed(1) })}</td>
              </tr>
            );
          })}
        </DataTable>
      </details>
    </figure>
  );
}
