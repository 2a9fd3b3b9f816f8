import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { AttractFile } from '@civic-kiosk/protocol/content';
import type { LocalizedLabel } from '@civic-kiosk/protocol/content';
import type { PlaysReport } from '@civic-kiosk/protocol/usage';
import { contentInForce } from '../../api/content.ts';
import { plays } from '../../api/usage.ts';
import { lang, t } from '../../i18n/index.ts';
import type { Console } from '../../state/session.ts';
import { BarChart } from './bar-chart.tsx';
import { terminalNames } from './filters.tsx';
import { formatCount, formatDuration } from './labels.ts';
import { LimitedTable } from './limited-table.tsx';
import { ReportFrame } from './report-frame.tsx';
import type { ReportProps } from './report-frame.tsx';

type Row = PlaysReport['rows'][number];

type Titles = ReadonlyMap<string, LocalizedLabel>;

/**
 * The attract items' names (their alt text) in the release in force, by id: the report knows
 * items by id only. An item no longer in that release keeps its id.
 */
function useTitles(app: Console): Titles {
  const titles = useSignal<Titles>(new Map());
  useEffect(() => {
    contentInForce(app.api).then(
      (c) => {
        const attract = AttractFile.safeParse(c.content.attract);
        if (attract.success) titles.value = new Map(attract.data.items.map((i) => [i.id, i.alt]));
      },
      // Without names the report still stands on the ids.
      () => undefined,
    );
  }, []);
  return titles.value;
}

const itemName = (titles: Titles, item: string) => titles.get(item)?.[lang.value] ?? item;

/** What a row is about: the item, or the item on a terminal or day. */
const rowLabel = (titles: Titles, r: Row, by: PlaysReport['by']) => (by === 'item' ? itemName(titles, r.item) : `${itemName(titles, r.item)} · ${r.label}`);

/**
 * Proof of play for content editors and auditors: each attract item's plays, seconds on screen
 * and how many terminals played it, over the days and filters chosen, per item, terminal or day.
 */
export function PlaysReportView({ app, query, set }: ReportProps): JSX.Element {
  const titles = useTitles(app);
  return (
    <ReportFrame
      report="plays"
      query={query}
      load={(q) => plays(app.api, { ...q, by: (q.by ?? 'item') as PlaysReport['by'] })}
      isEmpty={(r: PlaysReport) => r.rows.length === 0}
      empty={t('usage.plays.empty')}
      summary={(r) => t('usage.plays.summary', { items: formatCount(new Set(r.rows.map((x) => x.item)).size), plays: formatCount(r.rows.reduce((n, x) => n + x.plays, 0)), time: formatDuration(r.rows.reduce((n, x) => n + x.seconds, 0)) })}
    >
      {(r) => {
        if (r.by === 'terminal') for (const row of r.rows) terminalNames.set(row.key, row.label);
        const columns = r.by === 'item' ? ['item', 'plays', 'seconds', 'terminals'] : ['item', r.by, 'plays', 'seconds', 'terminals'];
        return (
          <>
            <BarChart
              id="plays-chart"
              title={t('usage.plays.chart')}
              summary={`${t('usage.plays.chartSummary', { count: r.rows.length })}${r.by === 'day' ? '' : ` ${t('usage.chart.largestFirst')}`}`}
              series={[{ label: t('usage.col.plays'), class: 'bar-started' }]}
              bars={(r.by === 'day' ? r.rows : [...r.rows].sort((a, b) => b.plays - a.plays)).map((row) => ({ label: rowLabel(titles, row, r.by), values: [row.plays] }))}
            />
            <LimitedTable
              caption={t('usage.plays.table')}
              columns={columns}
              class="usage-plays"
              rows={r.rows}
              row={(row) => (
                <tr key={`${row.item} ${row.key}`}>
                  <th scope="row">
                    {itemName(titles, row.item)}
                    {titles.has(row.item) && <span class="item-id">{row.item}</span>}
                    {r.by === 'item' && (
                      <button type="button" class="link" aria-label={t('usage.only.item', { name: itemName(titles, row.item) })} onClick={() => set({ item: row.item, by: 'terminal' })}>
                        {t('usage.only.perTerminal')}
                      </button>
                    )}
                  </th>
                  {r.by !== 'item' && <td>{row.label}</td>}
                  <td>{formatCount(row.plays)}</td>
                  <td>{formatDuration(row.seconds)}</td>
                  <td>{formatCount(row.terminals)}</td>
                </tr>
              )}
            />
          </>
        );
      }}
    </ReportFrame>
  );
}
