/**
 * The ledger's and the totals' filter: business days (China time), biller, terminal and, for
 * the ledger, state. A change applies at once; a range ending before it starts is not applied
 * and says so on the field.
 */
import type { Signal } from '@preact/signals';
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { shanghaiDay } from '@civic-kiosk/protocol/china-time';
import { BillerKind, PaymentState } from '@civic-kiosk/protocol/gateway';
import type { PaymentFilter, PaymentTerminals } from '@civic-kiosk/protocol/staff-money';
import { payingTerminals } from '../../api/money.ts';
import type { ApiClient } from '../../api/client.ts';
import { t } from '../../i18n/index.ts';

export type MoneyFilter = PaymentFilter;

/** Today's business day, China time, whatever the browser's own zone. */
export const today = (): string => shanghaiDay(Date.now());
export const todaysFilter = (): MoneyFilter => ({ from: today(), to: today() });

/** The filter's words for a table caption or a summary: the days, and what else narrows it. */
export function daysText(f: MoneyFilter): string {
  if (f.from && f.to) return f.from === f.to ? f.from : t('money.filter.range', { from: f.from, to: f.to });
  if (f.from) return t('money.filter.since', { day: f.from });
  if (f.to) return t('money.filter.until', { day: f.to });
  return t('money.filter.allDays');
}

export function Filters({ api, filter, withState }: { api: ApiClient; filter: Signal<MoneyFilter>; withState: boolean }): JSX.Element {
  const days = useSignal({ from: filter.value.from ?? '', to: filter.value.to ?? '' });
  const terminals = useSignal<PaymentTerminals['terminals']>([]);
  const f = filter.value;
  const backwards = days.value.from !== '' && days.value.to !== '' && days.value.to < days.value.from;

  useEffect(() => {
    let current = true;
    payingTerminals(api, { from: f.from, to: f.to }).then(
      (r) => current && (terminals.value = r.terminals),
      () => current && (terminals.value = []),
    );
    return () => (current = false);
  }, [f.from, f.to]);

  const set = (change: Partial<MoneyFilter>) => {
    const next: MoneyFilter = { ...filter.peek(), ...change };
    for (const k of Object.keys(next) as (keyof MoneyFilter)[]) if (next[k] === '') delete next[k];
    filter.value = next;
  };
  const setDay = (which: 'from' | 'to', value: string) => {
    days.value = { ...days.peek(), [which]: value };
    const { from, to } = days.peek();
    if (from === '' || to === '' || from <= to) set({ from, to });
  };
  // A terminal chosen earlier stays on offer even when it made nothing in the new days.
  const offered = f.terminalId && !terminals.value.some((x) => x.terminalId === f.terminalId) ? [...terminals.value, { terminalId: f.terminalId, terminalName: null }] : terminals.value;

  return (
    <div class="toolbar money-filters">
      <label>
        {t('money.filter.from')}
        <input type="date" value={days.value.from} onInput={(e) => setDay('from', e.currentTarget.value)} />
      </label>
      <label>
        {t('money.filter.to')}
        <input
          type="date"
          value={days.value.to}
          aria-invalid={backwards ? 'true' : undefined}
          aria-describedby="money-to-error"
          onInput={(e) => setDay('to', e.currentTarget.value)}
        />
        <span id="money-to-error" class="error field-error">{backwards ? t('money.filter.backwards') : ''}</span>
      </label>
      <label>
        {t('money.filter.biller')}
        <select value={f.biller ?? ''} onChange={(e) => set({ biller: e.currentTarget.value as MoneyFilter['biller'] })}>
          <option value="">{t('money.filter.allBillers')}</option>
          {BillerKind.options.map((b) => (
            <option key={b} value={b}>{t(`money.biller.${b}`)}</option>
          ))}
        </select>
      </label>
      <label>
        {t('money.filter.terminal')}
        <select value={f.terminalId ?? ''} onChange={(e) => set({ terminalId: e.currentTarget.value })}>
          <option value="">{t('money.filter.allTerminals')}</option>
          {offered.map((x) => (
            <option key={x.terminalId} value={x.terminalId}>{x.terminalName ?? x.terminalId}</option>
          ))}
        </select>
      </label>
      {withState && (
        <label>
          {t('money.filter.state')}
          <select value={f.state ?? ''} onChange={(e) => set({ state: e.currentTarget.value as MoneyFilter['state'] })}>
            <option value="">{t('money.filter.allStates')}</option>
            {PaymentState.options.map((s) => (
              <option key={s} value={s}>{t(`money.state.${s}`)}</option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
