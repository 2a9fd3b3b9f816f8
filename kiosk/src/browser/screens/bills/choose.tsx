/** Pick the kind of bill, or scan a paper bill's barcode right away. */
import { BILLERS } from '../../../common/payment/types.ts';
import { useT } from '../../state/context.ts';
import type { PaymentRunner } from '../../payment/runner.ts';

const ICONS = { water: '水', power: '电', gas: '气', telecom: '讯' } as const;

export function ChooseBiller({ runner }: { runner: PaymentRunner }) {
  const { t } = useT();
  return (
    <section aria-labelledby="bills-choose">
      <h2 id="bills-choose">{t('screens.bills.choose')}</h2>
      <ul class="tiles bill-billers">
        {BILLERS.map((b) => (
          <li key={b}>
            <button type="button" class="tile" data-biller={b} onClick={() => runner.dispatch({ type: 'choose-biller', biller: b })}>
              <span class="tile-icon" aria-hidden="true">
                {ICONS[b]}
              </span>
              <span class="tile-label">{t(`screens.bills.biller.${b}`)}</span>
            </button>
          </li>
        ))}
      </ul>
      <p class="lead">{t('screens.bills.scanHint')}</p>
    </section>
  );
}
