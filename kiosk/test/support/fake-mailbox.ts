/**
 * Runs in the page after the fake bridge (like the bill tests' fake gateway): a holder who opens
 * with the card (PIN 246813; 000000 finds it blocked) or a document, and a mailbox of 45
 * messages newest first, paged and filtered by the protocol's `mailboxPage` (passed in: the page gets this function as source text
 * alone), as the privileged side pages them. A test steers it through `window.__mailbox`: the
 * server unreachable (with or without an offline copy), online-only sessions, failures, the printer.
 */
import type { MailMessage } from '@civic-kiosk/protocol/gateway';
import type { mailboxPage, MailPageQuery } from '@civic-kiosk/protocol/mailbox-pages';

export interface MailboxControl {
  /** When set, the server is unreachable and the card opens the offline copy made at this time. */
  offlineCopyAsOf: string | null;
  /** The server is unreachable and the card has no copy here (`none`) or cannot unlock one. */
  unreachable: 'none' | 'not-possible' | null;
  /** The session cannot unlock an offline copy (a 2.00 card, an ID document). */
  onlineOnly: boolean;
  /** Failure code for every `mailbox.list` until cleared (`offline` ...). */
  failList: string | null;
  printer: 'ok' | 'paper-out';
  /** The holder has no messages at all. */
  empty: boolean;
}

export function installFakeMailbox(page: typeof mailboxPage): void {
  const w = window as unknown as { kiosk: Record<string, Record<string, unknown>>; __mailbox: MailboxControl; __kioskFake: { calls: { name: string; arg: unknown }[] } };
  const control: MailboxControl = { offlineCopyAsOf: null, unreachable: null, onlineOnly: false, failList: null, printer: 'ok', empty: false };
  w.__mailbox = control;
  const record = (name: string, arg: unknown) => w.__kioskFake.calls.push({ name, arg: arg === undefined ? null : JSON.parse(JSON.stringify(arg)) });
  const kinds = ['bill-reminder', 'notice', 'personal'] as const;
  // Only which messages are read is kept; each answer builds its messages afresh.
  const read = new Set(Array.from({ length: 41 }, (_, i) => `m-${i + 5}`));
  const messages = (): MailMessage[] =>
    Array.from({ length: control.empty ? 0 : 45 }, (_, i) => {
      const n = i + 1;
      const kind = kinds[i % 3]!;
      return {
        messageId: `m-${n}`,
        kind,
        title: kind === 'bill-reminder' ? `水费缴费提醒 第${n}号` : kind === 'notice' ? `社区通知 第${n}号` : `个人事项 第${n}号`,
        sender: kind === 'bill-reminder' ? '城投水务' : '静安寺街道',
        receivedAt: new Date(Date.UTC(2026, 10, 30, 8, 0) - i * 86_400_000).toISOString(),
        read: read.has(`m-${n}`),
        body: `正文 第${n}号：请于月底前办理。\n如有疑问请拨打 12345。`,
        ...(kind === 'bill-reminder' ? { link: { service: 'bills', biller: 'water', account: String(3_101_041_234) } } : {}),
      };
    });
  let session = false;
  const holder = { holder: { nameMasked: '张*明', idMasked: '3101**********2042' }, services: ['mailbox'] };
  w.kiosk.devices!.health = async () => ({
    'card-reader': { state: 'ready' },
    'id-reader': { state: 'ready' },
    'receipt-printer': { state: 'ready' },
    'barcode-scanner': { state: 'ready' },
  });
  const opened = (assurance: string) => {
    if (control.unreachable) return { outcome: 'offline', offlineCopy: control.unreachable };
    session = true;
    if (control.offlineCopyAsOf) return { outcome: 'opened', source: 'offline-copy', asOf: control.offlineCopyAsOf, services: ['mailbox'] };
    return { outcome: 'opened', source: 'server', offlineCopy: control.onlineOnly ? 'not-possible' : 'kept', assurance, ...holder };
  };
  w.kiosk.mailbox = {};
  w.kiosk.mailbox.open = async (r: { pin: string }) => {
    record('mailbox.open', { pin: '***' });
    // 000000: the card's last try was used up before.
    if (r.pin === '000000') return { outcome: 'blocked' };
    return r.pin === '246813' ? opened('card-cryptogram') : { outcome: 'wrong-pin', triesLeft: 2 };
  };
  w.kiosk.mailbox.openWithDocument = async () => {
    record('mailbox.openWithDocument', undefined);
    return opened('id-document');
  };
  const noSession = { ok: false, failure: { status: 0, code: 'no-holder-session' } };
  Object.assign(w.kiosk.mailbox, {
    list: async (r: MailPageQuery) => {
      record('mailbox.list', r);
      if (control.failList) return { ok: false, failure: { status: 0, code: control.failList } };
      if (!session) return noSession;
      return {
        ok: true,
        value: {
          ...page(messages(), r),
          ...(control.offlineCopyAsOf ? { offlineCopy: { asOf: control.offlineCopyAsOf } } : {}),
          ...(control.onlineOnly ? { onlineOnly: true } : {}),
        },
      };
    },
    read: async (r: { messageId: string }) => {
      record('mailbox.read', r);
      const m = messages().find((x) => x.messageId === r.messageId);
      if (!session) return noSession;
      return m ? { ok: true, value: { ...m } } : { ok: false, failure: { status: 404, code: 'mail-not-found' } };
    },
    markRead: async (r: { messageIds: string[] }) => {
      record('mailbox.markRead', r);
      for (const id of r.messageIds) read.add(id);
      return { ok: true, value: { ok: true, queued: control.offlineCopyAsOf !== null } };
    },
  });
  w.kiosk.printer!.print = async (job: unknown) => {
    record('printer.print', job);
    return control.printer === 'ok' ? { ok: true } : { ok: false, error: control.printer };
  };
  (w.kiosk as unknown as { endSession: () => Promise<void> }).endSession = async () => {
    record('endSession', undefined);
    session = false;
  };
}
