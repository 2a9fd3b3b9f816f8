/**
 * Reversing a paid payment (admins): the dialog names the payment and what will happen (the
 * biller reverses it, the payer gets the amount back, it cannot be undone) and takes the
 * reason, which is required and kept with the payment.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { REVERSAL_REASON_MAX } from '@civic-kiosk/protocol/staff-money';
import type { StaffPayment } from '@civic-kiosk/protocol/staff-money';
import { reverse } from '../../api/money.ts';
import type { ApiClient } from '../../api/client.ts';
import { ApiError } from '../../api/client.ts';
import { t } from '../../i18n/index.ts';
import { formatTime } from '../format.ts';
import { Dialog } from '../dialog.tsx';
import { yuanText } from './amount.ts';
import type { Say } from './say.ts';

export function ReverseDialog({ api, payment: p, onClose, onReversed, onStale }: { api: ApiClient; payment: StaffPayment; onClose(): void; onReversed(p: StaffPayment): void; onStale(): void }): JSX.Element {
  const reason = useSignal('');
  const reasonError = useSignal<Say | undefined>(undefined);
  const failure = useSignal<Say | undefined>(undefined);
  const busy = useSignal(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (reason.peek().trim().length < 2) {
      reasonError.value = () => t('money.reasonRequired');
      return;
    }
    busy.value = true;
    failure.value = undefined;
    try {
      onReversed(await reverse(api, p.paymentId, reason.peek().trim()));
    } catch (err) {
      // The server's word on the field (validation) goes on the field; anything else under the form.
      if (err instanceof ApiError && err.code === 'validation-failed') reasonError.value = () => t('money.reasonRequired');
      else if (err instanceof ApiError && err.code === 'payment-not-reversible') {
        // Someone else reversed it meanwhile (or it is no longer paid): say so and show the ledger as it is now.
        failure.value = () => t('money.notReversible');
        onStale();
      } else failure.value = () => t('money.reverseFailed', { message: (err as Error).message });
    } finally {
      busy.value = false;
    }
  };

  return (
    <Dialog title={t('money.reverseTitle', { reference: p.reference })} onClose={onClose}>
      <dl class="payment-facts">
        <dt>{t('money.col.biller')}</dt>
        <dd>{t(`money.biller.${p.biller}`)}</dd>
        <dt>{t('money.col.account')}</dt>
        <dd>{p.account}</dd>
        <dt>{t('money.col.period')}</dt>
        <dd>{p.period}</dd>
        <dt>{t('money.col.terminal')}</dt>
        <dd>{p.terminalName ?? p.terminalId}</dd>
        <dt>{t('money.col.time')}</dt>
        <dd>{formatTime(Date.parse(p.createdAt))}</dd>
        <dt>{t('money.col.amount')}</dt>
        <dd>{yuanText(p.amountFen)}</dd>
      </dl>
      <p class="warning">{t('money.reverseWarning', { amount: yuanText(p.amountFen) })}</p>
      <form class="dialog-form" onSubmit={(e) => void submit(e)} noValidate>
        <label>
          {t('money.reason')}
          <textarea
            rows={3}
            maxLength={REVERSAL_REASON_MAX}
            value={reason.value}
            aria-invalid={reasonError.value ? 'true' : undefined}
            aria-describedby="reverse-reason-error"
            onInput={(e) => ((reason.value = e.currentTarget.value), (reasonError.value = undefined))}
          />
          <span id="reverse-reason-error" class="error field-error">{reasonError.value?.()}</span>
        </label>
        {failure.value && <p role="alert" class="error">{failure.value()}</p>}
        <div class="dialog-actions">
          <button type="submit" class="danger" disabled={busy.value}>{t('money.reverseConfirm')}</button>
          <button type="button" onClick={onClose}>{t('money.cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}
