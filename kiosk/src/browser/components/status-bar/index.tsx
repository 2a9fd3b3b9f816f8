/** Top line on every screen: the terminal's name, online/offline, and the time. */
import { useKiosk, useT } from '../../state/context.ts';

export function StatusBar() {
  const { state } = useKiosk();
  const { t, lang } = useT();
  const online = state.online.value;
  const time = new Date(state.now.value).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', hour12: false });
  return (
    <div class="status-bar" role="status" aria-label={t('status.label')}>
      <span>{state.info.value?.terminalName ?? t('status.product')}</span>
      <span class={online ? 'online' : 'offline'} data-testid="online-indicator">
        {online ? t('status.online') : t('status.offline')}
      </span>
      <span>{time}</span>
    </div>
  );
}
