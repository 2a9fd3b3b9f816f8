/** One service guide: who may apply, what to bring, where, when, how long, the steps. */
import { Screen } from '../../components/screen/index.tsx';
import type { ScreenProps } from '../registry.ts';
import { useKiosk, useT } from '../../state/context.ts';
import { TakeAway } from './take-away.tsx';
import './guide-detail.css';

export default function GuideDetail({ params }: ScreenProps) {
  const { state, actions } = useKiosk();
  const { t, lang } = useT();
  const files = state.content.value?.files;
  const g = files?.guides?.guides.find((x) => x.id === params.id);
  if (!g) return <Screen title={t('screens.guide.title')}>{t('common.noContent')}</Screen>;
  const points = files?.['service-points']?.servicePoints.filter((p) => g.where.includes(p.id)) ?? [];
  return (
    <Screen title={g.matter[lang]}>
      <dl class="facts">
        <dt>{t('screens.guide.department')}</dt>
        <dd>{g.department[lang]}</dd>
        <dt>{t('screens.guide.eligibility')}</dt>
        <dd>{g.eligibility[lang]}</dd>
        <dt>{t('screens.guide.hours')}</dt>
        <dd>{g.hours[lang]}</dd>
        <dt>{t('screens.guide.fees')}</dt>
        <dd>{g.fees[lang]}</dd>
        <dt>{t('screens.guide.timeLimit')}</dt>
        <dd>{g.timeLimit[lang]}</dd>
        <dt>{t('screens.guide.online')}</dt>
        <dd>{g.online ? t('common.yes') : t('common.no')}</dd>
      </dl>
      <h2>{t('screens.guide.documents')}</h2>
      <ul class="plain">
        {g.requiredDocuments.map((d, i) => (
          <li key={i}>
            {d.name[lang]} ({d.original ? t('screens.guide.original') : t('screens.guide.copy')}
            {d.copies ? ` × ${d.copies}` : ''}){d.note ? ` — ${d.note[lang]}` : ''}
          </li>
        ))}
      </ul>
      <TakeAway guide={g} points={points} />
      <h2>{t('screens.guide.steps')}</h2>
      <ol class="plain">
        {g.steps.map((s, i) => (
          <li key={i}>{s[lang]}</li>
        ))}
      </ol>
      <h2>{t('screens.guide.where')}</h2>
      <ul class="list">
        {points.map((p) => (
          <li key={p.id}>
            <button type="button" class="list-item" onClick={() => actions.navigate({ name: 'map', params: { point: p.id } })}>
              <span class="list-title">{p.name[lang]}</span>
              <span class="list-sub">{p.address[lang]}</span>
            </button>
          </li>
        ))}
      </ul>
    </Screen>
  );
}
