import type { JSX } from 'preact';
import type { FunnelReport, FunnelStep } from '@civic-kiosk/protocol/usage';
import { funnel } from '../../api/usage.ts';
import { t } from '../../i18n/index.ts';
import { DataTable } from '../terminal/data-table.tsx';
import { BarChart } from './bar-chart.tsx';
import { formatCount, formatShare, serviceName } from './labels.ts';
import { ReportFrame } from './report-frame.tsx';
import type { ReportProps } from './report-frame.tsx';

/** A step's name; with a service filter the last two steps name that service. */
function stepName(step: FunnelStep, service: string | null): string {
  if (service && (step === 'service' || step === 'done')) return t(`usage.funnel.stepOf.${step}`, { service: serviceName(service) });
  return t(`usage.funnel.step.${step}`);
}

/** The funnel: sessions reaching each step (attract → home → service → done) and how many each step lost. */
export function FunnelReportView({ app, query }: ReportProps): JSX.Element {
  return (
    <ReportFrame
      report="funnel"
      query={query}
      load={(q) => funnel(app.api, q)}
      isEmpty={(r: FunnelReport) => r.steps[0]!.sessions === 0}
      empty={t('usage.funnel.empty')}
      summary={(r) => {
        const first = r.steps[0]!.sessions;
        const done = r.steps.at(-1)!.sessions;
        return t('usage.funnel.summary', { sessions: formatCount(first), done: formatCount(done), share: formatShare(done / first) });
      }}
    >
      {(r) => {
        const first = r.steps[0]!.sessions;
        return (
          <>
            <BarChart
              id="funnel-chart"
              title={t('usage.funnel.chart')}
              summary={r.steps.map((s) => `${stepName(s.step, r.service)} ${formatCount(s.sessions)}`).join(' → ')}
              series={[{ label: t('usage.col.sessions'), class: 'bar-started' }]}
              bars={r.steps.map((s) => ({ label: stepName(s.step, r.service), values: [s.sessions] }))}
            />
            <DataTable caption={t('usage.funnel.table')} keyPrefix="usage.col" columns={['step', 'sessions', 'dropOff', 'dropOffRate', 'ofFirst']} class="usage-funnel">
              {r.steps.map((s, i) => (
                <tr key={s.step}>
                  <th scope="row">{stepName(s.step, r.service)}</th>
                  <td>{formatCount(s.sessions)}</td>
                  <td>{i === 0 ? '—' : formatCount(s.dropOff)}</td>
                  <td>{i === 0 ? '—' : formatShare(s.dropOffRate)}</td>
                  <td>{formatShare(s.sessions / first)}</td>
                </tr>
              ))}
            </DataTable>
            <p class="hint">{t('usage.funnel.explain')}</p>
          </>
        );
      }}
    </ReportFrame>
  );
}
