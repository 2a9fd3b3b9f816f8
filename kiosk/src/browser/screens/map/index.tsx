/** Service points: a locally drawn map and a list; choosing a point on either shows its details. */
import { Screen } from '../../components/screen/index.tsx';
import type { ScreenProps } from '../registry.ts';
import { useKiosk, useT } from '../../state/context.ts';
import { project, separate } from './projection.ts';

const BOX = { width: 960, height: 640, margin: 60 };

export default function ServicePointMap({ params }: ScreenProps) {
  const { state, actions } = useKiosk();
  const { t, lang } = useT();
  const points = state.content.value?.files['service-points']?.servicePoints ?? [];
  const selectedId = state.session.value.inputs.value['map.point'] ?? params.point;
  const selected = points.find((p) => p.id === selectedId);
  // Markers have a 34-unit radius: keep their centres a marker and a gap apart.
  const xy = separate(
    project(
      points.map((p) => p.location),
      BOX,
    ),
    76,
    BOX,
  );
  const select = (id: string) => actions.setInput('map.point', id);
  return (
    <Screen title={t('screens.map.title')}>
      <svg class="map" viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="group" aria-label={t('screens.map.label')}>
        <rect class="map-ground" x="0" y="0" width={BOX.width} height={BOX.height} rx="16" />
        <text class="map-north" x={BOX.width - 40} y="50" aria-hidden="true">
          N ↑
        </text>
        {points.map((p, i) => (
          <g key={p.id} role="button" tabIndex={0} aria-label={`${i + 1}. ${p.name[lang]}`} aria-pressed={p.id === selectedId} class={`map-point${p.id === selectedId ? ' selected' : ''}`} data-point={p.id} onClick={() => select(p.id)} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && select(p.id)}>
            <circle cx={xy[i].x} cy={xy[i].y} r="34" />
            <text x={xy[i].x} y={xy[i].y + 10} text-anchor="middle" aria-hidden="true">
              {i + 1}
            </text>
          </g>
        ))}
      </svg>
      {selected && (
        <section class="card" aria-labelledby="point-title" data-testid="point-details" aria-live="polite">
          <h2 id="point-title">{selected.name[lang]}</h2>
          <dl class="facts">
            <dt>{t('screens.map.address')}</dt>
            <dd>{selected.address[lang]}</dd>
            <dt>{t('screens.map.hours')}</dt>
            <dd>{selected.hours[lang]}</dd>
            {selected.phone && <dt>{t('screens.map.phone')}</dt>}
            {selected.phone && <dd>{selected.phone}</dd>}
            <dt>{t('screens.map.services')}</dt>
            <dd>{selected.services.map((s) => s[lang]).join(lang === 'zh-CN' ? '、' : ', ')}</dd>
          </dl>
        </section>
      )}
      <ol class="list">
        {points.map((p, i) => (
          <li key={p.id}>
            <button type="button" class="list-item" aria-pressed={p.id === selectedId} onClick={() => select(p.id)}>
              <span class="list-title">
                {i + 1}. {p.name[lang]}
              </span>
              <span class="list-sub">{p.address[lang]}</span>
            </button>
          </li>
        ))}
      </ol>
    </Screen>
  );
}
