/** Utility bills: one route whose body follows the payment state machine's state. */
import { useLayoutEffect } from 'preact/hooks';
import { Screen } from '../../components/screen/index.tsx';
import { usePayments } from '../../payment/context.ts';
import { useT } from '../../state/context.ts';
import type { PaymentRunner } from '../../payment/runner.ts';
import type { PaymentState } from '../../../common/payment/payment-machine.ts';
import { EnterAccount } from './account.tsx';
import { AwaitingPayment } from './awaiting.tsx';
import { BillDetails } from './bill.tsx';
import { ChooseBiller } from './choose.tsx';
import { Outcome } from './outcome.tsx';
import './bills.css';

export default function Bills() {
  const { t } = useT();
  const payments = usePayments();
  // Coming to the bill screens starts afresh, unless a payment is still in flight (then it shows).
  // A layout effect runs before the first touch can land; a plain effect could undo that touch.
  useLayoutEffect(() => void payments?.runner.reset(), [payments]);
  return (
    <Screen title={t('screens.bills.title')}>
      {payments ? <Body runner={payments.runner} state={payments.runner.state.value} ready={payments.ready.value} /> : <Wait text={t('screens.bills.loading')} />}
    </Screen>
  );
}

function Wait({ text }: { text: string }) {
  return (
    <p role="status" class="lead bill-wait" data-testid="bill-wait">
      {text}
    </p>
  );
}

function Body({ runner, state, ready }: { runner: PaymentRunner; state: PaymentState; ready: boolean }) {
  const { t } = useT();
  switch (state.name) {
    case 'choosing-biller':
      return <ChooseBiller runner={runner} />;
    case 'entering-account':
      return <EnterAccount runner={runner} biller={state.biller} />;
    case 'bill-lookup':
      return <Wait text={t('screens.bills.looking')} />;
    case 'lookup-failed':
      return (
        <section aria-labelledby="bills-lookup-failed" class="card not-ok" data-testid="bill-outcome" data-outcome={`lookup-${state.reason}`}>
          <div role="status">
            <h2 id="bills-lookup-failed">{t(`screens.bills.lookupFailed.${state.reason}`)}</h2>
          </div>
          <button type="button" class="button primary" onClick={() => runner.dispatch({ type: 'back' })}>
            {t('screens.bills.tryAgain')}
          </button>
        </section>
      );
    case 'bill-shown':
      return <BillDetails runner={runner} bill={state.bill} ready={ready} />;
    case 'creating-order':
      return <Wait text={t('screens.bills.creating')} />;
    case 'awaiting-payment':
      return <AwaitingPayment runner={runner} attempt={state.attempt} order={state.order} />;
    case 'confirming':
      return <Wait text={t('screens.bills.confirming')} />;
    case 'receipt-printing':
      return <Wait text={t('screens.bills.printing')} />;
    default:
      return <Outcome runner={runner} state={state} />;
  }
}
