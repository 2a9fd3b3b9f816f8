/** An emergency message over everything (attract, sessions, staff), in both languages. */
import { useKiosk, useT } from '../../state/context.ts';
import { LANGS } from '../../i18n/index.ts';
import type { ShownEmergency } from '../../state/index.ts';

export function EmergencyOverlay({ emergency }: { emergency: ShownEmergency }) {
  const { state } = useKiosk();
  const { t, lang } = useT();
  // The current language first, the other one below: people of either can read it.
  const order = [lang, ...LANGS.filter((l) => l !== lang)];
  return (
    <div role="alertdialog" aria-modal="true" aria-labelledby="emergency-title" class="emergency" data-testid="emergency" lang={lang}>
      <p class="emergency-tag">{t('emergency.tag')}</p>
      {order.map((l, i) => (
        <section key={l} lang={l} class={i === 0 ? 'emergency-main' : 'emergency-second'}>
          {i === 0 ? <h1 id="emergency-title">{emergency.title[l]}</h1> : <h2>{emergency.title[l]}</h2>}
          <p>{emergency.body[l]}</p>
        </section>
      ))}
      {!state.online.value && <p class="emergency-offline">{t('status.offline')}</p>}
    </div>
  );
}
