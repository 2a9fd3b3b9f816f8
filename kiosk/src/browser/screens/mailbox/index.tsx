/**
 * Citizen mailbox (市民信箱): the person opens it with the social-security card and its PIN, or
 * with the ID card / residence permit on the ID reader; then the inbox and one message at a
 * time. Messages live only in the components' state, so the wipe (idle, finish, card pulled:
 * see state/bridge-events.ts) unmounts them with the screen and leaves nothing behind.
 */
import { useEffect, useState } from 'preact/hooks';
import { CreditCard, IdCard } from 'lucide-preact';
import type { MailboxOpenOutcome } from '../../../common/bridge.ts';
import { cardProblemSpeech, Problem, Waiting } from '../../components/holder/index.tsx';
import { Icon } from '../../components/icon/index.tsx';
import { Screen } from '../../components/screen/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';
import { PlaceDocument } from '../residence-permit/place.tsx';
import { Blocked } from '../social-security/insert.tsx';
import { PinEntry, stepAfterPinRefusal } from '../social-security/pin.tsx';
import { Inbox, OnlineOnly } from './inbox.tsx';
import type { InboxView } from './inbox.tsx';
import { MessageView } from './message.tsx';
import '../social-security/social-security.css';
import './mailbox.css';

type Step =
  | { name: 'choose' | 'insert' | 'opening' | 'place' | 'reading' | 'blocked' }
  | { name: 'pin'; triesLeft?: number }
  | { name: 'failed'; code: string }
  /** The server is unreachable: this card has no offline copy here (`none`), or cannot unlock one. */
  | { name: 'offline'; offlineCopy: 'none' | 'not-possible' }
  /** The inbox's page and filter stay here, so coming back from a message shows the same page. */
  | { name: 'inbox'; view: InboxView; messageId: string | null };

/** The two ways to open the mailbox, with the home tiles' icons of their services. */
const WAYS = [
  { way: 'card', icon: CreditCard },
  { way: 'document', icon: IdCard },
] as const;

const FIRST_PAGE: InboxView = { page: 1, kind: null };

function afterOpen(o: MailboxOpenOutcome): Step {
  if (o.outcome === 'opened') return { name: 'inbox', view: FIRST_PAGE, messageId: null };
  // (The bridge's type also lets a plain HolderOpenFailure say `offline`: treat it as no copy.)
  if (o.outcome === 'offline') return { name: 'offline', offlineCopy: 'offlineCopy' in o ? o.offlineCopy : 'none' };
  return stepAfterPinRefusal(o);
}

export default function Mailbox() {
  const { state, actions } = useKiosk();
  const { t } = useT();
  const [step, setStep] = useState<Step>({ name: 'choose' });
  const cardIn = state.cards.value['social-security'];
  const documentIn = state.cards.value.id;
  const absent = (reader: 'card-reader' | 'id-reader') => state.health.value[reader]?.state === 'absent';

  const shownStep = step.name === 'inbox' ? (step.messageId ? 'message' : 'inbox') : step.name === 'offline' ? 'failed' : step.name;
  const guidance = (step.name === 'failed' && cardProblemSpeech(step.code)) || `mailboxStep.${shownStep}`;
  useEffect(() => actions.guide(guidance), [guidance]);
  // The way chosen names the reader the mailbox depends on from then on.
  const withCard = () => {
    actions.holdReader('social-security');
    setStep(absent('card-reader') ? { name: 'failed', code: 'reader-absent' } : cardIn ? { name: 'pin' } : { name: 'insert' });
  };
  const withDocument = () => {
    actions.holdReader('id');
    setStep(absent('id-reader') ? { name: 'failed', code: 'reader-absent' } : { name: 'place' });
  };
  const opened = (o: Promise<MailboxOpenOutcome>) =>
    void o.then(
      (outcome) => setStep(afterOpen(outcome)),
      () => setStep({ name: 'failed', code: 'offline' }),
    );
  const open = (pin: string) => {
    setStep({ name: 'opening' });
    opened(actions.mailbox.open({ pin }));
  };
  const read = () => {
    setStep({ name: 'reading' });
    opened(actions.mailbox.openWithDocument());
  };
  // A card put in, or a document laid down, while the person is told to do so moves on by itself.
  useEffect(() => {
    if (cardIn && step.name === 'insert') setStep({ name: 'pin' });
  }, [cardIn, step.name]);
  useEffect(() => {
    if (documentIn && step.name === 'place') read();
  }, [documentIn, step.name]);

  return (
    <Screen title={t('screens.mailbox.title')}>
      <div class="mailbox" data-step={step.name}>
        {step.name === 'choose' && (
          <section class="card" aria-labelledby="mb-choose-title" data-testid="mb-choose">
            <h2 id="mb-choose-title">{t('screens.mailbox.choose.title')}</h2>
            <p class="lead">{t('screens.mailbox.choose.text')}</p>
            <ul class="tiles mailbox-ways">
              {WAYS.map((w) => (
                <li key={w.way}>
                  <button type="button" class="tile" onClick={w.way === 'card' ? withCard : withDocument} data-testid={`mb-with-${w.way}`}>
                    <Icon icon={w.icon} size="lg" />
                    <span class="tile-label">{t(`screens.mailbox.choose.${w.way}`)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        {step.name === 'insert' && (
          <section class="card" aria-labelledby="mb-insert-title" data-testid="mb-insert">
            <h2 id="mb-insert-title">{t('screens.social-security.insert.title')}</h2>
            <p class="lead">{t('screens.social-security.insert.text')}</p>
            <button type="button" class="button primary" onClick={() => setStep({ name: 'pin' })}>
              {t('screens.social-security.insert.done')}
            </button>
          </section>
        )}
        {step.name === 'pin' && <PinEntry triesLeft={step.triesLeft} onPin={open} />}
        {step.name === 'opening' && <Waiting text={t('screens.social-security.opening')} />}
        {step.name === 'place' && <PlaceDocument id="mb" onRead={read} />}
        {step.name === 'reading' && <Waiting text={t('screens.residence-permit.reading')} />}
        {step.name === 'blocked' && <Blocked />}
        {(step.name === 'failed' || step.name === 'offline') && (
          <>
            {step.name === 'failed' && <Problem code={step.code} />}
            {step.name === 'offline' && step.offlineCopy === 'not-possible' && <OnlineOnly unreachable />}
            {step.name === 'offline' && step.offlineCopy === 'none' && (
              <section class="card not-ok" data-testid="mb-no-copy" aria-labelledby="mb-no-copy-title">
                <div role="alert">
                  <h2 id="mb-no-copy-title">{t('screens.mailbox.noCopy')}</h2>
                </div>
              </section>
            )}
            <button type="button" class="button primary" onClick={() => setStep({ name: 'choose' })} data-testid="mb-again">
              {t('screens.mailbox.again')}
            </button>
          </>
        )}
        {step.name === 'inbox' &&
          (step.messageId === null ? (
            <Inbox view={step.view} change={(view) => setStep({ ...step, view })} show={(messageId) => setStep({ ...step, messageId })} />
          ) : (
            <MessageView messageId={step.messageId} back={() => setStep({ ...step, messageId: null })} />
          ))}
      </div>
    </Screen>
  );
}
