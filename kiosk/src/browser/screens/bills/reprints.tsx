/** Staff mode: reprint the receipt of a recent paid bill, by its reference (typed, or scanned from the resident's QR). */
import { useEffect, useState } from 'preact/hooks';
import './bills.css';
import { ShortReference } from '@civic-kiosk/protocol/gateway';
import type { PaymentRecord } from '../../../common/payment/types.ts';
import { formatYuan } from '../../../common/payment/types.ts';
import { TextKeyboard } from '../../components/text-keyboard/index.tsx';
import { usePayments } from '../../payment/context.ts';
import { useKiosk, useT } from '../../state/context.ts';

export function ReceiptReprints() {
  const payments = usePayments();
  const { actions } = useKiosk();
  const { t } = useT();
  const [records, setRecords] = useState<PaymentRecord[]>([]);
  const [message, setMessage] = useState('');
  const [typed, setTyped] = useState('');
  const typedValid = ShortReference.safeParse(typed).success;
  const type = (value: string) => setTyped(value.toUpperCase().replace(/\s/g, ''));
  const reload = () => void payments?.outbox.paid().then(setRecords);
  useEffect(reload, [payments]);
  const reprint = async (reference: string) => {
    if (!payments) return;
    actions.activity();
    const result = await payments.reprint(reference);
    if (result.ok) setMessage(t('screens.bills.reprints.done', { reference }));
    else setMessage(result.error === 'not-found' ? t('screens.bills.reprints.notFound', { reference }) : t('screens.bills.reprints.failed', { reason: result.error }));
    reload();
  };
  return (
    <section class="card" aria-labelledby="staff-reprints" data-testid="staff-reprints">
      <h2 id="staff-reprints">{t('screens.bills.reprints.title')}</h2>
      <form
        class="bill-reprint-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (typedValid) void reprint(typed);
        }}
      >
        <label for="reprint-reference">{t('screens.bills.reprints.byReference')}</label>
        <input
          id="reprint-reference"
          data-testid="reprint-reference"
          autocomplete="off"
          maxLength={10}
          value={typed}
          aria-invalid={typed.length > 0 && !typedValid}
          aria-describedby="reprint-reference-hint"
          onInput={(e) => type((e.target as HTMLInputElement).value)}
        />
        <TextKeyboard label={t('screens.bills.reprints.byReference')} value={typed} composition="" onChange={type} maxLength={10} extraRows={['1234567890']} />
        <p id="reprint-reference-hint" class={typed.length > 0 && !typedValid ? 'bill-field-error' : ''}>
          {t(typed.length > 0 && !typedValid ? 'screens.bills.reprints.referenceInvalid' : 'screens.bills.reprints.referenceHint')}
        </p>
        <button type="submit" class="button primary" disabled={!typedValid} aria-disabled={!typedValid} data-testid="reprint-by-reference">
          {t('screens.bills.reprints.reprintTyped')}
        </button>
      </form>
      {records.length === 0 && <p>{t('screens.bills.reprints.empty')}</p>}
      <ul class="list">
        {records.map((r) => (
          <li key={r.key} class="list-row">
            <span class="list-title">
              {t(`screens.bills.biller.${r.biller}`)} {r.accountMasked} ¥{formatYuan(r.amountFen)}
            </span>
            <span class="list-sub">
              {r.reference} · {t(r.receipt === 'printed' ? 'screens.bills.reprints.printed' : 'screens.bills.reprints.notPrinted')}
            </span>
            {r.reference && (
              <button type="button" class="button" onClick={() => void reprint(r.reference!)}>
                {t('screens.bills.reprints.reprint', { reference: r.reference })}
              </button>
            )}
          </li>
        ))}
      </ul>
      <p role="status">{message}</p>
    </section>
  );
}
