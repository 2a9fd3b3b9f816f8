/**
 * Contribution records by month and insurance type over a chosen range (up to 36 months, the
 * protocol's maximum), with totals, and the contribution statement (参保缴费证明) printed on
 * the receipt printer. The server issues the statement and its verification code; the page
 * shows the code even when the paper could not be printed (the code alone proves it).
 */
import { useEffect, useState } from 'preact/hooks';
import type { ContributionRecord, ContributionsResponse, InsuranceType } from '@civic-kiosk/protocol/gateway';
import { InsuranceType as INSURANCE } from '@civic-kiosk/protocol/gateway';
import { formatYuan } from '../../../common/payment/types.ts';
import { AnswerView, Problem, useAction, useAnswer, Waiting } from '../../components/holder/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';

/** Ranges offered, in months ending with last month (the newest month the back office has). */
const RANGES = [6, 12, 24, 36] as const;

/** `YYYY-MM` of the month `offset` months from the one `ms` falls in (local time: the terminal's). */
export function monthAt(ms: number, offset: number): string {
  const d = new Date(ms);
  const m = new Date(d.getFullYear(), d.getMonth() + offset, 1);
  return `${m.getFullYear()}-${String(m.getMonth() + 1).padStart(2, '0')}`;
}

export function Contributions() {
  const { state } = useKiosk();
  const { t } = useT();
  const [months, setMonths] = useState<(typeof RANGES)[number]>(12);
  const now = state.clock.now();
  const range = { from: monthAt(now, -months), to: monthAt(now, -1) };
  return (
    <>
      <div role="group" aria-label={t('screens.social-security.contributions.range')} class="chips">
        {RANGES.map((n) => (
          <button type="button" key={n} class="chip" aria-pressed={n === months} data-months={n} onClick={() => setMonths(n)}>
            {t('screens.social-security.contributions.months', { n })}
          </button>
        ))}
      </div>
      <Records key={months} from={range.from} to={range.to} />
    </>
  );
}

function Records({ from, to }: { from: string; to: string }) {
  const { actions } = useKiosk();
  const { t } = useT();
  const [answer, retry] = useAnswer(() => actions.socialSecurity.contributions({ from, to }));
  return (
    <AnswerView answer={answer} retry={retry} waiting={t('screens.social-security.loading')}>
      {(response) => (
        <>
          <RecordTable response={response} />
          <Statement from={from} to={to} />
        </>
      )}
    </AnswerView>
  );
}

function RecordTable({ response }: { response: ContributionsResponse }) {
  const { t } = useT();
  const byMonth = new Map<string, Map<InsuranceType, ContributionRecord>>();
  for (const r of response.records) byMonth.set(r.month, (byMonth.get(r.month) ?? new Map()).set(r.insuranceType, r));
  const months = [...byMonth.keys()].sort().reverse();
  return (
    <section class="card" aria-labelledby="ss-contrib-title" data-testid="ss-contributions">
      <h2 id="ss-contrib-title">{t('screens.social-security.contributions.title', { from: response.from, to: response.to })}</h2>
      <table class="records" data-testid="ss-totals">
        <caption>{t('screens.social-security.contributions.totals')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('screens.social-security.contributions.type')}</th>
            <th scope="col">{t('screens.social-security.contributions.monthsPaid')}</th>
            <th scope="col">{t('screens.social-security.contributions.personal')}</th>
            <th scope="col">{t('screens.social-security.contributions.employer')}</th>
          </tr>
        </thead>
        <tbody>
          {response.totals.map((x) => (
            <tr key={x.insuranceType} data-type={x.insuranceType}>
              <th scope="row">{t(`screens.social-security.insurance.${x.insuranceType}`)}</th>
              <td>{x.months}</td>
              <td class="amount">¥{formatYuan(x.personalFen)}</td>
              <td class="amount">¥{formatYuan(x.employerFen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {months.length === 0 ? (
        <p>{t('screens.social-security.contributions.none')}</p>
      ) : (
        <table class="records" data-testid="ss-records">
          <caption>{t('screens.social-security.contributions.byMonth')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('screens.social-security.contributions.month')}</th>
              {INSURANCE.options.map((type) => (
                <th scope="col" key={type}>
                  {t(`screens.social-security.insurance.${type}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m} data-month={m}>
                <th scope="row">{m}</th>
                {INSURANCE.options.map((type) => {
                  const r = byMonth.get(m)?.get(type);
                  return (
                    <td key={type} class={`amount${r?.status === 'arrears' ? ' not-ok-text' : ''}`}>
                      {r ? `¥${formatYuan(r.personalFen)}${r.status === 'arrears' ? ` ${t('screens.social-security.contributions.arrears')}` : ''}` : '—'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="hint">{t('screens.social-security.contributions.personalHint')}</p>
    </section>
  );
}

function Statement({ from, to }: { from: string; to: string }) {
  const { actions } = useKiosk();
  const { t, lang } = useT();
  const [printing, print] = useAction(() => actions.socialSecurity.printStatement({ from, to, lang }));
  const printed = printing.name === 'done' ? printing.value.print.ok : null;
  // The outcome is a step of its own: elderly mode says where the paper is, or that there is none.
  useEffect(() => {
    if (printed !== null) actions.guide(printed ? 'socialSecurity.statement' : 'socialSecurity.statementNotPrinted');
  }, [printed]);
  if (printing.name === 'busy') return <Waiting text={t('screens.social-security.statement.busy')} />;
  if (printing.name === 'done') {
    const { statement, print: paper } = printing.value;
    return (
      <section class={`card${paper.ok ? '' : ' not-ok'}`} aria-labelledby="ss-statement-title" data-testid="ss-statement" data-printed={String(paper.ok)}>
        <div role="status">
          <h2 id="ss-statement-title">{t(paper.ok ? 'screens.social-security.statement.printed' : 'screens.social-security.statement.notPrinted')}</h2>
        </div>
        <p>{t('screens.social-security.statement.codeHint')}</p>
        <p class="statement-code" data-testid="ss-statement-code">
          {statement.code}
        </p>
      </section>
    );
  }
  return (
    <>
      {printing.name === 'failed' && <Problem code={printing.code} />}
      <button type="button" class="button primary" onClick={print} data-testid="ss-print">
        {t('screens.social-security.statement.print', { from, to })}
      </button>
    </>
  );
}
