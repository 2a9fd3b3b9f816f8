/**
 * Residence permit (居住证): the person puts a document on the ID reader and the privileged
 * side reads it (`permit.read`). A residence permit shows its validity, this year's endorsement
 * (签注) and applications, and can request the endorsement; a resident ID card shows the
 * progress of a permit applied for with it; a foreign permanent residence card says what
 * applies instead. The photo never reaches the page. Answers live in this component's state.
 */
import { useEffect, useState } from 'preact/hooks';
import type { IdDocumentKind, ResidencePermitStatus } from '@civic-kiosk/protocol/gateway';
import type { IdDocumentOpenOutcome, MaskedHolder } from '../../../common/bridge.ts';
import { AnswerView, Applications, Problem, useAnswer, Waiting } from '../../components/holder/index.tsx';
import { Screen } from '../../components/screen/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';
import { Endorsement } from './endorsement.tsx';
import { PlaceDocument } from './place.tsx';

type Step = { name: 'place' | 'reading' } | { name: 'failed'; code: string } | { name: 'read'; kind: IdDocumentKind; holder: MaskedHolder };

function stepAfterRead(o: IdDocumentOpenOutcome): Step {
  if (o.outcome === 'opened') return { name: 'read', kind: o.kind, holder: o.holder };
  return { name: 'failed', code: o.outcome === 'refused' ? o.code : o.outcome };
}

export default function ResidencePermit() {
  const { state, actions } = useKiosk();
  const { t } = useT();
  const [step, setStep] = useState<Step>({ name: 'place' });
  const readerAbsent = state.health.value['id-reader']?.state === 'absent';
  const shown: Step = readerAbsent && step.name === 'place' ? { name: 'failed', code: 'reader-absent' } : step;
  const guidance = shown.name === 'read' ? shown.kind : shown.name;
  useEffect(() => actions.guide(`residencePermit.${guidance}`), [guidance]);
  useEffect(() => actions.holdReader('id'), []);
  const read = () => {
    setStep({ name: 'reading' });
    void actions.permit.read().then(
      (o) => setStep(stepAfterRead(o)),
      () => setStep({ name: 'failed', code: 'offline' }),
    );
  };
  // A document laid on the reader is read without a touch.
  const documentIn = state.cards.value.id;
  useEffect(() => {
    if (documentIn && step.name === 'place') read();
  }, [documentIn]);

  return (
    <Screen title={t('screens.residence-permit.title')}>
      <div class="card-service" data-step={shown.name}>
        {shown.name === 'place' && <PlaceDocument id="rp" onRead={read} />}
        {shown.name === 'reading' && <Waiting text={t('screens.residence-permit.reading')} />}
        {shown.name === 'failed' && <Problem code={shown.code} retry={shown.code === 'reader-absent' ? undefined : () => setStep({ name: 'place' })} />}
        {shown.name === 'read' && (
          <>
            <p class="lead" data-testid="rp-greeting">
              {t('screens.residence-permit.greeting', { name: shown.holder.nameMasked, kind: t(`screens.residence-permit.kind.${shown.kind}`) })}
            </p>
            {shown.kind === 'residence-permit' && <PermitStatus />}
            {shown.kind === 'resident-id' && <PermitProgress />}
            {shown.kind === 'foreign-permanent-residence' && (
              <section class="card" aria-labelledby="rp-foreign-title" data-testid="rp-foreign">
                <h2 id="rp-foreign-title">{t('screens.residence-permit.foreign.title')}</h2>
                <p>{t('screens.residence-permit.foreign.text')}</p>
              </section>
            )}
          </>
        )}
      </div>
    </Screen>
  );
}

function PermitStatus() {
  const { actions } = useKiosk();
  const { t } = useT();
  const [answer, retry] = useAnswer(() => actions.permit.status());
  return (
    <AnswerView answer={answer} retry={retry} waiting={t('screens.residence-permit.loading')}>
      {(s) => <PermitStatusCard status={s} />}
    </AnswerView>
  );
}

function PermitStatusCard({ status: s }: { status: ResidencePermitStatus }) {
  const { t, lang } = useT();
  const day = (d: string) => new Date(d).toLocaleDateString(lang);
  return (
    <>
      <section class="card" aria-labelledby="rp-status-title" data-testid="rp-status">
        <h2 id="rp-status-title">{t('screens.residence-permit.status.title')}</h2>
        <dl class="facts">
          <dt>{t('screens.residence-permit.status.number')}</dt>
          <dd>{s.permitNumberMasked}</dd>
          <dt>{t('screens.residence-permit.status.valid')}</dt>
          <dd data-testid="rp-valid">
            {day(s.validFrom)} – {day(s.validUntil)}
          </dd>
          <dt>{t('screens.residence-permit.status.endorsement')}</dt>
          <dd data-testid="rp-endorsement-state" data-state={s.endorsement.state}>
            {t(`screens.residence-permit.endorsement.states.${s.endorsement.state}`)}
          </dd>
          <dt>{t('screens.residence-permit.status.dueMonth')}</dt>
          <dd data-testid="rp-due-month">{s.endorsement.dueMonth}</dd>
          {s.endorsement.lastEndorsedOn && <dt>{t('screens.residence-permit.status.lastEndorsed')}</dt>}
          {s.endorsement.lastEndorsedOn && <dd>{day(s.endorsement.lastEndorsedOn)}</dd>}
        </dl>
        <h3>{t('holder.applications.title')}</h3>
        <Applications applications={s.applications} />
      </section>
      {(s.endorsement.state === 'due' || s.endorsement.state === 'overdue') && <Endorsement />}
    </>
  );
}

function PermitProgress() {
  const { actions } = useKiosk();
  const { t } = useT();
  const [answer, retry] = useAnswer(() => actions.permit.progress());
  return (
    <AnswerView answer={answer} retry={retry} waiting={t('screens.residence-permit.loading')}>
      {(progress) => (
        <section class="card" aria-labelledby="rp-progress-title" data-testid="rp-progress">
          <h2 id="rp-progress-title">{t('screens.residence-permit.progress.title')}</h2>
          <Applications applications={progress.applications} />
        </section>
      )}
    </AnswerView>
  );
}
