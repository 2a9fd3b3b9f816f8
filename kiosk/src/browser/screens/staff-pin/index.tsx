/** Staff PIN entry after the hidden gesture. Wrong PINs and lock-outs are said plainly. */
import { useState } from 'preact/hooks';
import { Keypad } from '../../components/keypad/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';

export default function StaffPin() {
  const { actions } = useKiosk();
  const { t } = useT();
  const [pin, setPin] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (pin.length < 4 || busy) return setError(pin.length < 4 ? t('screens.staffPin.tooShort') : '');
    setBusy(true);
    try {
      const r = await actions.verifyStaffPin(pin);
      if (!r.ok) setError(r.error === 'locked' ? t('screens.staffPin.locked', { n: r.retryAfterSeconds ?? 0 }) : t('screens.staffPin.wrong'));
    } catch {
      setError(t('screens.staffPin.failed'));
    } finally {
      setPin('');
      setBusy(false);
    }
  };
  return (
    <main class="screen narrow" aria-labelledby="pin-title">
      <h1 id="pin-title">{t('screens.staffPin.title')}</h1>
      <p class="lead">{t('screens.staffPin.lead')}</p>
      <Keypad label={t('screens.staffPin.label')} value={pin} onChange={setPin} onSubmit={() => void submit()} submitLabel={t('screens.staffPin.submit')} maxLength={12} masked disabled={busy} />
      <p role="alert" class="error" data-testid="pin-error">
        {error}
      </p>
      <button type="button" class="button" onClick={() => void actions.leaveStaff()}>
        {t('common.cancel')}
      </button>
    </main>
  );
}
