/** The services of an open card session: a menu, and each service's own view. */
import type { MedicalAccount } from '@civic-kiosk/protocol/gateway';
import type { HolderSessionInfo } from '../../../common/bridge.ts';
import { AnswerView, Problem, useAction, useAnswer } from '../../components/holder/index.tsx';
import { formatYuan } from '../../../common/payment/types.ts';
import { useKiosk, useT } from '../../state/context.ts';
import { CardStatusCard } from './card-status.tsx';
import { Contributions } from './contributions.tsx';

export type CardService = 'contributions' | 'medical' | 'card';

const MENU: readonly CardService[] = ['contributions', 'medical', 'card'];

export function ServiceMenu({ holder, service, choose }: { holder: HolderSessionInfo; service: CardService | null; choose(s: CardService | null): void }) {
  const { t } = useT();
  return (
    <>
      <p class="lead" data-testid="ss-greeting">
        {t('screens.social-security.greeting', { name: holder.holder.nameMasked })}
      </p>
      {service === null ? (
        <nav aria-label={t('screens.social-security.menu')}>
          <ul class="tiles">
            {MENU.map((s) => (
              <li key={s}>
                <button type="button" class="tile" data-service={s} onClick={() => choose(s)}>
                  <span class="tile-label">{t(`screens.social-security.services.${s}`)}</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
      ) : (
        <>
          {service === 'contributions' && <Contributions />}
          {service === 'medical' && <MedicalAccountView />}
          {service === 'card' && <CardStatusView />}
          <button type="button" class="button" onClick={() => choose(null)} data-testid="ss-menu">
            {t('screens.social-security.backToMenu')}
          </button>
        </>
      )}
    </>
  );
}

function MedicalAccountView() {
  const { actions } = useKiosk();
  const { t } = useT();
  const [account, retry] = useAnswer(() => actions.socialSecurity.medicalAccount());
  return (
    <AnswerView answer={account} retry={retry} waiting={t('screens.social-security.loading')}>
      {(a) => <MedicalAccountCard account={a} />}
    </AnswerView>
  );
}

function MedicalAccountCard({ account: a }: { account: MedicalAccount }) {
  const { t, lang } = useT();
  return (
    <section class="card" aria-labelledby="ss-medical-title" data-testid="ss-medical">
      <h2 id="ss-medical-title">{t('screens.social-security.medical.title')}</h2>
      <dl class="facts">
        <dt>{t('screens.social-security.medical.balance')}</dt>
        <dd class="amount" data-testid="ss-balance">
          ¥{formatYuan(a.balanceFen)}
        </dd>
        <dt>{t('screens.social-security.medical.credited')}</dt>
        <dd>¥{formatYuan(a.creditedThisYearFen)}</dd>
        <dt>{t('screens.social-security.medical.spent')}</dt>
        <dd>¥{formatYuan(a.spentThisYearFen)}</dd>
      </dl>
      <h3>{t('screens.social-security.medical.recent')}</h3>
      <table class="records">
        <thead>
          <tr>
            <th scope="col">{t('screens.social-security.medical.day')}</th>
            <th scope="col">{t('screens.social-security.medical.entry')}</th>
            <th scope="col">{t('screens.social-security.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {a.recentEntries.map((e, i) => (
            <tr key={i}>
              <td>{new Date(e.day).toLocaleDateString(lang)}</td>
              <td>{e.description}</td>
              <td class="amount">
                {e.kind === 'spend' ? '−' : '+'}¥{formatYuan(e.amountFen)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function CardStatusView() {
  const { actions } = useKiosk();
  const { t } = useT();
  const [status, retry] = useAnswer(() => actions.socialSecurity.cardStatus());
  const [cancel, withdraw] = useAction(() => actions.socialSecurity.cancelLossReport());
  // A withdrawn report shows the card's new state.
  const shown = cancel.name === 'done' ? ({ name: 'ok', value: cancel.value } as const) : status;
  return (
    <AnswerView answer={shown} retry={retry} waiting={t('screens.social-security.loading')}>
      {(card) => (
        <>
          <CardStatusCard status={card} />
          {card.state === 'temporarily-lost' && (
            <button type="button" class="button primary" onClick={withdraw} disabled={cancel.name === 'busy'} data-testid="ss-cancel-loss">
              {t('screens.social-security.card.cancelLoss')}
            </button>
          )}
          {cancel.name === 'failed' && <Problem code={cancel.code} />}
        </>
      )}
    </AnswerView>
  );
}
