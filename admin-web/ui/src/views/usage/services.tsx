import type { JSX } from 'preact';
import type { ServiceUseReport } from '@civic-kiosk/protocol/usage';
import { serviceUse } from '../../api/usage.ts';
import { t } from '../../i18n/index.ts';
import { DataTable } from '../terminal/data-table.tsx';
import { BarChart, CHART_ROWS } from './bar-chart.tsx';
import { terminalNames } from './filters.tsx';
import { formatCount, formatShare, serviceName } from './labels.ts';
import { LimitedTable } from './limited-table.tsx';
import { everyDay } from './query.ts';
import { ReportFrame } from './report-frame.tsx';
import type { ReportProps } from './report-frame.tsx';

/**
 * Started and completed per key (day, terminal or group), in the report's order. Per day over
 * a range the chart can draw, every day is a row, so a day without use shows as nothing.
 */
function perKey(r: ServiceUseReport): { key: string; label: string; started: number; completed: number }[] {
  const keys = new Map<string, { key: string; label: string; started: number; completed: number }>();
  if (r.by === 'day') for (const day of everyDay(r.from, r.to, CHART_ROWS) ?? []) keys.set(day, { key: day, label: day, started: 0, completed: 0 });
  for (const row of r.rows) {
    const k = keys.get(row.key) ?? { key: row.key, label: row.label, started: 0, completed: 0 };
    k.started += row.started;
    k.completed += row.completed;
    keys.set(row.key, k);
  }
  return [...keys.values()];
}

const rate = (completed: number, started: number) => (started === 0 ? '—' : formatShare(completed / started));

/** Service use: a chart of services started and completed per day, terminal or group, and every figure as tables. */
export function ServicesReportView({ app, query, set }: ReportProps): JSX.Element {
  return (
    <ReportFrame
      report="services"
      query={query}
      load={(q) => serviceUse(app.api, { ...q, by: (q.by ?? 'day') as ServiceUseReport['by'] })}
      isEmpty={(r) => r.rows.length === 0}
      empty={t('usage.services.empty')}
      summary={(r) => t('usage.services.summary', { started: formatCount(r.totals.reduce((n, s) => n + s.started, 0)), completed: formatCount(r.totals.reduce((n, s) => n + s.completed, 0)) })}
    >
      {(r) => {
        const keys = perKey(r);
        if (r.by === 'terminal') for (const k of keys) terminalNames.set(k.key, k.label);
        // Days in order; terminals and groups busiest first, so the chart's rows are the ones that matter.
        if (r.by !== 'day') keys.sort((a, b) => b.started - a.started || b.completed - a.completed);
        return (
          <>
            <BarChart
              id="services-chart"
              title={t(`usage.services.chart.${r.by}`)}
              summary={`${t('usage.services.chartSummary', { count: keys.length })}${r.by === 'day' ? '' : ` ${t('usage.chart.largestFirst')}`}`}
              series={[
                { label: t('usage.col.started'), class: 'bar-started' },
                { label: t('usage.col.completed'), class: 'bar-completed' },
              ]}
              bars={keys.map((k) => ({ label: k.label, values: [k.started, k.completed] }))}
            />
            <h2>{t('usage.services.totals')}</h2>
            <DataTable caption={t('usage.services.totals')} keyPrefix="usage.col" columns={['service', 'started', 'completed', 'rate']} class="usage-totals">
              {r.totals.map((s) => (
                <tr key={s.service}>
                  <th scope="row">{serviceName(s.service)}</th>
                  <td>{formatCount(s.started)}</td>
                  <td>{formatCount(s.completed)}</td>
                  <td>{rate(s.completed, s.started)}</td>
                </tr>
              ))}
            </DataTable>
            <h2>{t(`usage.services.table.${r.by}`)}</h2>
            <LimitedTable
              caption={t(`usage.services.table.${r.by}`)}
              columns={[r.by, 'service', 'started', 'completed', 'rate']}
              class="usage-rows"
              rows={r.rows}
              row={(row) => (
                <tr key={`${row.key} ${row.service}`}>
                  <th scope="row">
                    {row.label}
                    {r.by !== 'day' && (
                      <button
                        type="button"
                        class="link"
                        aria-label={t(`usage.only.${r.by}`, { name: row.label })}
                        onClick={() => set(r.by === 'terminal' ? { terminal: row.key } : { group: row.key })}
                      >
                        {t('usage.only.button')}
                      </button>
                    )}
                  </th>
                  <td>{serviceName(row.service)}</td>
                  <td>{formatCount(row.started)}</td>
                  <td>{formatCount(row.completed)}</td>
                  <td>{rate(row.completed, row.started)}</td>
                </tr>
              )}
            />
          </>
        );
      }}
    </ReportFrame>
  );
}
