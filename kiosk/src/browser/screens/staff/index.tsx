/** Staff mode: terminal, network, content and devices at a glance, self-tests, test receipt. */
import { useEffect } from 'preact/hooks';
import { useKiosk, useT } from '../../state/context.ts';
import { ReceiptReprints } from '../bills/reprints.tsx';
import { DevicePanel } from './devices.tsx';

export default function Staff() {
  const { state, actions } = useKiosk();
  const { t } = useT();
  useEffect(() => {
    void actions.refreshInfo().catch(() => undefined);
    void actions.refreshHealth().catch(() => undefined);
  }, []);
  const info = state.info.value;
  const content = state.content.value;
  const dash = t('common.unknown');
  return (
    <main class="screen staff" aria-labelledby="staff-title">
      <h1 id="staff-title">{t('screens.staff.title')}</h1>
      <section class="card" aria-labelledby="staff-terminal">
        <h2 id="staff-terminal">{t('screens.staff.terminal')}</h2>
        <dl class="facts">
          <dt>{t('screens.staff.terminalId')}</dt>
          <dd data-testid="staff-terminal-id">{info?.terminalId ?? dash}</dd>
          <dt>{t('screens.staff.terminalName')}</dt>
          <dd>{info?.terminalName ?? dash}</dd>
          <dt>{t('screens.staff.enrolled')}</dt>
          <dd>{info?.enrolled ? t('common.yes') : t('common.no')}</dd>
          <dt>{t('screens.staff.appVersion')}</dt>
          <dd>
            {info?.appVersion ?? dash} ({info?.shell ?? dash})
          </dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="staff-network">
        <h2 id="staff-network">{t('screens.staff.network')}</h2>
        <dl class="facts">
          <dt>{t('screens.staff.online')}</dt>
          <dd>{state.online.value ? t('status.online') : t('status.offline')}</dd>
          <dt>{t('screens.staff.serverUrl')}</dt>
          <dd>{info?.serverUrl ?? dash}</dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="staff-content">
        <h2 id="staff-content">{t('screens.staff.content')}</h2>
        <dl class="facts">
          <dt>{t('screens.staff.release')}</dt>
          <dd>{content?.releaseId ?? info?.contentReleaseId ?? dash}</dd>
          <dt>{t('screens.staff.contentProblems')}</dt>
          <dd class="pre">{state.contentError.value ?? t('common.none')}</dd>
        </dl>
      </section>
      <DevicePanel />
      <ReceiptReprints />
      <button type="button" class="button primary" onClick={() => void actions.leaveStaff()}>
        {t('screens.staff.exit')}
      </button>
    </main>
  );
}
