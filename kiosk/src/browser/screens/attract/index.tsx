/**
 * The attract loop: the playlist items allowed at this time of day and at this terminal (an
 * item advertising a service plays only where it is switched on), each for its duration, over
 * and over; a touch anywhere starts a session. Without such an item, the terminal's own poster:
 * its district and location and the services it offers.
 */
import { useEffect, useState } from 'preact/hooks';
import { Landmark, Pointer } from 'lucide-preact';
import type { AttractItem } from '@civic-kiosk/protocol/content';
import { Icon } from '../../components/icon/index.tsx';
import { fileUrl } from '../../content/urls.ts';
import { useKiosk, useT } from '../../state/context.ts';
import { districtName, locationName, servicesOn } from '../../state/place.ts';
import { useAttractPlay } from '../../usage/attract-play.ts';
import { tilesOn } from '../home/tiles.ts';

export function Attract() {
  const { state, actions } = useKiosk();
  const { t, lang } = useT();
  const info = state.info.value;
  const items = state.content.value?.attractAt(state.now.value, servicesOn(info)) ?? [];
  // Counts showings (not wrapped), so a one-item playlist still starts a new showing each time.
  const [index, setIndex] = useState(0);
  const item: AttractItem | undefined = items[index % Math.max(items.length, 1)];
  useEffect(() => {
    if (!item) return;
    const timer = setTimeout(() => setIndex((i) => i + 1), item.durationSeconds * 1000);
    return () => clearTimeout(timer);
  }, [index, item?.id, items.length]);
  useAttractPlay(item, index);
  const district = districtName(info, lang);
  const location = locationName(info, lang);
  return (
    <main class="attract">
      <button type="button" class="attract-touch" onClick={actions.start} data-testid="attract">
        {item?.kind === 'image' && <img class="attract-media" src={fileUrl(item.file)} alt={item.alt[lang]} />}
        {item?.kind === 'video' && <video class="attract-media" src={fileUrl(item.file)} aria-label={item.alt[lang]} autoplay muted loop playsInline />}
        {!item && (
          <span class="attract-welcome" data-testid="attract-poster">
            <Icon icon={Landmark} size="xl" />
            {district && <span class="attract-district">{district}</span>}
            <h1>{t('attract.title')}</h1>
            {location && <span class="attract-sub">{location}</span>}
            <span class="attract-services">
              {tilesOn(info).map((tile) => (
                <span key={tile.route} class="attract-service" data-service={tile.route}>
                  <Icon icon={tile.icon} size="md" />
                  {t(`screens.${tile.route}.title`)}
                </span>
              ))}
            </span>
          </span>
        )}
        <span class="attract-cta">
          <Icon icon={Pointer} size="md" />
          {t('attract.start')}
        </span>
      </button>
    </main>
  );
}
