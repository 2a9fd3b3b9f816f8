/** Paid totals for the filter: per biller (with the sum of all) and per terminal. */
import type { Signal } from '@preact/signals';
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import type { PaymentTotals } from '@civic-kiosk/protocol/staff-money';
import { totals } from '../../api/money.ts';
import type { ApiClient } from '../../api/client.ts';
import { t } from '../../i18n/index.ts';
import { yuanText } from './amount.ts';
import { daysText, Filters } from './filters.tsx';
import type { MoneyFilter } from './filters.tsx';
import type { Say } from './say.ts';

type Line = { key: string; name: string; count: number; amountFen: number };

function TotalsTable({ caption, first, lines }: { caption: string; first: string; lines: Line[] }): JSX.Element {
  const sum = lines.reduce((a, l) => ({ count: a.count + l.count, amountFen: a.amountFen + l.amountFen }), { count: 0, amountFen: 0 });
  return (
    <table class="data money-totals">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          <th scope="col" class="amount">{t('money.col.count')}</th>
          <th scope="col" class="amount">{t('money.col.amount')}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={l.key}>
            <th scope="row">{l.name}</th>
            <td class="amount">{l.count}</td>
            <td class="amount">{yuanText(l.amountFen)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('money.total')}</th>
          <td class="amount">{sum.count}</td>
          <td class="amount">{yuanText(sum.amountFen)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

export function Totals({ api, filter }: { api: ApiClient; filter: Signal<MoneyFilter> }): JSX.Element {
  const result = useSignal<PaymentTotals | undefined>(undefined);
  const error = useSignal<Say | undefined>(undefined);
  const f = filter.value;
  useEffect(() => {
    let current = true;
    const { state: _paidOnly, ...range } = f;
    totals(api, range).then(
      (r) => current && ((result.value = r), (error.value = undefined)),
      (e: Error) => current && (error.value = () => t('money.loadError', { message: e.message })),
    );
    return () => (current = false);
  }, [f]);
  const r = result.value;
  return (
    <section aria-labelledby="totals-heading">
      <h2 id="totals-heading">{t('money.section.totals')}</h2>
      <Filters api={api} filter={filter} withState={false} />
      <p class="hint">{t('money.totalsHint', { days: daysText(f) })}</p>
      {error.value && <p role="alert" class="error">{error.value()}</p>}
      {r && (
        <div class="money-totals-grid">
          <TotalsTable caption={t('money.byBiller')} first={t('money.col.biller')} lines={r.byBiller.map((b) => ({ key: b.biller, name: t(`money.biller.${b.biller}`), count: b.count, amountFen: b.amountFen }))} />
          <TotalsTable caption={t('money.byTerminal')} first={t('money.col.terminal')} lines={r.byTerminal.map((x) => ({ key: x.terminalId, name: x.terminalName ?? x.terminalId, count: x.count, amountFen: x.amountFen }))} />
        </div>
      )}
    </section>
  );
}
