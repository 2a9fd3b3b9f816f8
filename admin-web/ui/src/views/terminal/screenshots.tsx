import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import type { ScreenshotView } from '@civic-kiosk/protocol/staff-api';
import type { ApiClient } from '../../api/client.ts';
import { t } from '../../i18n/index.ts';
import { formatTime } from '../format.ts';

const screenName = (s: ScreenshotView) => `${t(`screen.${s.screen.mode}`)}${s.screen.service ? ` · ${s.screen.service}` : ''}`;

/**
 * The terminal's latest screenshots. An image may show a resident's data and each load of it
 * is an audited view, so images load only when staff ask to see one.
 */
export function Screenshots({ api, terminalId, screenshots }: { api: ApiClient; terminalId: string; screenshots: readonly ScreenshotView[] }): JSX.Element {
  const shown = useSignal<number | undefined>(undefined);
  const open = screenshots.find((s) => s.id === shown.value);
  return (
    <section aria-labelledby="screenshots-heading" class="panel">
      <h2 id="screenshots-heading">{t('terminal.screenshots.heading')}</h2>
      <p class="note">{t('terminal.screenshots.privacy')}</p>
      {screenshots.length === 0 ? (
        <p>{t('terminal.screenshots.none')}</p>
      ) : (
        <ul class="screenshots">
          {screenshots.map((s) => (
            <li key={s.id}>
              <span>
                {t('terminal.screenshots.item', { at: formatTime(s.capturedAt), screen: screenName(s), by: s.requestedBy.replace(/^staff:/, '') })}
                {s.forcedReason && ` ${t('terminal.screenshots.forced', { reason: s.forcedReason })}`}
              </span>{' '}
              <button type="button" aria-pressed={shown.value === s.id} aria-label={t(shown.value === s.id ? 'terminal.screenshots.hideLabel' : 'terminal.screenshots.showLabel', { at: formatTime(s.capturedAt) })} onClick={() => (shown.value = shown.value === s.id ? undefined : s.id)}>
                {shown.value === s.id ? t('terminal.screenshots.hide') : t('terminal.screenshots.show')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <figure class="screenshot">
          <img src={api.screenshotUrl(terminalId, open.id)} alt={t('terminal.screenshots.alt', { at: formatTime(open.capturedAt), screen: screenName(open) })} />
          <figcaption>{t('terminal.screenshots.caption', { at: formatTime(open.capturedAt), expires: formatTime(open.expiresAt) })}</figcaption>
        </figure>
      )}
    </section>
  );
}
