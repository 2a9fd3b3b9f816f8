/** Device health with a self-test per device, and a test receipt. */
import { useState } from 'preact/hooks';
import { DeviceKind } from '../../../common/bridge.ts';
import type { DeviceHealthMap } from '../../../common/bridge.ts';
import { useKiosk, useT } from '../../state/context.ts';
import type { Translate } from '../../i18n/index.ts';

function healthText(h: DeviceHealthMap[DeviceKind], t: Translate): string {
  if (!h) return t('screens.staff.health.unknown');
  const reasons = h.state === 'ready' ? [] : h.reasons.map((r) => t(`screens.staff.reason.${r}`, { defaultValue: r }));
  return [t(`screens.staff.health.${h.state}`), ...reasons].join(' · ');
}

export function DevicePanel() {
  const { state, actions } = useKiosk();
  const { t } = useT();
  const [results, setResults] = useState<Record<string, string>>({});
  const run = async (key: string, job: () => Promise<{ ok: boolean; detail?: string; error?: string }>) => {
    setResults((r) => ({ ...r, [key]: t('screens.staff.running') }));
    try {
      const res = await job();
      const detail = res.detail ?? res.error ?? '';
      setResults((r) => ({ ...r, [key]: `${res.ok ? t('screens.staff.passed') : t('screens.staff.failed')}${detail ? `: ${detail}` : ''}` }));
    } catch (e) {
      setResults((r) => ({ ...r, [key]: `${t('screens.staff.failed')}: ${(e as Error).message}` }));
    }
  };
  const receipt = () => actions.printTestReceipt([{ text: t('screens.staff.receiptLine') }, { text: state.info.value?.terminalId ?? '' }, { text: new Date(state.now.value).toISOString() }]);
  return (
    <section class="card" aria-labelledby="staff-devices">
      <h2 id="staff-devices">{t('screens.staff.devices')}</h2>
      <ul class="list">
        {DeviceKind.options.map((d) => (
          <li key={d} class="list-row device-row" data-device={d}>
            <span class="list-title">{t(`screens.staff.device.${d}`)}</span>
            <span class="list-sub">{healthText(state.health.value[d], t)}</span>
            <button type="button" class="button" onClick={() => void run(d, () => actions.selfTest(d))}>
              {t('screens.staff.selfTest')}
            </button>
            <span role="status" class="list-sub">
              {results[d] ?? ''}
            </span>
          </li>
        ))}
      </ul>
      <button type="button" class="button" onClick={() => void run('receipt', receipt)}>
        {t('screens.staff.testReceipt')}
      </button>
      <p role="status" data-testid="receipt-result">
        {results.receipt ?? ''}
      </p>
    </section>
  );
}
