/**
 * Every way a payment ends, each with its own plain message: paid (with or without a receipt),
 * declined, expired, cancelled, failed, and "not confirmed yet" (the outbox will settle it).
 */
import type { PaymentState } from '../../../common/payment/payment-machine.ts';
import { formatYuan } from '../../../common/payment/types.ts';
import { useKiosk, useT } from '../../state/context.ts';
import type { PaymentRunner } from '../../payment/runner.ts';

type Ending = Extract<PaymentState, { name: 'done' | 'receipt-unavailable' | 'declined' | 'expired' | 'cancelled' | 'failed' | 'unknown' }>;

export function Outcome({ runner, state }: { runner: PaymentRunner; state: Ending }) {
  const { actions, state: kiosk } = useKiosk();
  const { t } = useT();
  const { attempt } = state;
  const ok = state.name === 'done' || state.name === 'receipt-unavailable';
  const finish = () => {
    runner.dispatch({ type: 'finish' });
    actions.home();
  };
  return (
    <section aria-labelledby="bills-outcome" class={`card bill-outcome ${ok ? 'ok' : 'not-ok'}`} data-testid="bill-outcome" data-outcome={state.name}>
      <div role="status">
        <h2 id="bills-outcome">{t(`screens.bills.outcome.${state.name}.title`)}</h2>
      </div>
      <p>{t(`screens.bills.outcome.${state.name}.text`, { amount: formatYuan(attempt.amountFen) })}</p>
      {state.name === 'receipt-unavailable' && <p>{t(`screens.bills.printError.${state.error}`)}</p>}
      {(ok || state.name === 'unknown') && (
        <dl class="facts">
          <dt>{t('screens.bills.receipt.reference')}</dt>
          <dd class="bill-reference" data-testid="bill-reference">
            {attempt.reference ?? attempt.key}
          </dd>
        </dl>
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
