/**
 * Service points: the district's streets drawn from data shipped with the kiosk (no map service,
 * no network), this terminal's "you are here", each point's walking distance along the streets,
 * and a list nearest first. Choosing a point on either shows its details and draws the route.
 */
import { useMemo } from 'preact/hooks';
import { MapPin } from 'lucide-preact';
import type { ServicePoint } from '@civic-kiosk/protocol/content';
import { buildStreetGraph, routesFrom } from '../../../common/map/street-graph.ts';
import type { LngLat, Route, Street } from '../../../common/map/street-graph.ts';
import { roughDistance, walkingMinutes } from '../../../common/map/walk.ts';
import { Icon } from '../../components/icon/index.tsx';
import { Screen } from '../../components/screen/index.tsx';
import type { ScreenProps } from '../registry.ts';
import { useKiosk, useT } from '../../state/context.ts';
import { project, separate } from '@civic-kiosk/protocol/map-projection';
import district from './district-streets.json';
import './map.css';

const BOX = { width: 960, height: 700, margin: 48 };
/** Marker radius in drawing units: a touch target of at least 80 px on the portrait screen. */
const MARKER = 44;
const STREETS = district.streets as Street[];
const GRAPH = buildStreetGraph(STREETS);

interface Placed {
  point: ServicePoint;
  route: Route | undefined;
}

export default function ServicePointMap({ params }: ScreenProps) {
  const { state, actions } = useKiosk();
  const { t, lang } = useT();
  const points = state.content.value?.files['service-points']?.servicePoints;
  const here = state.info.value?.position;
  const placed = useMemo<Placed[]>(() => {
    const list = points ?? [];
    const routes = here ? routesFrom(GRAPH, here, list.map((p) => p.location)) : [];
    const out = list.map((point, i) => ({ point, route: routes[i] }));
    // Nearest first; points without a route keep their order after the others.
    return out.sort((a, b) => (a.route?.metres ?? Infinity) - (b.route?.metres ?? Infinity));
  }, [points, here]);
  const selectedId = state.session.value.inputs.value['map.point'] ?? params.point;
  const selected = placed.find((p) => p.point.id === selectedId);
  const select = (id: string) => actions.setInput('map.point', id);

  // One projection for streets, points and the terminal, so they line up.
  const streetPts = STREETS.flatMap((s) => s.points);
  const all: LngLat[] = [...streetPts, ...placed.map((p) => p.point.location), ...(here ? [here] : [])];
  // The route runs on the streets, inside their extent: drawing it does not move the rest.
  const xy = project([...all, ...(selected?.route?.path ?? [])], BOX);
  const streetXy = (() => {
    let k = 0;
    return STREETS.map((s) => s.points.map(() => xy[k++]!));
  })();
  const hereXy = here ? xy[all.length - 1] : undefined;
  const trueXy = xy.slice(streetPts.length, streetPts.length + placed.length);
  const markerXy = separate(trueXy, 2 * MARKER + 8, BOX, hereXy ? [hereXy] : []);
  const routeXy = xy.slice(all.length);
  const line = (ps: readonly { x: number; y: number }[]) => ps.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
  const distance = (r: Route | undefined) => {
    if (!r) return t('screens.map.noRoute');
    const d = roughDistance(r.metres);
    return t('screens.map.distance', { distance: t(`screens.map.${d.unit}`, { n: d.value }), minutes: walkingMinutes(r.metres) });
  };
  return (
    <Screen title={t('screens.map.title')}>
      <svg class="map" viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="group" aria-label={t('screens.map.label')}>
        <rect class="map-ground" x="0" y="0" width={BOX.width} height={BOX.height} rx="16" />
        <g aria-hidden="true">
          {STREETS.map((s, i) => (
            <polyline key={`c${i}`} class={`street-casing street-${s.kind}`} points={line(streetXy[i]!)} />
          ))}
          {STREETS.map((s, i) => (
            <polyline key={`s${i}`} class={`street street-${s.kind}`} points={line(streetXy[i]!)} />
          ))}
          {STREETS.map((s, i) => (
            <StreetLabel key={`l${i}`} name={s.name[lang]} points={streetXy[i]!} />
          ))}
          {routeXy.length > 1 && <polyline class="map-route" points={line(routeXy)} data-testid="map-route" />}
          {/* A marker moved off its point (to stay a target of its own) points back to where it is. */}
          {trueXy.map((p, i) =>
            Math.hypot(markerXy[i]!.x - p.x, markerXy[i]!.y - p.y) > MARKER / 2 ? (
              <g key={`t${i}`} class="map-leader" data-leader={placed[i]!.point.id}>
                <line x1={p.x} y1={p.y} x2={markerXy[i]!.x} y2={markerXy[i]!.y} />
                <circle cx={p.x} cy={p.y} r="9" />
              </g>
            ) : null,
          )}
          <text class="map-north" x={BOX.width - 40} y="50">
            N ↑
          </text>
        </g>
        {placed.map(({ point: p, route }, i) => (
          <g key={p.id} role="button" tabIndex={0} aria-label={`${i + 1}. ${p.name[lang]}, ${distance(route)}`} aria-pressed={p.id === selectedId} class={`map-point${p.id === selectedId ? ' selected' : ''}`} data-point={p.id} onClick={() => select(p.id)} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && select(p.id)}>
            <circle cx={markerXy[i]!.x} cy={markerXy[i]!.y} r={MARKER} />
            <text x={markerXy[i]!.x} y={markerXy[i]!.y + 12} text-anchor="middle" aria-hidden="true">
              {i + 1}
            </text>
          </g>
        ))}
        {/* Drawn last: the markers around it must not hide where the resident stands. */}
        {hereXy && (
          <g class="map-here" role="img" aria-label={t('screens.map.youAreHere')} data-testid="you-are-here">
            <circle cx={hereXy.x} cy={hereXy.y} r="30" class="map-here-halo" />
            <circle cx={hereXy.x} cy={hereXy.y} r="14" class="map-here-dot" />
            <text x={hereXy.x} y={hereXy.y - 40} text-anchor="middle" aria-hidden="true">
              {t('screens.map.youAreHere')}
            </text>
          </g>
        )}
      </svg>
      {selected && (
        <section class="card" aria-labelledby="point-title" data-testid="point-details" aria-live="polite">
          <h2 id="point-title">{selected.point.name[lang]}</h2>
          <dl class="facts">
            {here && <dt>{t('screens.map.walk')}</dt>}
            {here && <dd data-testid="point-distance">{distance(selected.route)}</dd>}
            <dt>{t('screens.map.address')}</dt>
            <dd>{selected.point.address[lang]}</dd>
            <dt>{t('screens.map.hours')}</dt>
            <dd>{selected.point.hours[lang]}</dd>
            {selected.point.phone && <dt>{t('screens.map.phone')}</dt>}
            {selected.point.phone && <dd>{selected.point.phone}</dd>}
            <dt>{t('screens.map.services')}</dt>
            <dd>{selected.point.services.map((s) => s[lang]).join(lang === 'zh-CN' ? '、' : ', ')}</dd>
          </dl>
        </section>
      )}
      <ol class="list" aria-label={here ? t('screens.map.nearestFirst') : t('screens.map.title')}>
        {placed.map(({ point: p, route }, i) => (
          <li key={p.id}>
            <button type="button" class="list-item" aria-pressed={p.id === selectedId} onClick={() => select(p.id)} data-point={p.id}>
              <span class="list-title">
                <Icon icon={MapPin} size="sm" /> {i + 1}. {p.name[lang]}
              </span>
              {here && (
                <span class="list-sub map-distance" data-metres={route ? Math.round(route.metres) : ''}>
                  {distance(route)}
                </span>
              )}
              <span class="list-sub">{p.address[lang]}</span>
            </button>
          </li>
        ))}
      </ol>
    </Screen>
  );
}

/** A street's name along its longest segment, kept upright. */
function StreetLabel({ name, points }: { name: string; points: readonly { x: number; y: number }[] }) {
  const length = (i: number) => Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
  let best = 1;
  for (let i = 2; i < points.length; i++) if (length(i) > length(best)) best = i;
  const a = points[best - 1]!;
  const b = points[best]!;
  let angle = (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI;
  if (angle > 90) angle -= 180;
  if (angle < -90) angle += 180;
  const x = (a.x + b.x) / 2;
  const y = (a.y + b.y) / 2;
  return (
    <text class="street-name" x={x} y={y} dy="-12" text-anchor="middle" transform={`rotate(${angle.toFixed(1)} ${x.toFixed(1)} ${y.toFixed(1)})`}>
      {name}
    </text>
  );
}
