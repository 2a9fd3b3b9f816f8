/**
 * The attract loop: the playlist items allowed at this time of day, each for its duration,
 * over and over; a touch anywhere starts a session. Without a playlist, a welcome slide.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AttractItem } from '@civic-kiosk/protocol/content';
import { fileUrl } from '../../content/urls.ts';
import { useKiosk, useT } from '../../state/context.ts';

export function Attract() {
  const { state, actions } = useKiosk();
  const { t, lang } = useT();
  const items = state.content.value?.attractAt(state.now.value) ?? [];
  const [index, setIndex] = useState(0);
  const item: AttractItem | undefined = items[index % Math.max(items.length, 1)];
  useEffect(() => {
    if (!item) return;
    const timer = setTimeout(() => setIndex((i) => (i + 1) % items.length), item.durationSeconds * 1000);
    return () => clearTimeout(timer);
  }, [item?.id, items.length]);
  return (
    <main class="attract">
      <button type="button" class="attract-touch" onClick={actions.start} data-testid="attract">
        {item?.kind === 'image' && <img class="attract-media" src={fileUrl(item.file)} alt={item.alt[lang]} />}
        {item?.kind === 'video' && <video class="attract-media" src={fileUrl(item.file)} aria-label={item.alt[lang]} autoplay muted loop playsInline />}
        {!item && (
          <span class="attract-welcome">
            <span class="attract-emblem" aria-hidden="true">
              ☰
            </span>
            <h1>{t('attract.title')}</h1>
            <span class="attract-sub">{t('attract.subtitle')}</span>
          </span>
        )}
        <span class="attract-cta">{t('attract.start')}</span>
      </button>
    </main>
  );
}
