/**
 * Driver for a smart-card reader speaking CCID over a serial line. It moves frames through a
 * ByteTransport, matches replies to requests by bSeq, times out and retries (only commands
 * that are safe to repeat), and reports card insertion and removal from the reader's
 * NotifySlotChange messages or, when the reader sends none, from polling GetSlotStatus.
 */
import type { ApduChannel } from '../apdu/exchanger.ts';
import { CommandQueue } from '../command-queue.ts';
import type { ByteTransport, Scheduler } from '../transport.ts';
import { CcidFrameParser, encodeCcidFrame, type CcidFrameError, type CcidMessage } from './frame.ts';
import {
  CCID_REPLY,
  decodeSlotChanges,
  decodeSlotStatus,
  getSlotStatus,
  iccPowerOff,
  iccPowerOn,
  xfrBlock,
  type SlotStatus,
} from './messages.ts';

export type CcidReaderErrorCode =
  /** No reply within the timeout, after the allowed retries: the reader is silent. */
  | 'timeout'
  /** The port is closed or vanished. */
  | 'reader-absent'
  | 'no-card'
  /** A card is in the slot but does not answer. */
  | 'card-mute'
  /** The reader announced removal while a command for that slot was waiting. */
  | 'card-removed'
  /** The reader answered with a failure other than the above. */
  | 'command-failed'
  /** The reply to a command that must not be repeated arrived corrupted. */
  | 'corrupt-reply';

export class CcidReaderError extends Error {
  override readonly name = 'CcidReaderError';
  constructor(
    readonly code: CcidReaderErrorCode,
    message: string,
    readonly status?: SlotStatus,
  ) {
    super(message);
  }
}

export type CcidReaderEvent =
  /** Only for the watched slots (the PSAM slot stays quiet). */
  | { readonly type: 'card-inserted' | 'card-removed'; readonly slot: number }
  | { readonly type: 'frame-error'; readonly error: CcidFrameError };

export interface CcidReaderOptions {
  /** Per attempt. A 270-byte reply takes 280 ms at 9600 baud; cards may also think. */
  readonly timeoutMs?: number;
  /** Extra attempts for commands that are safe to repeat. */
  readonly retries?: number;
  readonly pollIntervalMs?: number;
  /** Slots to watch for card events (the PSAM slot is not interesting). */
  readonly watchSlots?: readonly number[];
  /** Largest payload accepted from the reader. */
  readonly maxPayload?: number;
}

const DEFAULTS = { timeoutMs: 3000, retries: 2, pollIntervalMs: 500, watchSlots: [0], maxPayload: 4096 } as const;
const MAX_TIME_EXTENSIONS = 20;

interface Pending {
  readonly seq: number;
  readonly slot: number;
  readonly resolve: (reply: CcidMessage) => void;
  readonly reject: (error: CcidReaderError) => void;
  /** A reply arrived but was corrupted: the caller decides between resend and failure. */
  readonly corrupted: () => void;
  /** The reader asked for more time (bStatus time extension): restart the timer. */
  readonly extend: () => void;
}

export class CcidReader {
  private readonly parser: CcidFrameParser;
  private readonly options: Required<CcidReaderOptions>;
  private readonly listeners = new Set<(event: CcidReaderEvent) => void>();
  private readonly presence = new Map<number, boolean>();
  private readonly unsubscribe: (() => void)[];
  private seq = 0;
  private pending: Pending | undefined;
  private readonly commands: CommandQueue;
  private disposed = false;
  /** Attempts for commands that are safe to repeat. */
  private readonly retrying: number;

  constructor(
    private readonly transport: ByteTransport,
    private readonly scheduler: Scheduler,
    options: CcidReaderOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.commands = new CommandQueue(scheduler);
    this.retrying = 1 + this.options.retries;
    this.parser = new CcidFrameParser(this.options.maxPayload);
    this.unsubscribe = [
      transport.onData((bytes) => this.handle(this.parser.push(bytes))),
      transport.onState((state) => {
        if (state !== 'closed') return;
        // Half a frame from before a reconnect must not swallow the first reply after it.
        this.parser.clear();
        this.pending?.reject(new CcidReaderError('reader-absent', 'the reader port closed'));
      }),
    ];
  }

  onEvent(listener: (event: CcidReaderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Last known presence of a card in `slot` (from events, status replies or polling). */
  cardPresent(slot: number): boolean | undefined {
    return this.presence.get(slot);
  }

  /** Powers the card up; resolves with its ATR. */
  async powerOn(slot: number): Promise<Uint8Array> {
    const reply = await this.request(slot, (seq) => iccPowerOn(slot, seq), this.retrying);
    return expectDataBlock(reply);
  }

  async powerOff(slot: number): Promise<void> {
    await this.request(slot, (seq) => iccPowerOff(slot, seq), this.retrying, true);
  }

  async slotStatus(slot: number, attempts = this.retrying): Promise<SlotStatus> {
    const reply = await this.request(slot, (seq) => getSlotStatus(slot, seq), attempts, true);
    return decodeSlotStatus(reply.params[0], reply.params[1]);
  }

  /** One APDU exchange with the powered card in `slot`. */
  async transmit(slot: number, apdu: Uint8Array, options: { idempotent: boolean }): Promise<Uint8Array> {
    const reply = await this.request(slot, (seq) => xfrBlock(slot, seq, apdu), options.idempotent ? this.retrying : 1);
    return expectDataBlock(reply);
  }

  channel(slot: number): ApduChannel {
    return { transmit: (apdu, options) => this.transmit(slot, apdu, options) };
  }

  /** Starts polling GetSlotStatus for the watched slots while the reader is otherwise idle. */
  watch(): void {
    this.commands.pollWhileIdle(this.options.pollIntervalMs, async () => {
      for (const slot of this.options.watchSlots) {
        try {
          // One attempt: a poll must not hold the line for a read through a silent reader's retries.
          await this.slotStatus(slot, 1);
        } catch {
          // A silent or vanished reader is the health monitor's business; polling goes on.
        }
      }
    });
  }

  dispose(): void {
    this.disposed = true;
    this.commands.stop();
    for (const off of this.unsubscribe) off();
    this.pending?.reject(new CcidReaderError('reader-absent', 'the reader driver was disposed'));
  }

  /** Requests run one at a time: a serial CCID reader handles a single command per slot bus. */
  private request(slot: number, build: (seq: number) => CcidMessage, attempts: number, statusOnly = false): Promise<CcidMessage> {
    return this.commands.run(async () => this.checkStatus(slot, await this.attempt(slot, build, attempts), statusOnly));
  }

  private async attempt(slot: number, build: (seq: number) => CcidMessage, attempts: number): Promise<CcidMessage> {
    for (let attempt = 1; ; attempt++) {
      if (this.disposed) throw new CcidReaderError('reader-absent', 'the reader driver was disposed');
      const seq = this.seq;
      this.seq = (this.seq + 1) & 0xff;
      const outcome = await this.exchange(slot, seq, encodeCcidFrame(build(seq)));
      if (outcome.kind === 'reply') return outcome.reply;
      if (attempt >= attempts) {
        if (outcome.kind === 'corrupted') throw new CcidReaderError('corrupt-reply', 'the reply arrived corrupted and the command must not be repeated');
        throw new CcidReaderError('timeout', `no reply from the reader after ${attempts} attempt(s)`);
      }
    }
  }

  private exchange(slot: number, seq: number, frame: Uint8Array): Promise<{ kind: 'reply'; reply: CcidMessage } | { kind: 'timeout' | 'corrupted' }> {
    return new Promise((resolve, reject) => {
      let timer: unknown;
      let extensions = 0;
      const arm = () => {
        if (timer !== undefined) this.scheduler.clearTimeout(timer);
        // A reader that asks for more time forever is as good as silent.
        if (extensions++ > MAX_TIME_EXTENSIONS) {
          finish();
          resolve({ kind: 'timeout' });
          return;
        }
        timer = this.scheduler.setTimeout(() => {
          finish();
          this.handle(this.parser.expire());
          resolve({ kind: 'timeout' });
        }, this.options.timeoutMs);
      };
      const finish = () => {
        this.scheduler.clearTimeout(timer);
        if (this.pending?.seq === seq) this.pending = undefined;
      };
      this.pending = {
        seq,
        slot,
        resolve: (reply) => (finish(), resolve({ kind: 'reply', reply })),
        reject: (error) => (finish(), reject(error)),
        corrupted: () => (finish(), resolve({ kind: 'corrupted' })),
        extend: arm,
      };
      arm();
      if (this.transport.state !== 'open') {
        this.pending.reject(new CcidReaderError('reader-absent', 'the reader port is not open'));
        return;
      }
      this.transport.write(frame).catch((e: unknown) => this.pending?.seq === seq && this.pending.reject(new CcidReaderError('reader-absent', `write failed: ${String(e)}`)));
    });
  }

  private handle(events: ReturnType<CcidFrameParser['push']>): void {
    for (const event of events) {
      if (event.type === 'error') {
        this.emit({ type: 'frame-error', error: event.error });
        if (event.error.code === 'bad-lrc' || event.error.code === 'bad-etx') this.pending?.corrupted();
        continue;
      }
      const m = event.message;
      if (m.type === CCID_REPLY.notifySlotChange) {
        for (const change of decodeSlotChanges(m.payload)) {
          if (!change.changed && this.presence.get(change.slot) === change.present) continue;
          if (!change.present && this.pending?.slot === change.slot) {
            this.pending.reject(new CcidReaderError('card-removed', `card removed from slot ${change.slot}`));
          }
          this.setPresence(change.slot, change.present);
        }
      } else if ((m.type === CCID_REPLY.dataBlock || m.type === CCID_REPLY.slotStatus) && this.pending?.seq === m.seq && this.pending.slot === m.slot) {
        if (decodeSlotStatus(m.params[0], m.params[1]).command === 'time-extension') this.pending.extend();
        else this.pending.resolve(m);
      }
      // Anything else (a late reply to a timed-out attempt) is stale and dropped.
    }
  }

  private checkStatus(slot: number, reply: CcidMessage, statusOnly: boolean): CcidMessage {
    const status = decodeSlotStatus(reply.params[0], reply.params[1]);
    this.setPresence(slot, status.icc !== 'absent');
    if (status.command === 'ok' || (statusOnly && status.icc === 'absent')) return reply;
    if (status.icc === 'absent') throw new CcidReaderError('no-card', `no card in slot ${slot}`, status);
    if (status.error === 'icc-mute') throw new CcidReaderError('card-mute', `the card in slot ${slot} does not answer`, status);
    throw new CcidReaderError('command-failed', `the reader reports ${status.error ?? 'a failure'} on slot ${slot}`, status);
  }

  private setPresence(slot: number, present: boolean): void {
    const before = this.presence.get(slot);
    this.presence.set(slot, present);
    if (before === present) return;
    if ((before === undefined && !present) || !this.options.watchSlots.includes(slot)) return;
    this.emit({ type: present ? 'card-inserted' : 'card-removed', slot });
  }

  private emit(event: CcidReaderEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function expectDataBlock(reply: CcidMessage): Uint8Array {
  if (reply.type !== CCID_REPLY.dataBlock) throw new CcidReaderError('command-failed', `expected a DataBlock, got message type ${reply.type.toString(16)}`);
  return reply.payload;
}
