/**
 * Daily reconciliation: admins and operators run it for a business day; everyone here reads
 * the result (matched, missing at the biller, missing here, amount differs, and what it
 * settled) and the history of runs, any of which opens in full.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { shanghaiDay } from '@civic-kiosk/protocol/china-time';
import { hasRole } from '@civic-kiosk/protocol/staff-api';
import type { StaffRole } from '@civic-kiosk/protocol/staff-api';
import { RECONCILERS } from '@civic-kiosk/protocol/staff-money';
import type { ReconciliationRun } from '@civic-kiosk/protocol/staff-money';
import { reconcile, reconciliations } from '../../api/money.ts';
import type { ApiClient } from '../../api/client.ts';
import { t } from '../../i18n/index.ts';
import { formatTime } from '../format.ts';
import { today } from './filters.tsx';
import { ReportView } from './report.tsx';
import type { Say } from './say.ts';

/** Finance reconciles the day that has ended: yesterday, China time. */
const yesterday = () => shanghaiDay(Date.now() - 86_400_000);

export function Reconciliation({ api, role }: { api: ApiClient; role: StaffRole }): JSX.Element {
  const runs = useSignal<ReconciliationRun[] | undefined>(undefined);
  const shown = useSignal<ReconciliationRun | undefined>(undefined);
  const day = useSignal(yesterday());
  const dayError = useSignal<Say | undefined>(undefined);
  const busy = useSignal(false);
  const status = useSignal<Say | undefined>(undefined);
  const mayRun = hasRole(RECONCILERS, role);

  const load = () =>
    reconciliations(api).then(
      (r) => {
        runs.value = r.runs;
        return r.runs;
      },
      (e: Error) => {
        status.value = () => t('money.loadError', { message: e.message });
        return [];
      },
    );
  useEffect(() => {
    void load().then((r) => (shown.value ??= r[0]));
  }, []);

  const run = async (e: Event) => {
    e.preventDefault();
    const d = day.peek();
    if (d === '' || d > today()) {
      dayError.value = d === '' ? () => t('money.dayRequired') : () => t('money.dayInFuture');
      return;
    }
    busy.value = true;
    status.value = () => t('money.reconciling', { day: d });
    try {
      await reconcile(api, d);
      const latest = await load();
      shown.value = latest[0];
      status.value = () => t('money.reconciled', { day: d });
    } catch (err) {
      status.value = () => t('money.reconcileFailed', { message: (err as Error).message });
    } finally {
      busy.value = false;
    }
  };

  return (
    <section aria-labelledby="reconcile-heading">
      <h2 id="reconcile-heading">{t('money.section.reconciliation')}</h2>
      {mayRun ? (
        <form class="toolbar reconcile-form" onSubmit={(e) => void run(e)} noValidate>
          <label>
            {t('money.businessDay')}
            <input
              type="date"
              value={day.value}
              max={today()}
              aria-invalid={dayError.value ? 'true' : undefined}
              aria-describedby="reconcile-day-error"
              onInput={(e) => ((day.value = e.currentTarget.value), (dayError.value = undefined))}
            />
            <span id="reconcile-day-error" class="error field-error">{dayError.value?.()}</span>
          </label>
          <button type="submit" disabled={busy.value}>{t('money.runReconciliation')}</button>
        </form>
      ) : (
        <p class="hint">{t('money.readOnlyReconciliation')}</p>
      )}
      <p role="status" class="message">{status.value?.()}</p>
      {shown.value && <ReportView run={shown.value} />}
      <h3>{t('money.history')}</h3>
      {runs.value?.length === 0 && <p>{t('money.noRuns')}</p>}
      {runs.value && runs.value.length > 0 && (
        <table class="data money-runs">
          <caption class="sr-only">{t('money.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('money.businessDay')}</th>
              <th scope="col">{t('money.col.runAt')}</th>
              <th scope="col">{t('money.col.runBy')}</th>
              <th scope="col">{t('money.col.matched')}</th>
              <th scope="col">{t('money.col.issues')}</th>
              <th scope="col">{t('money.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.value.map((r) => {
              const matched = r.report.billers.reduce((a, b) => a + b.matched, 0);
              const checked = r.report.billers.reduce((a, b) => a + b.checked, 0);
              return (
                <tr key={r.id} aria-current={shown.value?.id === r.id ? 'true' : undefined}>
                  <th scope="row">{r.businessDay}</th>
                  <td>{formatTime(Date.parse(r.runAt))}</td>
                  <td>{r.runBy}</td>
                  <td>{t('money.matchedOf', { matched, checked })}</td>
                  <td>{r.report.findings.length + r.report.billers.filter((b) => b.error).length}</td>
                  <td>
                    <button type="button" aria-label={t('money.showRunLabel', { day: r.businessDay, at: formatTime(Date.parse(r.runAt)) })} onClick={() => (shown.value = r)}>
                      {t('money.showRun')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
