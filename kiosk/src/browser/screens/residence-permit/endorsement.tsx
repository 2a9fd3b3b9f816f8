/**
 * Requesting this year's endorsement (签注). One idempotency key per attempt, made once and
 * reused when the person retries after a failure: a request that reached the server answers
 * its first result instead of being made twice.
 */
import { useEffect, useState } from 'preact/hooks';
import { Problem, useAction, Waiting } from '../../components/holder/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';

export function Endorsement() {
  const { actions } = useKiosk();
  const { t } = useT();
  const [key] = useState(() => crypto.randomUUID());
  const [request, send] = useAction(() => actions.permit.endorse({ idempotencyKey: key }));
  const answered = request.name === 'done';
  useEffect(() => {
    if (answered) actions.guide('residencePermit.endorse-result');
  }, [answered]);
  if (request.name === 'busy') return <Waiting text={t('screens.residence-permit.endorse.busy')} />;
  if (request.name === 'done') {
    const { result, bring } = request.value;
    return (
      <section class="card" aria-labelledby="rp-endorsed-title" data-testid="rp-endorse-result" data-result={result}>
        <div role="status">
          <h2 id="rp-endorsed-title">{t(`screens.residence-permit.endorse.result.${result}`)}</h2>
        </div>
        {bring.length > 0 && (
          <>
            <p>{t('screens.residence-permit.endorse.bring')}</p>
            <ul data-testid="rp-bring">
              {bring.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          </>
        )}
      </section>
    );
  }
  return (
    <section class="card" aria-labelledby="rp-endorse-title" data-testid="rp-endorse">
      <h2 id="rp-endorse-title">{t('screens.residence-permit.endorse.title')}</h2>
      <p>{t('screens.residence-permit.endorse.text')}</p>
      {request.name === 'failed' && <Problem code={request.code} />}
      <button type="button" class="button primary" onClick={send} data-testid="rp-endorse-send">
        {t(request.name === 'failed' ? 'holder.tryAgain' : 'screens.residence-permit.endorse.send')}
      </button>
    </section>
  );
}
