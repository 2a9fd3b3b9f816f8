/**
 * The citizen mailbox on the privileged side: opened online on a holder session (card + PIN,
 * or an ID document), or, with the server unreachable, from this terminal's encrypted offline
 * copy that only the same card + PIN opens. For a 3.00 card an online open also refreshes the
 * copy. Keys and decrypted messages live in this object only while the person is here: `end`
 * (idle wipe, card removed, another holder) zeroes the key and drops the messages.
 */
import path from 'node:path';
import { GATEWAY_PATHS, MailboxListResponse, MailMarkReadResponse, MailMessage, MailRecentResponse } from '@civic-kiosk/protocol/gateway';
import { mailboxPage } from '@civic-kiosk/protocol/mailbox-pages';
import type { GatewayAnswer, MailboxOpenOutcome, MailboxView, MailListQuery, MailMarked } from '../../common/bridge.ts';
import type { KioskDevices } from '../devices.ts';
import { gatewayFailure, type GatewayClient } from '../gateway/gateway-client.ts';
import type { CardReader, HolderSessionKeeper } from '../holder/holder-session.ts';
import { proveWithCard, proveWithIdDocument, readFailure } from '../holder/proofs.ts';
import { CopyKeySource, wipeKeys, type CopyKeys } from './copy-keys.ts';
import { MailboxCopyError, OfflineCopies, type CopyLimits, type MailboxCopy } from './offline-copies.ts';
import { MailReadOutbox } from './read-outbox.ts';

const DAY_MS = 86_400_000;

type OpenMailbox =
  /** On a holder session; `keys` when this terminal keeps a copy for the holder. */
  | { source: 'server'; keys: CopyKeys | undefined; reader: CardReader }
  | { source: 'offline-copy'; keys: CopyKeys; copy: MailboxCopy; reader: CardReader };

export interface CitizenMailboxDeps {
  holder: HolderSessionKeeper;
  devices: KioskDevices;
  keySource: CopyKeySource;
  copies: OfflineCopies;
  outbox: MailReadOutbox;
  limits: () => CopyLimits;
  terminalId: () => string | null;
  newKey: () => string;
  log: (message: string) => void;
}

export class CitizenMailbox {
  #open: OpenMailbox | undefined;
  #purgeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly d: CitizenMailboxDeps) {}

  /** Card + PIN: online with a fresh copy for a 3.00 card, or the copy when the server is unreachable. */
  async openWithCard(pin: string): Promise<MailboxOpenOutcome> {
    this.end();
    const { holder, devices } = this.d;
    let cardNumber: string | undefined;
    const opened = await holder.open('social-security-card', 'social-security', async (challenge) => {
      const proof = await proveWithCard(devices, pin, challenge);
      if (proof.ok && 'card' in proof.request) cardNumber = proof.request.card.cardNumber;
      return proof;
    });
    if (!opened.ok) return opened.failure.outcome === 'offline' ? this.#openCopy(pin) : opened.failure;
    const { holder: masked, assurance, services } = opened.session;
    const state: OpenMailbox = { source: 'server', keys: undefined, reader: 'social-security' };
    this.#open = state;
    const info = { outcome: 'opened' as const, source: 'server' as const, holder: masked, assurance, services };
    if (assurance !== 'card-cryptogram') return { ...info, offlineCopy: 'not-possible' };
    const keys = await this.#cardKeys(pin, cardNumber);
    if (!keys.ok || this.#open !== state) {
      if (keys.ok) wipeKeys(keys.keys);
      return { ...info, offlineCopy: 'failed' };
    }
    state.keys = keys.keys;
    return { ...info, offlineCopy: (await this.#refreshCopy(state.keys)) ? 'kept' : 'failed' };
  }

  /** ID card / residence permit: online only (a document computes nothing a key could come from). */
  async openWithDocument(): Promise<MailboxOpenOutcome> {
    this.end();
    const opened = await this.d.holder.open('id-document', 'id', (challenge) => proveWithIdDocument(this.d.devices, challenge));
    if (!opened.ok) return opened.failure.outcome === 'offline' ? { outcome: 'offline', offlineCopy: 'not-possible' } : opened.failure;
    this.#open = { source: 'server', keys: undefined, reader: 'id' };
    const { holder: masked, assurance, services } = opened.session;
    return { outcome: 'opened', source: 'server', offlineCopy: 'not-possible', holder: masked, assurance, services };
  }

  async list(query: MailListQuery = {}): Promise<GatewayAnswer<MailboxView>> {
    const q = { page: query.page ?? 1, pageSize: query.pageSize ?? 20, kind: query.kind };
    const open = this.#current();
    if (open?.source === 'offline-copy') return { ok: true, value: { ...mailboxPage(open.copy.messages, q), offlineCopy: { asOf: open.copy.asOf } } };
    const answer = await this.d.holder.call('mailbox', GATEWAY_PATHS.mailboxList, { page: q.page, pageSize: q.pageSize, ...(q.kind ? { kind: q.kind } : {}) }, MailboxListResponse);
    if (!answer.ok) return answer;
    return { ok: true, value: open?.keys ? answer.value : { ...answer.value, onlineOnly: true } };
  }

  async read(messageId: string): Promise<GatewayAnswer<MailMessage>> {
    const open = this.#current();
    if (open?.source !== 'offline-copy') return this.d.holder.call('mailbox', GATEWAY_PATHS.mailboxRead, { messageId }, MailMessage);
    const m = open.copy.messages.find((x) => x.messageId === messageId);
    return m ? { ok: true, value: { ...m } } : gatewayFailure(404, 'message-not-found');
  }

  async markRead(messageIds: string[]): Promise<GatewayAnswer<MailMarked>> {
    const open = this.#current();
    const idempotencyKey = this.d.newKey();
    if (open?.source !== 'offline-copy') {
      const answer = await this.d.holder.call('mailbox', GATEWAY_PATHS.mailboxMarkRead, { messageIds, idempotencyKey }, MailMarkReadResponse);
      return answer.ok ? { ok: true, value: { ok: true, queued: false } } : answer;
    }
    // On the copy: shown read at once (and at the next offline open), and sent when the server is back.
    for (const m of open.copy.messages) if (messageIds.includes(m.messageId)) m.read = true;
    await this.d.outbox.add({ idempotencyKey, readVoucher: open.copy.readVoucher, messageIds });
    await this.d.copies.write(open.keys, open.copy).catch((e: unknown) => this.d.log(`mailbox: the offline copy was not updated (${String(e)})`));
    void this.d.outbox.flush();
    return { ok: true, value: { ok: true, queued: true } };
  }

  /** A card or document left its reader: a mailbox opened from it closes. */
  cardRemoved(reader: CardReader): void {
    if (this.#open?.reader === reader) this.end();
  }

  /** Forgets the person: the key zeroed, the decrypted messages dropped. */
  end(): void {
    wipeKeys(this.#open?.keys);
    this.#open = undefined;
  }

  /** The mailbox that is open, if the holder session under it still is (a copy has none). */
  #current(): OpenMailbox | undefined {
    const open = this.#open;
    // Another session opened since (socialSecurity.open, permit.read): this mailbox is not theirs.
    if (open?.source === 'offline-copy' && this.d.holder.allows('mailbox')) this.end();
    else if (open?.source === 'server' && !this.d.holder.allows('mailbox')) this.end();
    return this.#open;
  }

  /** The card's answer to this terminal's copy challenge (a second card session: VERIFY again, then INTERNAL AUTHENTICATE). */
  async #cardKeys(pin: string, cardNumber: string | undefined): Promise<{ ok: true; keys: CopyKeys } | { ok: false; failure: MailboxOpenOutcome }> {
    const read = await this.d.devices.readSocialSecurityCard({ pin, challenge: this.d.keySource.challengeHex(this.d.terminalId() ?? '') });
    if (!read.ok) return { ok: false, failure: readFailure(read.error, read.triesLeft) };
    if (!read.card.cryptogram) return { ok: false, failure: { outcome: 'offline', offlineCopy: 'not-possible' } };
    // Another card slipped in between the two card sessions: its answer must not key this holder's copy.
    if (cardNumber !== undefined && read.card.cardNumber !== cardNumber) return { ok: false, failure: { outcome: 'removed' } };
    return { ok: true, keys: await this.d.keySource.derive(read.card.cryptogram, pin) };
  }

  async #refreshCopy(keys: CopyKeys): Promise<boolean> {
    const { maxMessages, maxAgeDays } = this.d.limits();
    const recent = await this.d.holder.call('mailbox', GATEWAY_PATHS.mailboxRecent, { limit: maxMessages, days: maxAgeDays }, MailRecentResponse);
    if (!recent.ok) return false;
    try {
      await this.d.copies.write(keys, recent.value);
      return true;
    } catch (e) {
      this.d.log(`mailbox: the offline copy was not written (${String(e)})`);
      return false;
    }
  }

  /** The server is unreachable: the same card + PIN opens this terminal's copy, if there is one. */
  async #openCopy(pin: string): Promise<MailboxOpenOutcome> {
    const keys = await this.#cardKeys(pin, undefined);
    if (!keys.ok) return keys.failure;
    let copy: MailboxCopy | undefined;
    try {
      copy = await this.d.copies.read(keys.keys);
    } catch (e) {
      if (!(e instanceof MailboxCopyError)) throw e;
      // Tampered or damaged: no copy, and the file goes (the next online open writes a new one).
      this.d.log('mailbox: an offline copy did not open and was deleted');
      await this.d.copies.remove(keys.keys);
    }
    if (!copy) {
      wipeKeys(keys.keys);
      return { outcome: 'offline', offlineCopy: 'none' };
    }
    this.#open = { source: 'offline-copy', keys: keys.keys, copy, reader: 'social-security' };
    return { outcome: 'opened', source: 'offline-copy', asOf: copy.asOf, services: ['mailbox'] };
  }

  /** Loads the terminal's salt and the queued read marks; expired copies go now and daily. */
  async start(): Promise<void> {
    await Promise.all([this.d.keySource.open(), this.d.outbox.open()]);
    const purge = () => this.d.copies.purgeExpired().catch((e: unknown) => this.d.log(`mailbox: purging copies failed (${String(e)})`));
    await purge();
    clearInterval(this.#purgeTimer);
    this.#purgeTimer = setInterval(() => void purge(), DAY_MS);
    this.#purgeTimer.unref();
  }

  /** Stops the daily purge, forgets the person, and lets a send of read marks under way finish. */
  async stop(): Promise<void> {
    clearInterval(this.#purgeTimer);
    this.end();
    await this.d.outbox.settled();
  }

  /** Sends read marks made offline (the server is back, or the terminal started). */
  flushReads(): Promise<number> {
    return this.d.outbox.flush();
  }
}

/** The mailbox with its stores under `<dataDir>/mailbox/`: the salt, `copies/`, the read outbox. */
export function createCitizenMailbox(o: Omit<CitizenMailboxDeps, 'keySource' | 'copies' | 'outbox'> & { gateway: GatewayClient; dataDir: string; now: () => number }): CitizenMailbox {
  const dir = path.join(o.dataDir, 'mailbox');
  return new CitizenMailbox({
    ...o,
    keySource: new CopyKeySource(dir),
    copies: new OfflineCopies(path.join(dir, 'copies'), o.limits, o.now),
    outbox: new MailReadOutbox(dir, o.gateway),
  });
}
