/** The dynamic QR order with its countdown; cancelling asks the server, which has the last word. */
import type { PaymentAttempt, PaymentOrder } from '../../../common/payment/types.ts';
import { formatYuan } from '../../../common/payment/types.ts';
import { useKiosk, useT } from '../../state/context.ts';
import type { PaymentRunner } from '../../payment/runner.ts';
import { QrCode } from '../../components/qr-code/index.tsx';

export function AwaitingPayment({ runner, attempt, order }: { runner: PaymentRunner; attempt: PaymentAttempt; order: PaymentOrder }) {
  const { state } = useKiosk();
  const { t } = useT();
  const left = Math.max(0, Math.ceil((order.expiresAt - state.now.value) / 1000));
  const countdown = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  return (
    <section aria-labelledby="bills-qr" class="bill-pay">
      <h2 id="bills-qr">{t('screens.bills.qrTitle', { amount: formatYuan(attempt.amountFen) })}</h2>
      <QrCode payload={order.qrPayload} label={t('screens.bills.qrLabel')} class="bill-qr" testId="payment-qr" />
      <p class="bill-countdown" data-testid="countdown" aria-label={t('screens.bills.countdownLabel', { seconds: left })}>
        {t('screens.bills.countdown', { time: countdown })}
      </p>
      <p class="lead">{t('screens.bills.qrHint')}</p>
      <button type="button" class="button danger" onClick={() => runner.dispatch({ type: 'cancel', now: state.clock.now() })}>
        {t('screens.bills.cancelPayment')}
      </button>
    </section>
  );
}
