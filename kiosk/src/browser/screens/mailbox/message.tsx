/**
 * One message in large text: opening it marks it read; it can be read aloud, printed on the
 * receipt printer, and a message about a kiosk service opens that service (a bill reminder
 * opens the bill screens with its account filled in).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { MailMessage } from '@civic-kiosk/protocol/gateway';
import type { PrintResult } from '../../../common/bridge.ts';
import { Problem, useAnswer, Waiting } from '../../components/holder/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';
import { speak, stopSpeaking } from '../../state/speech.ts';
import { messageReceipt, paragraphs } from './receipt.ts';

export function MessageView({ messageId, back }: { messageId: string; back(): void }) {
  const { actions } = useKiosk();
  const { t } = useT();
  const [answer, retry] = useAnswer(() => actions.mailbox.read({ messageId }));
  return (
    <>
      {answer.name === 'loading' && <Waiting text={t('screens.mailbox.opening')} />}
      {answer.name === 'failed' && <Problem code={answer.code} retry={retry} />}
      {answer.name === 'ok' && <Message message={answer.value} />}
      <button type="button" class="button" onClick={back} data-testid="mb-back-to-inbox">
        {t('screens.mailbox.backToInbox')}
      </button>
    </>
  );
}

function Message({ message: m }: { message: MailMessage }) {
  const { state, actions } = useKiosk();
  const { t, lang } = useT();
  const [speaking, setSpeaking] = useState(false);
  const [printed, setPrinted] = useState<PrintResult | 'printing' | null>(null);
  const marked = useRef(false);
  // Opening a message marks it read, once per opening (the privileged side makes the call idempotent).
  useEffect(() => {
    if (m.read || marked.current) return;
    marked.current = true;
    void actions.mailbox.markRead({ messageIds: [m.messageId] }).catch(() => undefined);
  }, [m.messageId]);
  // Stop reading aloud when the person leaves the message.
  useEffect(() => () => stopSpeaking(), []);
  // The print's outcome is a step of its own for elderly mode: where the paper is, or why there is none.
  const printOutcome = printed && printed !== 'printing' ? (printed.ok ? 'printed' : 'printFailed') : null;
  useEffect(() => {
    if (printOutcome) actions.guide(`mailboxStep.${printOutcome}`);
  }, [printOutcome, printed]);

  const received = new Date(m.receivedAt).toLocaleString(lang, { dateStyle: 'long', timeStyle: 'short' });
  const readAloud = () => {
    if (speaking) stopSpeaking();
    else speak(`${m.title}。${m.sender}。${m.body}`, lang);
    setSpeaking(!speaking);
    actions.activity();
  };
  const print = () => {
    setPrinted('printing');
    const text = {
      heading: t('screens.mailbox.receipt.heading'),
      sender: t('screens.mailbox.sender'),
      received: t('screens.mailbox.received'),
      truncated: t('screens.mailbox.receipt.truncated'),
      printedAt: t('screens.mailbox.receipt.printedAt'),
    };
    const job = messageReceipt(m, text, received, new Date(state.clock.now()).toLocaleString(lang));
    void actions.printer.print(job).then(setPrinted, () => setPrinted({ ok: false, error: 'failed' }));
  };
  const link = m.link;
  const follow = () => {
    if (!link) return;
    if (link.service === 'bills') {
      // The bill screens read the account from the session's inputs; the wipe clears it.
      actions.setInput('bills.account', link.account);
      actions.navigate({ name: 'bills', params: { biller: link.biller } });
    } else actions.navigate({ name: link.service });
  };

  return (
    <article class="card mail-message" aria-labelledby="mb-message-title" data-testid="mb-message" data-message-id={m.messageId}>
      <h2 id="mb-message-title">{m.title}</h2>
      <dl class="facts">
        <dt>{t('screens.mailbox.sender')}</dt>
        <dd>{m.sender}</dd>
        <dt>{t('screens.mailbox.received')}</dt>
        <dd>{received}</dd>
        <dt>{t('screens.mailbox.category')}</dt>
        <dd>{t(`screens.mailbox.kind.${m.kind}`)}</dd>
      </dl>
      <div class="mail-body" data-testid="mb-body">
        {paragraphs(m.body).map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>
      <div class="actions">
        {link && (
          <button type="button" class="button primary" onClick={follow} data-testid="mb-link" data-service={link.service}>
            {link.service === 'bills' ? t('screens.mailbox.link.bills', { biller: t(`screens.bills.biller.${link.biller}`) }) : t(`screens.mailbox.link.${link.service}`)}
          </button>
        )}
        <button type="button" class="button" aria-pressed={speaking} onClick={readAloud} data-testid="mb-speak">
          {t('screens.mailbox.readAloud')}
        </button>
        <button type="button" class="button" onClick={print} disabled={printed === 'printing'} data-testid="mb-print">
          {t('screens.mailbox.print')}
        </button>
        {printed && printed !== 'printing' && (
          <p role="status" class={printed.ok ? 'ok-text' : 'not-ok-text'} data-testid="mb-printed" data-ok={String(printed.ok)}>
            {printed.ok ? t('screens.mailbox.printed') : t(`screens.mailbox.printFailed.${printed.error === 'paper-out' ? 'paper-out' : 'other'}`)}
          </p>
        )}
      </div>
    </article>
  );
}
