/** `mailbox.*`: the citizen mailbox (see mailbox/citizen-mailbox.ts), online or on the offline copy. */
import type { ServiceHandlers } from '../../common/bridge-channels.ts';
import type { CitizenMailbox } from '../mailbox/citizen-mailbox.ts';

export function mailboxHandlers(mailbox: CitizenMailbox): ServiceHandlers<'mailbox'> {
  return {
    'mailbox.open': ({ pin }) => mailbox.openWithCard(pin),
    'mailbox.openWithDocument': () => mailbox.openWithDocument(),
    'mailbox.list': (query) => mailbox.list(query),
    'mailbox.read': ({ messageId }) => mailbox.read(messageId),
    'mailbox.markRead': ({ messageIds }) => mailbox.markRead(messageIds),
  };
}
