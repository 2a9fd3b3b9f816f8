/** Pick the kind of bill, or scan a paper bill's barcode right away. */
import { Droplet, Flame, Wifi, Zap } from 'lucide-preact';
import { BILLERS } from '../../../common/payment/types.ts';
import { Icon } from '../../components/icon/index.tsx';
import { useT } from '../../state/context.ts';
import type { PaymentRunner } from '../../payment/runner.ts';

const ICONS = { water: Droplet, power: Zap, gas: Flame, telecom: Wifi } as const;

export function ChooseBiller({ runner }: { runner: PaymentRunner }) {
  const { t } = useT();
  return (
    <section aria-labelledby="bills-choose">
      <h2 id="bills-choose">{t('screens.bills.choose')}</h2>
      <ul class="tiles bill-billers">
        {BILLERS.map((b) => (
          <li key={b}>
            <button type="button" class="tile" data-biller={b} onClick={() => runner.dispatch({ type: 'choose-biller', biller: b })}>
              <Icon icon={ICONS[b]} size="lg" />
              <span class="tile-label">{t(`screens.bills.biller.${b}`)}</span>
            </button>
          </li>
        ))}
      </ul>
      <p class="lead">{t('screens.bills.scanHint')}</p>
    </section>
  );
}
