/** Utility bills: one route whose body follows the payment state machine's state. */
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { Screen } from '../../components/screen/index.tsx';
import { usePayments } from '../../payment/context.ts';
import { useKiosk, useT } from '../../state/context.ts';
import type { PaymentRunner } from '../../payment/runner.ts';
import type { PaymentState } from '../../../common/payment/payment-machine.ts';
import { BILLERS } from '../../../common/payment/types.ts';
import type { ScreenProps } from '../registry.ts';
import type { DeviceHealth } from '@civic-kiosk/protocol/device-health';
import { EnterAccount } from './account.tsx';
import { AwaitingPayment } from './awaiting.tsx';
import { BillDetails } from './bill.tsx';
import { ChooseBiller } from './choose.tsx';
import { LeaveDialog } from './leave-dialog.tsx';
import { Outcome } from './outcome.tsx';
import './bills.css';

export default function Bills({ params }: ScreenProps) {
  const { t } = useT();
  const { state, actions } = useKiosk();
  const payments = usePayments();
  const [leaving, setLeaving] = useState<(() => void) | null>(null);
  // Coming to the bill screens starts afresh, unless a payment is still in flight (then it shows).
  // A layout effect runs before the first touch can land; a plain effect could undo that touch.
  // A biller in the route (a mailbox bill reminder) goes straight to its account entry, which
  // the reminder's account already fills (session input `bills.account`).
  useLayoutEffect(() => {
    if (!payments) return;
    payments.runner.reset();
    const biller = BILLERS.find((b) => b === params.biller);
    if (biller && payments.runner.state.value.name === 'choosing-biller') payments.runner.dispatch({ type: 'choose-biller', biller });
  }, [payments]);
  // While a QR order is open, leaving asks first; confirmed, the order is closed and the runner
  // finishes the attempt in the background without printing (see PaymentRunner.release).
  const open = payments?.runner.state.value.name === 'awaiting-payment';
  const guard = open ? (go: () => void) => setLeaving(() => go) : undefined;
  // Each step of paying speaks for itself in elderly mode; waits keep the step before.
  const step = payments ? billStep(payments.runner.state.value.name) : null;
  const guidance = open && leaving ? 'leave' : step;
  useEffect(() => {
    if (guidance) actions.guide(`billsStep.${guidance}`);
  }, [guidance]);
  const leave = () => {
    const go = leaving;
    setLeaving(null);
    payments?.runner.release();
    go?.();
  };
  return (
    <Screen title={t('screens.bills.title')} guard={guard}>
      {payments ? <Body runner={payments.runner} state={payments.runner.state.value} ready={payments.ready.value} printer={state.health.value['receipt-printer']} /> : <Wait text={t('screens.bills.loading')} />}
      {open && leaving && <LeaveDialog onStay={() => setLeaving(null)} onLeave={leave} />}
    </Screen>
  );
}

/** The spoken step of a payment state (`speech.billsStep.*`); none while waiting or choosing (the screen's own). */
function billStep(name: PaymentState['name']): string | null {
  switch (name) {
    case 'entering-account':
    case 'lookup-failed':
    case 'awaiting-payment':
    case 'done':
    case 'receipt-unavailable':
      return name;
    case 'bill-shown':
      return 'bill';
    case 'declined':
    case 'expired':
    case 'cancelled':
    case 'failed':
    case 'unknown':
      return 'not-paid';
    default:
      return null;
  }
}

function Wait({ text }: { text: string }) {
  return (
    <p role="status" class="lead bill-wait" data-testid="bill-wait">
      {text}
    </p>
  );
}

function Body({ runner, state, ready, printer }: { runner: PaymentRunner; state: PaymentState; ready: boolean; printer: DeviceHealth | undefined }) {
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
      return <BillDetails runner={runner} bill={state.bill} ready={ready} canPrint={printer?.state !== 'absent'} />;
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
