/** Where the ID document goes: on the ID reader, read on a touch (or by itself when laid down). */
import { useT } from '../../state/context.ts';

/** `id` prefixes the test ids and the heading's id, so each screen using it keeps its own. */
export function PlaceDocument({ id, onRead }: { id: 'rp' | 'mb'; onRead(): void }) {
  const { t } = useT();
  return (
    <section class="card" aria-labelledby={`${id}-place-title`} data-testid={`${id}-place`}>
      <h2 id={`${id}-place-title`}>{t('screens.residence-permit.place.title')}</h2>
      <p class="lead">{t('screens.residence-permit.place.text')}</p>
      <button type="button" class="button primary" onClick={onRead} data-testid={`${id}-read`}>
        {t('screens.residence-permit.place.read')}
      </button>
    </section>
  );
}
