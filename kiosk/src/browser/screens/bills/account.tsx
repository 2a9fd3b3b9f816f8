/** Type the account number on the keypad (kept in session inputs, so the wipe clears it), or scan. */
import type { BillerKind } from '../../../common/payment/types.ts';
import { Keypad } from '../../components/keypad/index.tsx';
import { useState } from 'preact/hooks';
import { useKiosk, useT } from '../../state/context.ts';
import type { PaymentRunner } from '../../payment/runner.ts';

const INPUT = 'bills.account';

export function EnterAccount({ runner, biller }: { runner: PaymentRunner; biller: BillerKind }) {
  const { state, actions } = useKiosk();
  const { t } = useT();
  const value = state.session.value.inputs.value[INPUT] ?? '';
  const [tooShort, setTooShort] = useState(false);
  const submit = () => {
    // Said on the spot, next to the field, rather than sent to the server to fail there.
    setTooShort(value.length < 6);
    if (value.length < 6) return;
    runner.dispatch({ type: 'submit-account', account: value });
    actions.setInput(INPUT, '');
  };
  return (
    <section aria-labelledby="bills-account">
      <h2 id="bills-account">{t('screens.bills.accountTitle', { biller: t(`screens.bills.biller.${biller}`) })}</h2>
      <p class="lead">{t('screens.bills.accountHint')}</p>
      <Keypad
        label={t('screens.bills.account')}
        value={value}
        onChange={(v) => {
          setTooShort(false);
          actions.setInput(INPUT, v);
        }}
        onSubmit={submit}
        submitLabel={t('screens.bills.lookup')}
        maxLength={10}
      />
      {tooShort && (
        <p role="alert" class="bill-field-error" data-testid="account-too-short">
          {t('screens.bills.accountTooShort')}
        </p>
      )}
      <button type="button" class="button" onClick={() => runner.dispatch({ type: 'back' })}>
        {t('screens.bills.otherBiller')}
      </button>
    </section>
  );
}
