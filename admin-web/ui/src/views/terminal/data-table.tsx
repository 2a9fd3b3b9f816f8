import type { ComponentChildren, JSX } from 'preact';
import { t } from '../../i18n/index.ts';

/** A table of the detail view: named by its (visually hidden) caption, headed by `columns` under the `keyPrefix` strings. */
export function DataTable({ caption, keyPrefix, columns, children, class: className }: { caption: string; keyPrefix: string; columns: readonly string[]; children: ComponentChildren; class?: string }): JSX.Element {
  return (
    <table class={`data${className ? ` ${className}` : ''}`}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col" key={c}>{t(`${keyPrefix}.${c}`)}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
