/** Paging the citizen mailbox, newest first, one category or all, with unread counts: the server's gateway and the terminal's offline copy page alike. */
import type { MailboxListResponse, MailKind, MailMessage, UnreadByKind } from './gateway.ts';

export interface MailPageQuery {
  page: number;
  pageSize: number;
  kind?: MailKind | undefined;
}

/** `messages` newest first, as the back office lists them; bodies are left out of the page. */
export function mailboxPage(messages: readonly MailMessage[], q: MailPageQuery): MailboxListResponse {
  const unreadByKind: UnreadByKind = { 'bill-reminder': 0, notice: 0, personal: 0 };
  for (const m of messages) if (!m.read) unreadByKind[m.kind]++;
  const shown = q.kind ? messages.filter((m) => m.kind === q.kind) : messages;
  const start = (q.page - 1) * q.pageSize;
  return {
    messages: shown.slice(start, start + q.pageSize).map(({ body: _body, ...summary }) => summary),
    page: q.page,
    pageSize: q.pageSize,
    total: shown.length,
    unread: unreadByKind['bill-reminder'] + unreadByKind.notice + unreadByKind.personal,
    unreadByKind,
  };
}
