/** Where the card goes (a drawing of this terminal's card slot), and the blocked-card notice. */
import { useKiosk, useT } from '../../state/context.ts';

export function InsertCard({ onInserted, onLost }: { onInserted(): void; onLost(): void }) {
  const { t } = useT();
  return (
    <section class="card" aria-labelledby="ss-insert-title" data-testid="ss-insert">
      <h2 id="ss-insert-title">{t('screens.social-security.insert.title')}</h2>
      <CardSlot label={t('screens.social-security.insert.drawing')} />
      <p class="lead">{t('screens.social-security.insert.text')}</p>
      <div class="actions">
        <button type="button" class="button primary" onClick={onInserted}>
          {t('screens.social-security.insert.done')}
        </button>
        <button type="button" class="button" onClick={onLost} data-testid="ss-lost">
          {t('screens.social-security.insert.lost')}
        </button>
      </div>
    </section>
  );
}

/**
 * The card slot below the screen, the card going in chip first
 * and face up. Drawn inline so it needs no file and follows the theme's colours.
 */
function CardSlot({ label }: { label: string }) {
  return (
    <svg class="card-slot" viewBox="0 0 600 360" role="img" aria-label={label}>
      <rect class="slot-panel" x="20" y="200" width="560" height="140" rx="18" />
      <rect class="slot-mouth" x="200" y="250" width="260" height="22" rx="8" />
      <g class="slot-card">
        <rect x="220" y="20" width="220" height="240" rx="14" />
        <rect class="slot-chip" x="250" y="190" width="56" height="44" rx="6" />
        <line x1="250" y1="60" x2="410" y2="60" />
        <line x1="250" y1="90" x2="370" y2="90" />
      </g>
      <path class="slot-arrow" d="M510 60 v150 m-22 -28 l22 28 l22 -28" />
    </svg>
  );
}

/** A blocked PIN is unblocked at a counter that issues cards: list those in the content release. */
export function Blocked() {
  const { state } = useKiosk();
  const { t, lang } = useT();
  const points = (state.content.value?.files['service-points']?.servicePoints ?? []).filter((p) => p.services.some((s) => /social security card/i.test(s.en)));
  return (
    <section class="card not-ok" aria-labelledby="ss-blocked-title" data-testid="ss-blocked">
      <div role="alert">
        <h2 id="ss-blocked-title">{t('screens.social-security.blocked.title')}</h2>
        <p>{t('screens.social-security.blocked.text')}</p>
      </div>
      <ul class="list">
        {points.map((p) => (
          <li key={p.id} class="service-point" data-point={p.id}>
            <strong>{p.name[lang]}</strong>
            <br />
            {p.address[lang]} · {p.hours[lang]}
            {p.phone && ` · ${p.phone}`}
          </li>
        ))}
      </ul>
    </section>
  );
}
