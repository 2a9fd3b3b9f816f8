/**
 * The inbox: unread count, the categories as filters, one page of messages newest first (a
 * holder may have hundreds), and a plain banner when the list is the terminal's offline copy.
 */
import { useEffect } from 'preact/hooks';
import type { MailKind, MailSummary } from '@civic-kiosk/protocol/gateway';
import { Problem, useAnswer, Waiting } from '../../components/holder/index.tsx';
import { useKiosk, useT } from '../../state/context.ts';

export interface InboxView {
  page: number;
  /** One category, or all of them. */
  kind: MailKind | null;
}

/** Few enough that the page needs no scrolling in elderly mode's large text. */
export const PAGE_SIZE = 6;
const KINDS: readonly MailKind[] = ['bill-reminder', 'notice', 'personal'];

export function Inbox({ view, change, show }: { view: InboxView; change(v: InboxView): void; show(messageId: string): void }) {
  const { actions } = useKiosk();
  const { t, lang } = useT();
  const [answer, retry] = useAnswer(() => actions.mailbox.list({ page: view.page, pageSize: PAGE_SIZE, ...(view.kind ? { kind: view.kind } : {}) }), [view.page, view.kind]);
  // What the list shows is said in elderly mode: the inbox, an empty one, or why there is none.
  const listGuidance = answer.name === 'failed' ? 'failed' : answer.name === 'ok' ? (answer.value.messages.length ? 'inbox' : 'empty') : null;
  useEffect(() => {
    if (listGuidance) actions.guide(`mailboxStep.${listGuidance}`);
  }, [listGuidance]);
  if (answer.name === 'loading') return <Waiting text={t('screens.mailbox.loading')} />;
  if (answer.name === 'failed') return <Problem code={answer.code} retry={retry} />;
  // The page as answered: for a moment after a touch on the pager the answer is the previous one.
  const shown = answer.value;
  const page = shown.page;
  const pages = Math.max(1, Math.ceil(shown.total / shown.pageSize));
  return (
    <>
      {shown.offlineCopy && (
        <div class="mail-copy-banner" role="status" data-testid="mb-offline-copy">
          {t('screens.mailbox.offlineCopy', { time: new Date(shown.offlineCopy.asOf).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' }) })}
        </div>
      )}
      {shown.onlineOnly && <OnlineOnly />}
      <h2 class="mail-unread" data-testid="mb-unread" data-unread={shown.unread}>
        {t('screens.mailbox.unread', { count: shown.unread })}
      </h2>
      <div role="group" aria-label={t('screens.mailbox.filter')} class="chips mail-filter">
        {[null, ...KINDS].map((k) => (
          <button type="button" key={k ?? 'all'} class="chip" aria-pressed={view.kind === k} data-kind={k ?? 'all'} onClick={() => change({ page: 1, kind: k })}>
            {t(`screens.mailbox.kind.${k ?? 'all'}`)}
            {k && shown.unreadByKind[k] > 0 && <span class="badge mail-count">{t('screens.mailbox.unreadShort', { count: shown.unreadByKind[k] })}</span>}
          </button>
        ))}
      </div>
      {shown.messages.length === 0 ? (
        <p class="lead" data-testid="mb-empty">
          {t('screens.mailbox.empty')}
        </p>
      ) : (
        <ul class="list" data-testid="mb-list">
          {shown.messages.map((m) => (
            <li key={m.messageId}>
              <MessageRow message={m} open={() => show(m.messageId)} />
            </li>
          ))}
        </ul>
      )}
      <nav class="mail-pager" aria-label={t('screens.mailbox.pages')}>
        <button type="button" class="button" disabled={page <= 1} onClick={() => change({ ...view, page: page - 1 })} data-testid="mb-prev">
          {t('screens.mailbox.previous')}
        </button>
        <span role="status" data-testid="mb-page">
          {t('screens.mailbox.page', { page, pages })}
        </span>
        <button type="button" class="button" disabled={page >= pages} onClick={() => change({ ...view, page: page + 1 })} data-testid="mb-next">
          {t('screens.mailbox.next')}
        </button>
      </nav>
    </>
  );
}

function MessageRow({ message: m, open }: { message: MailSummary; open(): void }) {
  const { t, lang } = useT();
  return (
    <button type="button" class={`list-item mail-row${m.read ? '' : ' unread'}`} onClick={open} data-message-id={m.messageId} data-read={String(m.read)}>
      <span class="list-title">
        {!m.read && <span class="badge">{t('screens.mailbox.new')}</span>}
        {m.title}
      </span>
      <span class="list-sub">
        {t(`screens.mailbox.kind.${m.kind}`)} · {m.sender} · {new Date(m.receivedAt).toLocaleDateString(lang)}
      </span>
    </button>
  );
}

/**
 * Cards and documents that cannot unlock an offline copy: the mailbox is read online only. When
 * the server is `unreachable` that is why nothing is shown; otherwise it is a note in the inbox.
 */
export function OnlineOnly({ unreachable = false }: { unreachable?: boolean }) {
  const { t } = useT();
  if (!unreachable)
    return (
      <p class="lead" data-testid="mb-online-only" data-offline="false">
        {t('screens.mailbox.onlineOnly')}
      </p>
    );
  return (
    <section class="card not-ok" aria-labelledby="mb-online-only-title" data-testid="mb-online-only" data-offline="true">
      <div role="alert">
        <h2 id="mb-online-only-title">{t('screens.mailbox.onlineOnlyOffline')}</h2>
      </div>
    </section>
  );
}
