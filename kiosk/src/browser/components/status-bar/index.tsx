/** Top line on every screen: the terminal's public location, online/offline, and the time. */
import { clockTime } from '../../../common/clock-time.ts';
import { useKiosk, useT } from '../../state/context.ts';
import { locationName } from '../../state/place.ts';

export function StatusBar() {
  const { state } = useKiosk();
  const { t, lang } = useT();
  const online = state.online.value;
  const time = clockTime(new Date(state.now.value));
  return (
    <aside class="status-bar" aria-label={t('status.label')}>
      <span data-testid="location-name">{locationName(state.info.value, lang) ?? t('status.product')}</span>
      {/* Only the connection is announced when it changes, not the clock. */}
      <span class={online ? 'online' : 'offline'} data-testid="online-indicator" role="status">
        {online ? t('status.online') : t('status.offline')}
      </span>
      <span>{time}</span>
    </aside>
  );
}
