/**
 * Home: one big tile per service and the urgent notices above them; the header (out of reach,
 * so information only) says where and when this is and which hotline answers questions.
 */
import { CalendarDays, MapPin, Phone, TriangleAlert } from 'lucide-preact';
import type { LucideIcon } from 'lucide-preact';
import { Icon } from '../../components/icon/index.tsx';
import { Screen } from '../../components/screen/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';
import { locationName } from '../../state/place.ts';
import { tilesOn } from './tiles.ts';

export default function Home() {
  const { state, actions } = useKiosk();
  const { t, lang } = useT();
  const online = state.online.value;
  const urgent = state.content.value?.files.notices?.notices.filter((n) => n.priority === 'urgent') ?? [];
  return (
    <Screen title={t('screens.home.title')} lead={t('screens.home.lead')} home info={<Today />}>
      {urgent.map((n) => (
        <button type="button" key={n.id} class="banner" onClick={() => actions.navigate({ name: 'notice', params: { id: n.id } })}>
          <Icon icon={TriangleAlert} size="sm" />
          <span>
            {t('screens.home.urgent')}: {n.title[lang]}
          </span>
        </button>
      ))}
      <nav aria-label={t('screens.home.services')}>
        <ul class="tiles">
          {tilesOn(state.info.value).map((tile) => (
            <li key={tile.route}>
              <button type="button" class="tile" data-route={tile.route} onClick={() => actions.navigate({ name: tile.route })}>
                <Icon icon={tile.icon} size="lg" />
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

/** Today's date, this place and the government hotline: what a person in a lobby asks first. */
function Today() {
  const { state } = useKiosk();
  const { t, lang } = useT();
  const date = new Intl.DateTimeFormat(lang === 'zh-CN' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }).format(state.now.value);
  const place = locationName(state.info.value, lang);
  const hotline = state.content.value?.files.hotlines?.hotlines.find((h) => h.category === 'government');
  return (
    <dl class="home-today" data-testid="home-today">
      <Fact icon={CalendarDays} label={t('screens.home.today')} value={date} />
      {place && <Fact icon={MapPin} label={t('screens.home.here')} value={place} />}
      {hotline && <Fact icon={Phone} label={hotline.name[lang]} value={hotline.number} />}
    </dl>
  );
}

function Fact({ icon, label, value }: { icon: LucideIcon; label: string; value: string }) {
  return (
    <div>
      <dt>
        <Icon icon={icon} size="sm" />
        {label}
      </dt>
      <dd>{value}</dd>
    </div>
  );
}
