/**
 * Reporting a card lost (临时挂失) without the card: the person puts their ID card on the ID
 * reader and the privileged side proves them with it. One idempotency key per attempt, reused
 * when the person retries after a failure, so a report that reached the server is not doubled.
 */
import { useEffect, useState } from 'preact/hooks';
import { Problem, useAction, Waiting } from '../../components/holder/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';
import { CardStatusCard } from './card-status.tsx';

export function ReportLoss() {
  const { actions } = useKiosk();
  const { t } = useT();
  const [key] = useState(() => crypto.randomUUID());
  const [report, send] = useAction(() => actions.socialSecurity.reportLoss({ idempotencyKey: key }));
  const done = report.name === 'done';
  useEffect(() => {
    if (done) actions.guide('socialSecurity.lost-done');
  }, [done]);
  if (report.name === 'busy') return <Waiting text={t('screens.social-security.lost.busy')} />;
  if (report.name === 'done')
    return (
      <>
        <p role="status" class="lead ok-text" data-testid="ss-lost-done">
          {t('screens.social-security.lost.done')}
        </p>
        <CardStatusCard status={report.value} />
      </>
    );
  return (
    <section class="card" aria-labelledby="ss-lost-title" data-testid="ss-lost-report">
      <h2 id="ss-lost-title">{t('screens.social-security.lost.title')}</h2>
      <p class="lead">{t('screens.social-security.lost.text')}</p>
      {report.name === 'failed' && <Problem code={report.code} />}
      <button type="button" class="button primary" onClick={send} data-testid="ss-lost-send">
        {t(report.name === 'failed' ? 'holder.tryAgain' : 'screens.social-security.lost.send')}
      </button>
    </section>
  );
}
