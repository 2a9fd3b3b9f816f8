/** Staff mode: reprint the receipt of a recent paid bill, by its reference. */
import { useEffect, useState } from 'preact/hooks';
import type { PaymentRecord } from '../../../common/payment/types.ts';
import { formatYuan } from '../../../common/payment/types.ts';
import { usePayments } from '../../payment/context.ts';
import { useKiosk, useT } from '../../state/context.ts';

export function ReceiptReprints() {
  const payments = usePayments();
  const { actions } = useKiosk();
  const { t } = useT();
  const [records, setRecords] = useState<PaymentRecord[]>([]);
  const [message, setMessage] = useState('');
  const reload = () => void payments?.outbox.paid().then(setRecords);
  useEffect(reload, [payments]);
  const reprint = async (reference: string) => {
    if (!payments) return;
    actions.activity();
    const result = await payments.reprint(reference);
    setMessage(result.ok ? t('screens.bills.reprints.done', { reference }) : t('screens.bills.reprints.failed', { reason: result.error }));
    reload();
  };
  return (
    <section class="card" aria-labelledby="staff-reprints" data-testid="staff-reprints">
      <h2 id="staff-reprints">{t('screens.bills.reprints.title')}</h2>
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
