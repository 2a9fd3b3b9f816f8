import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { DataTable } from '../terminal/data-table.tsx';
import { formatCount } from './labels.ts';

/** Rows a report table adds at a time: a fleet's per-terminal report can have tens of thousands. */
export const TABLE_STEP = 500;

/**
 * A report table that renders its first rows and adds more on request, so a report per
 * terminal over a whole fleet stays a page and not a frozen tab; the CSV has every row.
 */
export function LimitedTable<T>({ caption, columns, rows, row, class: className }: { caption: string; columns: readonly string[]; rows: readonly T[]; row: (r: T) => JSX.Element; class: string }): JSX.Element {
  const limit = useSignal(TABLE_STEP);
  // A new answer starts from the top again.
  useEffect(() => {
    limit.value = TABLE_STEP;
  }, [rows]);
  const shown = rows.slice(0, limit.value);
  return (
    <>
      <DataTable caption={caption} keyPrefix="usage.col" columns={columns} class={className}>
        {shown.map(row)}
      </DataTable>
      {shown.length < rows.length && (
        <p class="more-rows">
          {t('usage.moreRows', { shown: formatCount(shown.length), count: formatCount(rows.length) })}{' '}
          <button type="button" onClick={() => (limit.value += TABLE_STEP)}>{t('usage.showMore', { step: formatCount(Math.min(TABLE_STEP, rows.length - shown.length)) })}</button>
        </p>
      )}
    </>
  );
}
