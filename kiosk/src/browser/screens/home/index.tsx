/** Home: one big tile per service, and the urgent notices on top. */
import { Screen } from '../../components/screen/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';
import { TILES } from './tiles.ts';

export default function Home() {
  const { state, actions } = useKiosk();
  const { t, lang } = useT();
  const online = state.online.value;
  const urgent = state.content.value?.files.notices?.notices.filter((n) => n.priority === 'urgent') ?? [];
  return (
    <Screen title={t('screens.home.title')} home>
      <p class="lead">{t('screens.home.lead')}</p>
      {urgent.map((n) => (
        <button type="button" key={n.id} class="banner" onClick={() => actions.navigate({ name: 'notice', params: { id: n.id } })}>
          {t('screens.home.urgent')}: {n.title[lang]}
        </button>
      ))}
      <nav aria-label={t('screens.home.services')}>
        <ul class="tiles">
          {TILES.map((tile) => (
            <li key={tile.route}>
              <button type="button" class="tile" data-route={tile.route} onClick={() => actions.navigate({ name: tile.route })}>
                <span class="tile-icon" aria-hidden="true">
                  {tile.icon}
                </span>
                <span class="tile-label">{t(`screens.${tile.route}.title`)}</span>
                {tile.needsNetwork && !online && <span class="tile-note">{t('screens.home.needsNetwork')}</span>}
              </button>
            </li>
          ))}
        </ul>
      </nav>
    </Screen>
  );
}
