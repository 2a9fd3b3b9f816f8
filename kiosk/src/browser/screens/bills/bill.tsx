/** The bill as the server returned it (holder and address masked), and the pay button. */
import type { Bill } from '../../../common/payment/types.ts';
import { formatYuan, maskAccount } from '../../../common/payment/types.ts';
import { useT } from '../../state/context.ts';
import type { PaymentRunner } from '../../payment/runner.ts';

/** `canPrint` false: the printer is out (paper, cover, offline), said before paying; paper near its end is for staff only. */
export function BillDetails({ runner, bill, ready, canPrint }: { runner: PaymentRunner; bill: Bill; ready: boolean; canPrint: boolean }) {
  const { t } = useT();
  const amount = formatYuan(bill.amountFen);
  return (
    <section aria-labelledby="bills-bill">
      <h2 id="bills-bill">{t('screens.bills.billTitle')}</h2>
      <dl class="facts card" data-testid="bill-details">
        <dt>{t('screens.bills.receipt.biller')}</dt>
        <dd>{t(`screens.bills.biller.${bill.biller}`)}</dd>
        <dt>{t('screens.bills.account')}</dt>
        <dd>{maskAccount(bill.account)}</dd>
        <dt>{t('screens.bills.holder')}</dt>
        <dd>{bill.holderMasked}</dd>
        <dt>{t('screens.bills.address')}</dt>
        <dd>{bill.addressMasked}</dd>
        <dt>{t('screens.bills.receipt.period')}</dt>
        <dd>{bill.period}</dd>
        <dt>{t('screens.bills.dueDate')}</dt>
        <dd>{bill.dueDate}</dd>
        <dt>{t('screens.bills.receipt.amount')}</dt>
        <dd class="bill-amount" data-testid="bill-amount">
          ¥{amount}
        </dd>
      </dl>
      {!canPrint && (
        <p role="status" class="lead bill-printer-warning" data-testid="printer-warning">
          {t('screens.bills.printerWarning')}
        </p>
      )}
      {!ready && (
        <p role="status" class="lead">
          {t('screens.bills.reconciling')}
        </p>
      )}
      <div class="actions">
        <button type="button" class="button primary" data-testid="pay" disabled={!ready} aria-disabled={!ready} onClick={() => runner.pay()}>
          {t('screens.bills.pay', { amount })}
        </button>
        <button type="button" class="button" onClick={() => runner.dispatch({ type: 'back' })}>
          {t('screens.bills.otherAccount')}
        </button>
      </div>
    </section>
  );
}
