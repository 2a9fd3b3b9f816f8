import type { JSX } from 'preact';
import { t } from '../../i18n/index.ts';
import { deviceTimeline } from '../../state/terminal-history.ts';
import type { DeviceSegment, HeartbeatRecord } from '../../state/terminal-history.ts';
import { formatClock, formatTime } from '../format.ts';

const W = 720;
const ROW = 28;
const LABEL = 130;

const describe = (s: DeviceSegment) => `${t(`device.state.${s.state}`)}${s.reasons.length ? ` (${s.reasons.join(', ')})` : ''}`;

/**
 * Each device's state across the heartbeat history: coloured runs in one SVG (states also
 * differ by pattern, not colour alone), and the same runs as text per device.
 */
export function DeviceTimeline({ heartbeats }: { heartbeats: readonly HeartbeatRecord[] }): JSX.Element {
  const timeline = deviceTimeline(heartbeats);
  if (timeline.size === 0) return <p>{t('terminal.devices.none')}</p>;
  const all = [...timeline.values()].flat();
  const first = Math.min(...all.map((s) => s.from));
  const span = Math.max(Math.max(...all.map((s) => s.to)) - first, 1);
  const x = (at: number) => LABEL + ((at - first) / span) * (W - LABEL - 8);
  const height = timeline.size * ROW + 24;
  const summary = [...timeline].map(([kind, segments]) => `${t(`device.kind.${kind}`)}: ${describe(segments.at(-1)!)}`).join('; ');
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-labelledby="dt-title dt-desc" class="device-timeline">
        <title id="dt-title">{t('terminal.devices.chart')}</title>
        <desc id="dt-desc">{t('terminal.devices.summary', { now: summary })}</desc>
        {[...timeline].map(([kind, segments], row) => (
          <g key={kind}>
            <text x={0} y={row * ROW + 18} class="tick">{t(`device.kind.${kind}`)}</text>
            {segments.map((s, i) => (
              <rect key={i} x={x(s.from)} y={row * ROW + 4} width={Math.max(x(s.to) - x(s.from), 3)} height={ROW - 8} class={`state-${s.state}`} />
            ))}
          </g>
        ))}
        <text x={LABEL} y={height - 6} class="tick">{formatClock(first)}</text>
        <text x={W - 8} y={height - 6} class="tick end">{formatClock(first + span)}</text>
      </svg>
      <details>
        <summary>{t('terminal.devices.list')}</summary>
        {[...timeline].map(([kind, segments]) => (
          <section key={kind} aria-label={t(`device.kind.${kind}`)}>
            <h3>{t(`device.kind.${kind}`)}</h3>
            <ol class="segments">
              {segments.map((s, i) => (
                <li key={i}>{t('terminal.devices.segment', { state: describe(s), from: formatTime(s.from), to: formatTime(s.to) })}</li>
              ))}
            </ol>
          </section>
        ))}
      </details>
    </figure>
  );
}
