/**
 * One reconciliation's result: the four counts finance staff act on (matched, missing at the
 * biller, missing here, amount differs), each biller's line with both sides' paid sums, and
 * every finding with the payment named both ways.
 */
import type { JSX } from 'preact';
import type { FindingKind } from '@civic-kiosk/protocol/staff-money';
import type { ReconciliationRun } from '@civic-kiosk/protocol/staff-money';
import { t } from '../../i18n/index.ts';
import { formatTime } from '../format.ts';
import { yuanText } from './amount.ts';

const money = (fen: number | null) => (fen === null ? '—' : yuanText(fen));

export function ReportView({ run }: { run: ReconciliationRun }): JSX.Element {
  const { report } = run;
  const count = (kind: FindingKind) => report.findings.filter((f) => f.kind === kind).length;
  const headline = [
    ['matched', report.billers.reduce((a, b) => a + b.matched, 0)],
    ['missing-at-biller', count('missing-at-biller')],
    ['unknown-to-server', count('unknown-to-server')],
    ['amount-differs', count('amount-differs')],
  ] as const;
  const others = (['resolved-paid', 'resolved-failed', 'reversal-differs'] as const).filter((k) => count(k) > 0);
  return (
    <section class="reconciliation-report" aria-labelledby="report-heading">
      <h3 id="report-heading">{t('money.reportTitle', { day: report.businessDay })}</h3>
      <p class="hint">{t('money.reportBy', { who: run.runBy, at: formatTime(Date.parse(run.runAt)) })}</p>
      <dl class="report-counts">
        {[...headline, ...others.map((k) => [k, count(k)] as const)].map(([k, n]) => (
          <div key={k} class={`count-${k}${n > 0 && k !== 'matched' ? ' attention' : ''}`}>
            <dt>{t(`money.finding.${k}`)}</dt>
            <dd>{n}</dd>
          </div>
        ))}
      </dl>
      <table class="data">
        <caption>{t('money.perBiller')}</caption>
        <thead>
          <tr>
            {(['biller', 'checked', 'matched', 'serverPaid', 'billerPaid', 'billerError'] as const).map((c) => (
              <th scope="col" key={c} class={c.endsWith('Paid') ? 'amount' : undefined}>{t(`money.col.${c}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.billers.map((b) => (
            <tr key={b.biller}>
              <th scope="row">{t(`money.biller.${b.biller}`)}</th>
              <td>{b.checked}</td>
              <td>{b.matched}</td>
              <td class="amount">{yuanText(b.serverPaidFen)}</td>
              <td class="amount">{yuanText(b.billerPaidFen)}</td>
              <td>{b.error ? t('money.settlementUnread', { code: b.error }) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.findings.length > 0 && (
        <table class="data money-findings">
          <caption>{t('money.findings')}</caption>
          <thead>
            <tr>
              {(['finding', 'biller', 'reference', 'billerRef', 'serverAmount', 'billerAmount'] as const).map((c) => (
                <th scope="col" key={c} class={c.endsWith('Amount') ? 'amount' : undefined}>{t(`money.col.${c}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.findings.map((f) => (
              <tr key={`${f.kind} ${f.key}`} class={`finding-${f.kind}`}>
                <th scope="row">{t(`money.finding.${f.kind}`)}</th>
                <td>{t(`money.biller.${f.biller}`)}</td>
                <td>{f.reference ?? '—'}</td>
                <td>{f.billerRef ?? '—'}</td>
                <td class="amount">{money(f.serverFen)}</td>
                <td class="amount">{money(f.billerFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
