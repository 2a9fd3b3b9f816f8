/** Hotline directory, grouped: emergency numbers first. */
import { Screen } from '../../components/screen/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';

const GROUPS = ['emergency', 'government', 'public-service', 'utility'] as const;

export default function Hotlines() {
  const { state } = useKiosk();
  const { t, lang } = useT();
  const hotlines = state.content.value?.files.hotlines?.hotlines ?? [];
  return (
    <Screen title={t('screens.hotlines.title')}>
      {hotlines.length === 0 && <p>{t('common.noContent')}</p>}
      {GROUPS.map((g) => {
        const list = hotlines.filter((h) => h.category === g);
        if (list.length === 0) return null;
        return (
          <section key={g} aria-labelledby={`hotlines-${g}`}>
            <h2 id={`hotlines-${g}`}>{t(`screens.hotlines.group.${g}`)}</h2>
            <ul class="list">
              {list.map((h) => (
                <li key={h.id} class="list-row">
                  <span class="list-title">{h.name[lang]}</span>
                  <span class="hotline-number">{h.number}</span>
                  <span class="list-sub">{h.hours[lang]}</span>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </Screen>
  );
}
