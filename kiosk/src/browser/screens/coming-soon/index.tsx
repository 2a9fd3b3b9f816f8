/**
 * For services this terminal does not offer yet: say so plainly and where to go instead
 * (the counter, the hotline, a guide), so the tile is never a dead end.
 */
import { Screen } from '../../components/screen/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';

export default function ComingSoon() {
  const { state, actions } = useKiosk();
  const { t } = useT();
  const name = state.session.value.route.value.name;
  return (
    <Screen title={t(`screens.${name}.title`)}>
      <section class="card notice-card" aria-labelledby="soon-title">
        <h2 id="soon-title">{t('screens.comingSoon.title')}</h2>
        <p>{t('screens.comingSoon.text')}</p>
        <p>{t(`screens.${name}.counter`)}</p>
      </section>
      <div class="actions">
        <button type="button" class="button primary" onClick={() => actions.navigate({ name: 'map' })}>
          {t('screens.comingSoon.map')}
        </button>
        <button type="button" class="button" onClick={() => actions.navigate({ name: 'hotlines' })}>
          {t('screens.comingSoon.hotlines')}
        </button>
        <button type="button" class="button" onClick={() => actions.navigate({ name: 'guides' })}>
          {t('screens.comingSoon.guides')}
        </button>
      </div>
    </Screen>
  );
}
