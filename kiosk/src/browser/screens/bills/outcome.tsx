/**
 * Every way a payment ends, each with its own plain message: paid (with or without a receipt),
 * declined, expired, cancelled, failed, and "not confirmed yet" (the outbox will settle it).
 */
import type { PaymentState } from '../../../common/payment/payment-machine.ts';
import { formatYuan } from '../../../common/payment/types.ts';
import { useKiosk, useT } from '../../state/context.ts';
import type { PaymentRunner } from '../../payment/runner.ts';
import { QrCode } from '../../components/qr-code/index.tsx';

type Ending = Extract<PaymentState, { name: 'done' | 'receipt-unavailable' | 'declined' | 'expired' | 'cancelled' | 'failed' | 'unknown' }>;

export function Outcome({ runner, state }: { runner: PaymentRunner; state: Ending }) {
  const { actions, state: kiosk } = useKiosk();
  const { t } = useT();
  const { attempt } = state;
  const ok = state.name === 'done' || state.name === 'receipt-unavailable';
  // The server refused the bill itself (its ledger holds it paid or in doubt): said as such.
  const refusal = state.name === 'declined' ? state.refusal : undefined;
  const finish = () => {
    runner.dispatch({ type: 'finish' });
    actions.home();
  };
  return (
    <section aria-labelledby="bills-outcome" class={`card bill-outcome ${ok ? 'ok' : 'not-ok'}`} data-testid="bill-outcome" data-outcome={refusal ? `refused-${refusal}` : state.name}>
      <div role="status">
        <h2 id="bills-outcome">{t(refusal ? `screens.bills.refused.${refusal}.title` : `screens.bills.outcome.${state.name}.title`)}</h2>
      </div>
      <p>{t(refusal ? `screens.bills.refused.${refusal}.text` : `screens.bills.outcome.${state.name}.text`, { amount: formatYuan(attempt.amountFen) })}</p>
      {state.name === 'receipt-unavailable' && <p>{t(`screens.bills.printError.${state.error}`)}</p>}
      {(ok || state.name === 'unknown') && attempt.reference && (
        // The short reference, shown and as a QR to keep on a phone; the idempotency key stays internal.
        <div class="bill-keep">
          <dl class="facts">
            <dt>{t('screens.bills.receipt.reference')}</dt>
            <dd class="bill-reference" data-testid="bill-reference">
              {attempt.reference}
            </dd>
          </dl>
          <QrCode payload={attempt.reference} label={t('screens.bills.referenceQr', { reference: attempt.reference })} class="bill-qr" testId="payment-qr" />
        </div>
      )}
      <div class="actions">
        {state.name === 'receipt-unavailable' && (
          <button type="button" class="button primary" onClick={() => runner.dispatch({ type: 'reprint', now: kiosk.clock.now() })}>
            {t('screens.bills.printAgain')}
          </button>
        )}
        <button type="button" class={`button ${state.name === 'receipt-unavailable' ? '' : 'primary'}`} onClick={finish}>
          {t('screens.bills.finish')}
        </button>
      </div>
    </section>
  );
}
