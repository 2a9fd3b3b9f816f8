/**
 * Usage statistics and proof of play: service use per day, terminal or group; the session
 * funnel with its drop-off; sessions by language, elderly mode and screen; attract items
 * played. Every report takes a range of China-time days and filters, lives in the address's
 * query string, and downloads as CSV. Figures are counts only: nothing identifies a person.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { shanghaiDay } from '@civic-kiosk/protocol/china-time';
import { CONSOLE_PATHS } from '@civic-kiosk/protocol/staff-api';
import { t } from '../../i18n/index.ts';
import type { AreaProps } from '../area.tsx';
import { Filters } from './filters.tsx';
import { FunnelReportView } from './funnel.tsx';
import { PlaysReportView } from './plays.tsx';
import { defaultBy, parseUsageSearch, reportQuery, USAGE_VIEWS, usageSearchOf } from './query.ts';
import type { UsageState, UsageView } from './query.ts';
import type { ReportProps } from './report-frame.tsx';
import { ServicesReportView } from './services.tsx';
import { SessionsReportView } from './sessions.tsx';
import './usage.css';

const REPORTS: Record<UsageView, (props: ReportProps) => JSX.Element> = {
  services: ServicesReportView,
  funnel: FunnelReportView,
  sessions: SessionsReportView,
  plays: PlaysReportView,
};

const TAB_LABEL: Record<UsageView, () => string> = {
  services: () => t('usage.tab.services'),
  funnel: () => t('usage.tab.funnel'),
  sessions: () => t('usage.tab.sessions'),
  plays: () => t('usage.tab.plays'),
};

const today = () => shanghaiDay(Date.now());
const href = (state: UsageState) => `${CONSOLE_PATHS.usage}?${usageSearchOf(state)}`;

export function View({ app }: AreaProps): JSX.Element {
  const state = useSignal<UsageState>(parseUsageSearch(location.search, today()));
  // The address keeps what is shown (a reload or a shared link opens the same report).
  const set = (change: Partial<UsageState>) => {
    const next = { ...state.peek(), ...change };
    state.value = next;
    history.replaceState(null, '', href(next));
  };
  useEffect(() => {
    history.replaceState(null, '', href(state.peek()));
    const back = () => location.pathname === CONSOLE_PATHS.usage && (state.value = parseUsageSearch(location.search, today()));
    addEventListener('popstate', back);
    return () => removeEventListener('popstate', back);
  }, []);

  const s = state.value;
  const checked = reportQuery(s);
  const Report = REPORTS[s.report];
  return (
    <main id="main" class="usage">
      <h1>{t('usage.heading')}</h1>
      <p class="hint">{t('usage.intro')}</p>
      <nav aria-label={t('usage.reports')} class="usage-tabs">
        <ul>
          {USAGE_VIEWS.map((view) => {
            const target = { ...s, report: view, by: defaultBy(view), item: '' };
            return (
              <li key={view}>
                <a
                  href={href(target)}
                  aria-current={view === s.report ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    set(target);
                  }}
                >
                  {TAB_LABEL[view]()}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
      <Filters app={app} state={s} errors={checked.ok ? {} : checked.errors} set={set} />
      <Report app={app} state={s} query={checked.ok ? checked.query : undefined} set={set} />
    </main>
  );
}
