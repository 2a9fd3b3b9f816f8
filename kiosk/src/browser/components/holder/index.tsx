/**
 * What the card and permit screens share: loading one holder service answer, saying plainly why
 * there is none, and showing application progress. Answers live in the screen's own component
 * state, so the wipe (which unmounts the screen) leaves nothing of the person behind.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { GatewayAnswer } from '../../../common/bridge.ts';
import type { ApplicationProgress } from '@civic-kiosk/protocol/gateway';
import { useT } from '../../state/context.ts';
import './holder.css';

export type Loaded<T> = { name: 'loading' } | { name: 'ok'; value: T } | { name: 'failed'; code: string };

/** Calls `load` when mounted, when one of `deps` changes, and on `retry`; the answer never leaves the component. */
export function useAnswer<T>(load: () => Promise<GatewayAnswer<T>>, deps: readonly unknown[] = []): [Loaded<T>, () => void] {
  const [attempt, setAttempt] = useState(0);
  const [shown, setShown] = useState<Loaded<T>>({ name: 'loading' });
  useEffect(() => {
    let live = true;
    setShown({ name: 'loading' });
    load().then(
      (a) => live && setShown(a.ok ? { name: 'ok', value: a.value } : { name: 'failed', code: a.failure.code }),
      () => live && setShown({ name: 'failed', code: 'offline' }),
    );
    return () => {
      live = false;
    };
  }, [attempt, ...deps]);
  return [shown, () => setAttempt((n) => n + 1)];
}

/** The view of a loaded answer; a waiting line, or the problem with a retry, until then. */
export function AnswerView<T>({ answer, retry, waiting, children }: { answer: Loaded<T>; retry(): void; waiting: string; children(value: T): ComponentChildren }) {
  if (answer.name === 'loading') return <Waiting text={waiting} />;
  if (answer.name === 'failed') return <Problem code={answer.code} retry={retry} />;
  return <>{children(answer.value)}</>;
}

export type Action<T> = { name: 'idle' | 'busy' } | { name: 'failed'; code: string } | { name: 'done'; value: T };

/**
 * An action the person starts (report lost, endorse, print ...): idle, busy, failed with a code
 * (run it again to retry), or done with the answer. A keyed action makes its key once per
 * attempt outside and passes it in, so a retry reuses it.
 */
export function useAction<T>(call: () => Promise<GatewayAnswer<T>>): [Action<T>, () => void] {
  const [state, setState] = useState<Action<T>>({ name: 'idle' });
  const run = () => {
    setState({ name: 'busy' });
    call().then(
      (a) => setState(a.ok ? { name: 'done', value: a.value } : { name: 'failed', code: a.failure.code }),
      () => setState({ name: 'failed', code: 'offline' }),
    );
  };
  return [state, run];
}

/** Failure codes (of a holder service, or of a card or document read) by the message they show. */
const FAILURE_KEYS: Readonly<Record<string, string>> = {
  offline: 'offline',
  'malformed-answer': 'offline',
  'backoffice-unavailable': 'backOffice',
  'backoffice-timeout': 'backOffice',
  'back-office-down': 'backOffice',
  'no-holder-session': 'sessionEnded',
  'holder-session-expired': 'sessionEnded',
  'holder-session-unknown': 'sessionEnded',
  'holder-session-wrong-terminal': 'sessionEnded',
  'holder-limit-reached': 'limit',
  'holder-challenge-rate-limited': 'limit',
  // Asked after the holder was proved: the back office has no record of this kind for them.
  'holder-not-found': 'noRecord',
  'holder-proof-invalid': 'notKnown',
  'no-card': 'noCard',
  'card-mute': 'cardMute',
  'not-social-security-card': 'notSocialSecurityCard',
  unreadable: 'unreadable',
  removed: 'removed',
  'reader-absent': 'readerAbsent',
};

export function failureKey(code: string): string {
  return FAILURE_KEYS[code] ?? 'other';
}

/** Failures that trying again at this terminal now cannot mend: no retry is offered for them. */
const FINAL_FAILURES: ReadonlySet<string> = new Set(['limit', 'notKnown', 'noRecord', 'readerAbsent']);

/** Card problems the person can fix at the slot: every card flow speaks the same steps for them. */
const CARD_PROBLEMS: ReadonlySet<string> = new Set(['card-mute', 'not-social-security-card']);

/** The `speech.*` key of a failed card open's own spoken guidance, if it has one. */
export function cardProblemSpeech(code: string): string | undefined {
  return CARD_PROBLEMS.has(code) ? `cardProblem.${failureKey(code)}` : undefined;
}

/** A plain statement of why a service gave no answer, with a way to try again only when that can help. */
export function Problem({ code, retry, retryLabel }: { code: string; retry?: (() => void) | undefined; retryLabel?: string }) {
  const { t } = useT();
  return (
    <section class="card not-ok" aria-labelledby="holder-problem" data-testid="holder-problem" data-code={code}>
      <div role="alert">
        <h2 id="holder-problem">{t(`holder.failure.${failureKey(code)}`)}</h2>
      </div>
      {retry && !FINAL_FAILURES.has(failureKey(code)) && (
        <button type="button" class="button primary" onClick={retry}>
          {retryLabel ?? t('holder.tryAgain')}
        </button>
      )}
    </section>
  );
}

export function Waiting({ text }: { text: string }) {
  return (
    <p role="status" class="lead" data-testid="holder-wait">
      {text}
    </p>
  );
}

/** Applications in progress (card issue / replacement, permit application), newest first as sent. */
export function Applications({ applications }: { applications: readonly ApplicationProgress[] }) {
  const { t, lang } = useT();
  if (applications.length === 0) return <p data-testid="applications-none">{t('holder.applications.none')}</p>;
  return (
    <ul class="list applications" data-testid="applications">
      {applications.map((a) => (
        <li key={a.applicationId} class="card application" data-stage={a.stage}>
          <h3>{t(`holder.applications.kind.${a.kind}`)}</h3>
          <p>
            {t('holder.applications.stage')}: <strong>{t(`holder.applications.stages.${a.stage}`)}</strong>
          </p>
          <p>
            {t('holder.applications.submitted')}: {new Date(a.submittedAt).toLocaleDateString(lang)}
          </p>
          {a.collectAt && (
            <p>
              {t('holder.applications.collectAt')}: {a.collectAt}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
