/**
 * The card PIN on the on-screen pad: six digits, masked, large keys, in a new shuffled order
 * per entry when kiosk-config.json asks for it. The PIN goes from the pad to the privileged
 * side's `socialSecurity.open` and the pad is cleared in the same step: no state keeps it.
 */
import { useMemo, useState } from 'preact/hooks';
import type { SocialSecurityOpenOutcome } from '../../../common/bridge.ts';
import { Keypad, PHONE_DIGITS } from '../../components/keypad/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';

const PIN_LENGTH = 6;

/** Fisher-Yates with the platform's CSPRNG: where a digit sits must not be guessable. */
function shuffled(digits: readonly string[]): string[] {
  const out = [...digits];
  const r = new Uint32Array(out.length);
  crypto.getRandomValues(r);
  for (let i = out.length - 1; i > 0; i--) {
    const j = r[i]! % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Where a card-and-PIN open that did not open leads: the pad again, the blocked card, or a problem. */
export type PinRefusalStep = { name: 'pin'; triesLeft: number } | { name: 'blocked' } | { name: 'failed'; code: string };

/** Shared by every screen opened with the card and its PIN (card services, mailbox), so they answer alike. */
export function stepAfterPinRefusal(o: Exclude<SocialSecurityOpenOutcome, { outcome: 'opened' }>): PinRefusalStep {
  switch (o.outcome) {
    case 'wrong-pin':
      return { name: 'pin', triesLeft: o.triesLeft };
    case 'blocked':
      return { name: 'blocked' };
    case 'refused':
      return { name: 'failed', code: o.code };
    default:
      return { name: 'failed', code: o.outcome };
  }
}

export function PinEntry({ triesLeft, onPin }: { triesLeft: number | undefined; onPin(pin: string): void }) {
  const { state } = useKiosk();
  const { t } = useT();
  const [pin, setPin] = useState('');
  const shuffle = state.info.value?.pinPadShuffle === true;
  // A new order for every entry (a wrong PIN remounts this component with its tries left).
  const digits = useMemo(() => (shuffle ? shuffled(PHONE_DIGITS) : PHONE_DIGITS), [shuffle, triesLeft]);
  const submit = () => {
    if (pin.length !== PIN_LENGTH) return;
    setPin('');
    onPin(pin);
  };
  return (
    <section class="card pin-entry" aria-labelledby="ss-pin-title" data-testid="ss-pin">
      <h2 id="ss-pin-title">{t('screens.social-security.pin.title')}</h2>
      <p>{t('screens.social-security.pin.hint')}</p>
      {triesLeft !== undefined && (
        <p role="alert" class="not-ok-text" data-testid="ss-tries-left">
          {t('screens.social-security.pin.wrong', { n: triesLeft })}
        </p>
      )}
      <Keypad label={t('screens.social-security.pin.label')} value={pin} onChange={setPin} onSubmit={submit} submitLabel={t('screens.social-security.pin.submit')} maxLength={PIN_LENGTH} masked digits={digits} />
    </section>
  );
}
