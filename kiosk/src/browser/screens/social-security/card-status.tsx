/** A card's state, validity and applications (after a status query, a loss report or its withdrawal). */
import type { CardStatus } from '@civic-kiosk/protocol/gateway';
import { Applications } from '../../components/holder/index.tsx';
import { useT } from '../../state/context.ts';

export function CardStatusCard({ status }: { status: CardStatus }) {
  const { t, lang } = useT();
  const day = (d: string) => new Date(d).toLocaleDateString(lang);
  return (
    <section class="card" aria-labelledby="ss-card-title" data-testid="ss-card" data-state={status.state}>
      <h2 id="ss-card-title">{t('screens.social-security.card.title')}</h2>
      <dl class="facts">
        <dt>{t('screens.social-security.card.number')}</dt>
        <dd>{status.cardNumberMasked}</dd>
        <dt>{t('screens.social-security.card.state')}</dt>
        <dd data-testid="ss-card-state">{t(`screens.social-security.card.states.${status.state}`)}</dd>
        <dt>{t('screens.social-security.card.valid')}</dt>
        <dd>
          {day(status.issuedOn)} – {day(status.validUntil)}
        </dd>
        {status.lossReportedAt && <dt>{t('screens.social-security.card.lossReportedAt')}</dt>}
        {status.lossReportedAt && <dd>{new Date(status.lossReportedAt).toLocaleString(lang)}</dd>}
      </dl>
      <h3>{t('holder.applications.title')}</h3>
      <Applications applications={status.applications} />
    </section>
  );
}
