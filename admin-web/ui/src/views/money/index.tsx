/**
 * Payments for finance staff: the ledger (filtered, paged, exported as CSV, reversed by an
 * admin), totals per biller and per terminal, and the daily reconciliation with its history.
 * The section shows in the address (`/money?view=totals`), so a link or reload keeps it.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { CONSOLE_PATHS } from '@civic-kiosk/protocol/staff-api';
import { t } from '../../i18n/index.ts';
import type { AreaProps } from '../area.tsx';
import './strings.ts';
import { todaysFilter } from './filters.tsx';
import type { MoneyFilter } from './filters.tsx';
import { Ledger } from './ledger.tsx';
import { Reconciliation } from './reconciliation.tsx';
import { Totals } from './totals.tsx';
import './money.css';

const SECTIONS = ['ledger', 'totals', 'reconciliation'] as const;
type Section = (typeof SECTIONS)[number];

const sectionOf = (search: string): Section => SECTIONS.find((s) => s === new URLSearchParams(search).get('view')) ?? 'ledger';
const sectionHref = (s: Section) => (s === 'ledger' ? CONSOLE_PATHS.money : `${CONSOLE_PATHS.money}?view=${s}`);

export function View({ app, role }: AreaProps): JSX.Element {
  const section = useSignal<Section>(sectionOf(location.search));
  // The ledger and the totals share one filter: switching between them keeps the days chosen.
  const filter = useSignal<MoneyFilter>(todaysFilter());
  useEffect(() => {
    const back = () => (section.value = sectionOf(location.search));
    addEventListener('popstate', back);
    return () => removeEventListener('popstate', back);
  }, []);
  const open = (s: Section, e: Event) => {
    e.preventDefault();
    history.pushState(null, '', sectionHref(s));
    section.value = s;
  };
  return (
    <main id="main" class="money">
      <h1>{t('money.heading')}</h1>
      <nav class="money-sections" aria-label={t('money.sections')}>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s}>
              <a href={sectionHref(s)} aria-current={section.value === s ? 'page' : undefined} onClick={(e) => open(s, e)}>
                {t(`money.section.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {section.value === 'ledger' ? (
        <Ledger api={app.api} role={role} filter={filter} />
      ) : section.value === 'totals' ? (
        <Totals api={app.api} filter={filter} />
      ) : (
        <Reconciliation api={app.api} role={role} />
      )}
    </main>
  );
}
