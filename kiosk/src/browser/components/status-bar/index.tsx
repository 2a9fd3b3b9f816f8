/** Top line on every screen: the terminal's name, online/offline, and the time. */
import { clockTime } from '../../../common/clock-time.ts';
import { useKiosk, useT } from '../../state/context.ts';

export function StatusBar() {
  const { state } = useKiosk();
  const { t } = useT();
  const online = state.online.value;
  const time = clockTime(new Date(state.now.value));
  return (
    <aside class="status-bar" aria-label={t('status.label')}>
      <span>{state.info.value?.terminalName ?? t('status.product')}</span>
      {/* Only the connection is announced when it changes, not the clock. */}
      <span class={online ? 'online' : 'offline'} data-testid="online-indicator" role="status">
        {online ? t('status.online') : t('status.offline')}
      </span>
      <span>{time}</span>
    </aside>
  );
}
