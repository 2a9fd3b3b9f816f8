import type { JSX } from 'preact';
import type { SessionsReport } from '@civic-kiosk/protocol/usage';
import { sessions } from '../../api/usage.ts';
import { t } from '../../i18n/index.ts';
import { DataTable } from '../terminal/data-table.tsx';
import { BarChart, CHART_ROWS } from './bar-chart.tsx';
import { formatCount, formatShare, screenName } from './labels.ts';
import { everyDay } from './query.ts';
import { ReportFrame } from './report-frame.tsx';
import type { ReportProps } from './report-frame.tsx';

const LANGUAGE: Record<string, () => string> = { 'zh-CN': () => t('usage.lang.zh-CN'), en: () => t('usage.lang.en') };
/** Sessions and elderly-mode sessions per day; every day of a range the chart can draw, zero included. */
function perDay(r: SessionsReport): { label: string; values: number[] }[] {
  const byDay = new Map(r.days.map((d) => [d.day, [d.sessions, d.elderlySessions]]));
  return (everyDay(r.from, r.to, CHART_ROWS) ?? r.days.map((d) => d.day)).map((day) => ({ label: day, values: byDay.get(day) ?? [0, 0] }));
}

const total = (r: SessionsReport) => r.days.reduce((n, d) => n + d.sessions, 0);

/** Sessions per day with how many used elderly mode, and the languages and screens they used. */
export function SessionsReportView({ app, query }: ReportProps): JSX.Element {
  return (
    <ReportFrame
      report="sessions"
      query={query}
      load={(q) => sessions(app.api, q)}
      isEmpty={(r: SessionsReport) => total(r) === 0}
      empty={t('usage.sessions.empty')}
      summary={(r) => {
        const elderly = r.days.reduce((n, d) => n + d.elderlySessions, 0);
        return t('usage.sessions.summary', { sessions: formatCount(total(r)), elderly: formatCount(elderly), share: formatShare(elderly / total(r)) });
      }}
    >
      {(r) => (
        <>
          <BarChart
            id="sessions-chart"
            title={t('usage.sessions.chart')}
            summary={t('usage.sessions.chartSummary', { count: perDay(r).length })}
            series={[
              { label: t('usage.col.sessions'), class: 'bar-started' },
              { label: t('usage.col.elderly'), class: 'bar-completed' },
            ]}
            bars={perDay(r)}
          />
          <DataTable caption={t('usage.sessions.days')} keyPrefix="usage.col" columns={['day', 'sessions', 'elderly']} class="usage-days">
            {r.days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                <td>{formatCount(d.sessions)}</td>
                <td>{formatCount(d.elderlySessions)}</td>
              </tr>
            ))}
          </DataTable>
          <div class="usage-pair">
            <section aria-labelledby="usage-languages">
              <h2 id="usage-languages">{t('usage.sessions.languages')}</h2>
              <DataTable caption={t('usage.sessions.languages')} keyPrefix="usage.col" columns={['lang', 'sessions']} class="usage-languages">
                {r.languages.map((l) => (
                  <tr key={l.lang}>
                    <th scope="row">{LANGUAGE[l.lang]?.() ?? l.lang}</th>
                    <td>{formatCount(l.sessions)}</td>
                  </tr>
                ))}
              </DataTable>
            </section>
            <section aria-labelledby="usage-screens">
              <h2 id="usage-screens">{t('usage.sessions.screens')}</h2>
              <DataTable caption={t('usage.sessions.screens')} keyPrefix="usage.col" columns={['screen', 'shown']} class="usage-screens">
                {r.screens.map((s) => (
                  <tr key={s.screen}>
                    <th scope="row">{screenName(s.screen)}</th>
                    <td>{formatCount(s.shown)}</td>
                  </tr>
                ))}
              </DataTable>
            </section>
          </div>
        </>
      )}
    </ReportFrame>
  );
}
