/**
 * Terminals by service point: the published points drawn as the kiosk draws them (no tile
 * server), each mark named and counting its terminals by status; the same as a list beside
 * it. Choosing a point shows the fleet list of the terminals standing there.
 */
import type { JSX } from 'preact';
import { FLEET_STATUSES } from '@civic-kiosk/protocol/staff-api';
import type { FleetMap, StatusCounts } from '@civic-kiosk/protocol/staff-api';
import { project, separate } from '@civic-kiosk/protocol/map-projection';
import { lang, t } from '../i18n/index.ts';

const BOX = { width: 960, height: 560, margin: 48 };
const RADIUS = 26;

/** Worst first: a point shows the most urgent status any of its terminals has. */
const URGENCY = ['down', 'stuck', 'pending', 'online', 'revoked'] as const;
const worst = (c: StatusCounts) => (c.total === 0 ? 'empty' : (URGENCY.find((s) => c.byStatus[s] > 0) ?? 'empty'));

/** "12 terminals: 10 online, 2 down" (statuses with none left out). */
export function countsText(c: StatusCounts): string {
  const parts = FLEET_STATUSES.filter((s) => c.byStatus[s] > 0).map((s) => `${c.byStatus[s]} ${t(`status.${s}`)}`);
  return parts.length ? t('map.counts', { count: c.total, parts: parts.join(lang.value === 'zh-CN' ? '，' : ', ') }) : t('map.none');
}

export function FleetMapView({ map, onChoose }: { map: FleetMap | undefined; onChoose(pointId: string): void }): JSX.Element {
  if (!map) return <p>{t('app.loading')}</p>;
  if (map.points.length === 0) return <p class="notice">{t('map.noPoints')}</p>;
  const xy = separate(
    project(
      map.points.map((p) => p.location),
      BOX,
    ),
    // Room for the name under each mark, not only the mark.
    4 * RADIUS,
    BOX,
  );
  return (
    <div class="fleet-map">
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="group" aria-label={t('map.label')}>
        <rect class="map-ground" width={BOX.width} height={BOX.height} rx="8" />
        <text class="map-north" x={BOX.width - 40} y="36" aria-hidden="true">N ↑</text>
        {map.points.map((p, i) => {
          const label = `${p.name[lang.value]}: ${countsText(p)}`;
          return (
            <g key={p.id} role="button" tabIndex={0} aria-label={label} class={`map-mark ${worst(p)}`} data-point={p.id} onClick={() => onChoose(p.id)} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onChoose(p.id))}>
              <title>{label}</title>
              <circle cx={xy[i]!.x} cy={xy[i]!.y} r={RADIUS} />
            </g>
          );
        })}
        {/* The words drawn over the marks are not part of them (their names say it all) and let clicks through. */}
        <g class="map-words" aria-hidden="true">
          {map.points.map((p, i) => (
            <g key={p.id}>
              <text class="map-count" x={xy[i]!.x} y={xy[i]!.y + 6} text-anchor="middle">{p.total}</text>
              <text class="map-name" x={xy[i]!.x} y={xy[i]!.y + RADIUS + 18} text-anchor="middle">{p.name[lang.value]}</text>
            </g>
          ))}
        </g>
      </svg>
      <ul class="map-list" aria-label={t('map.list')}>
        {map.points.map((p) => (
          <li key={p.id}>
            <button type="button" class={`map-item ${worst(p)}`} onClick={() => onChoose(p.id)}>
              <span class="map-item-name">{p.name[lang.value]}</span>
              <span class="map-item-counts">{countsText(p)}</span>
            </button>
          </li>
        ))}
        {map.elsewhere.total > 0 && (
          <li>
            <p class="map-item elsewhere">
              <span class="map-item-name">{t('map.elsewhere')}</span>
              <span class="map-item-counts">{countsText(map.elsewhere)}</span>
            </p>
          </li>
        )}
      </ul>
    </div>
  );
}
