import type { ComponentChildren, JSX } from 'preact';
import type { UsageQuery, UsageReport } from '@civic-kiosk/protocol/usage';
import { usageCsvUrl, usageSearch } from '../../api/usage.ts';
import { t } from '../../i18n/index.ts';
import type { Console } from '../../state/session.ts';
import type { UsageState } from './query.ts';
import { useReport } from './use-report.ts';

export type ReportQuery = UsageQuery & { by?: string; item?: string };

export interface ReportProps {
  app: Console;
  state: UsageState;
  /** The checked query; undefined while a filter is wrong (the field says why). */
  query: ReportQuery | undefined;
  set(change: Partial<UsageState>): void;
}

/**
 * What every report shows around its figures: whether it is loading, the load error, the CSV
 * link for the same query, and when nothing was recorded, why that can be.
 */
export function ReportFrame<T>({
  report,
  query,
  load,
  isEmpty,
  empty,
  summary,
  children,
}: {
  report: UsageReport;
  query: ReportQuery | undefined;
  load: (query: ReportQuery) => Promise<T>;
  isEmpty: (data: T) => boolean;
  /** Why there is nothing to show, for this report. */
  empty: string;
  summary: (data: T) => string;
  children: (data: T) => ComponentChildren;
}): JSX.Element {
  const { data, error, busy } = useReport(query && usageSearch(query), () => load(query!));
  const shown = data.value;
  const period = query ? t('usage.period', { from: query.from, to: query.to }) : '';
  return (
    <section class="usage-report" aria-busy={busy.value}>
      <div class="report-head">
        <p role="status" class="summary">
          {!query ? t('usage.fixFilters') : shown === undefined ? t('app.loading') : `${period} ${isEmpty(shown) ? t('usage.nothing') : summary(shown)}`}
        </p>
        {query && (
          <a class="csv" href={usageCsvUrl(report, query)} download>
            {t('usage.csv')}
          </a>
        )}
      </div>
      {error.value && <p role="alert" class="error">{t('usage.loadError', { message: error.value })}</p>}
      {shown !== undefined && (isEmpty(shown) ? <p class="empty">{empty} {t('usage.emptyWhy')}</p> : children(shown))}
    </section>
  );
}
