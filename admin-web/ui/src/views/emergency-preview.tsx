/**
 * An emergency broadcast as a kiosk shows it: a faithful copy of the kiosk's emergency overlay
 * (kiosk/src/browser/components/emergency: the same structure, its colours and proportions in
 * live.css, scaled into a 16:9 frame). The kiosk shows the resident's language first and the
 * other one below; the preview shows either order. Built from the console's own elements, not
 * the kiosk's, because the console cannot load the kiosk's bundle under its CSP.
 */
import type { JSX } from 'preact';
import type { LocalizedText } from '@civic-kiosk/protocol/terminal-api';
import { LANGS, t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';

export function EmergencyPreview({ title, body, first }: { title: LocalizedText; body: LocalizedText; first: Lang }): JSX.Element {
  const order = [first, ...LANGS.filter((l) => l !== first)];
  return (
    <div class="kiosk-frame">
      <div class="kiosk-emergency" lang={first}>
        <p class="emergency-tag">{t('preview.tag', { lng: first })}</p>
        {order.map((l, i) => (
          <div key={l} lang={l} class={i === 0 ? 'emergency-main' : 'emergency-second'}>
            <p class="emergency-title">{title[l] || '—'}</p>
            <p>{body[l] || '—'}</p>
          </div>
        ))}
      </div>
    </div>
  );
}
