/**
 * The ledger: payments newest first, a page at a time, for the filter; each row's state says
 * why a payment failed or who reversed it and why. Admins reverse a paid payment from its row;
 * everyone here may download the filtered payments as CSV.
 */
import type { Signal } from '@preact/signals';
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { hasRole } from '@civic-kiosk/protocol/staff-api';
import type { StaffRole } from '@civic-kiosk/protocol/staff-api';
import { REVERSERS } from '@civic-kiosk/protocol/staff-money';
import type { PaymentPage, StaffPayment } from '@civic-kiosk/protocol/staff-money';
import { csvUrl, payments } from '../../api/money.ts';
import type { ApiClient } from '../../api/client.ts';
import { t } from '../../i18n/index.ts';
import { formatTime } from '../format.ts';
import { yuanText } from './amount.ts';
import { daysText, Filters } from './filters.tsx';
import type { MoneyFilter } from './filters.tsx';
import { ReverseDialog } from './reverse-dialog.tsx';
import type { Say } from './say.ts';

const PAGE = 50;
const COLUMNS = ['time', 'reference', 'terminal', 'biller', 'account', 'period', 'amount', 'state', 'receipt'] as const;

/** What a payment's state cell says beyond the state: the failure, or the reversal. */
function stateText(p: StaffPayment): string {
  const state = t(`money.state.${p.state}`);
  if (p.reversal) return t('money.reversedBy', { state, who: p.reversal.by, reason: p.reversal.reason });
  if (p.failure) return t('money.failedBecause', { state, failure: t(`money.failure.${p.failure.code}`) });
  return state;
}

export function Ledger({ api, role, filter }: { api: ApiClient; role: StaffRole; filter: Signal<MoneyFilter> }): JSX.Element {
  const page = useSignal<PaymentPage | undefined>(undefined);
  // Cursors of the pages before the one shown (the first page has none): "previous" pops one.
  const cursors = useSignal<(string | undefined)[]>([undefined]);
  // Messages are kept as the words to say, not said once, so they follow a change of language.
  const error = useSignal<Say | undefined>(undefined);
  const message = useSignal<Say | undefined>(undefined);
  const reversing = useSignal<StaffPayment | undefined>(undefined);
  const mayReverse = hasRole(REVERSERS, role);
  const f = filter.value;

  const load = (stack: (string | undefined)[]) => {
    const asked = filter.peek();
    payments(api, asked, PAGE, stack.at(-1)).then(
      (r) => {
        if (filter.peek() !== asked) return;
        page.value = r;
        cursors.value = stack;
        error.value = undefined;
      },
      (e: Error) => (error.value = () => t('money.loadError', { message: e.message })),
    );
  };
  useEffect(() => load([undefined]), [f]);

  const reversed = (p: StaffPayment) => {
    reversing.value = undefined;
    const now = page.peek();
    if (now) page.value = { ...now, payments: now.payments.map((x) => (x.paymentId === p.paymentId ? p : x)) };
    message.value = () => t('money.reversed', { reference: p.reference, amount: yuanText(p.amountFen) });
  };

  const list = page.value?.payments;
  const pageNo = cursors.value.length;
  return (
    <section aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">{t('money.section.ledger')}</h2>
      <Filters api={api} filter={filter} withState />
      <div class="money-actions">
        <p role="status" class="summary">
          {list === undefined ? t('app.loading') : list.length === 0 ? t('money.none', { days: daysText(f) }) : t('money.pageSummary', { page: pageNo, count: list.length, days: daysText(f) })}
        </p>
        <a class="button" href={csvUrl(f)} download>{t('money.exportCsv')}</a>
      </div>
      {error.value && <p role="alert" class="error">{error.value()}</p>}
      <p role="status" class="message">{message.value?.()}</p>
      {list && list.length > 0 && (
        <table class="data money-ledger">
          <caption class="sr-only">{t('money.ledgerCaption', { days: daysText(f) })}</caption>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th scope="col" key={c} class={c === 'amount' ? 'amount' : undefined}>{t(`money.col.${c}`)}</th>
              ))}
              {mayReverse && <th scope="col">{t('money.col.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.paymentId} class={`payment-${p.state}`}>
                <td>{formatTime(Date.parse(p.createdAt))}</td>
                <th scope="row">{p.reference}</th>
                <td>{p.terminalName ?? p.terminalId}</td>
                <td>{t(`money.biller.${p.biller}`)}</td>
                <td>{p.account}</td>
                <td>{p.period}</td>
                <td class="amount">{yuanText(p.amountFen)}</td>
                <td class="state">{stateText(p)}</td>
                <td>{p.receiptNo ?? '—'}</td>
                {mayReverse && (
                  <td>
                    {p.state === 'paid' && (
                      <button type="button" class="danger" aria-label={t('money.reverseLabel', { reference: p.reference, amount: yuanText(p.amountFen) })} onClick={() => (reversing.value = p)}>
                        {t('money.reverse')}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="pager">
        <button type="button" disabled={pageNo === 1} onClick={() => load(cursors.peek().slice(0, -1))}>{t('money.previous')}</button>
        <button type="button" disabled={!page.value?.next} onClick={() => load([...cursors.peek(), page.peek()!.next!])}>{t('money.next')}</button>
      </div>
      {reversing.value && <ReverseDialog api={api} payment={reversing.value} onClose={() => (reversing.value = undefined)} onReversed={reversed} onStale={() => load(cursors.peek())} />}
    </section>
  );
}
