/**
 * Driver for an ID-card / residence-permit reader (security-module protocol). One command at a
 * time: find card, select card, read text+photo. Timeouts and corrupted replies are retried (all
 * three commands only read); card presence is reported by polling "find card" while idle.
 */
import type { CardReadResult, IdCardData } from '../device-results.ts';
import { CommandQueue } from '../command-queue.ts';
import type { ByteTransport, Scheduler } from '../transport.ts';
import { decodeIdReply, encodeIdCommand, ID_COMMANDS, IdFrameParser, type IdCommand, type IdFrameError, type IdFrameEvent, type IdReply, type IdStatus } from './frame.ts';
import { decodeIdText, DEFAULT_KIND_MARKERS, IdTextError, TEXT_BLOCK_LENGTH, type IdCardKind } from './text-block.ts';

export interface IdCardReaderOptions {
  /** Per attempt: a 1.3 KB read answer takes 1.4 s at 9600 baud. */
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly pollIntervalMs?: number;
  readonly kindMarkers?: Readonly<Record<string, IdCardKind>>;
}

export type IdReaderEvent = { readonly type: 'card-inserted' | 'card-removed' } | { readonly type: 'frame-error'; readonly error: IdFrameError };

const DEFAULTS = { timeoutMs: 3000, retries: 2, pollIntervalMs: 500, kindMarkers: DEFAULT_KIND_MARKERS };

type Step = 'find' | 'select' | 'read';
type Outcome = Step | 'decode' | 'no-card' | 'card-removed' | 'unreadable';

/**
 * The read session in one table: each step's command and where each reply status leads. A
 * status not listed makes the card unreadable. Losing the card after "find" is a removal.
 */
const READ_SESSION: Record<Step, { command: IdCommand; on: Partial<Record<IdStatus, Outcome>> }> = {
  find: { command: ID_COMMANDS.findCard, on: { 'card-found': 'select', ok: 'select', 'no-card': 'no-card' } },
  select: { command: ID_COMMANDS.selectCard, on: { ok: 'read', 'no-card': 'card-removed' } },
  read: { command: ID_COMMANDS.readText, on: { ok: 'decode', 'no-card': 'card-removed', 'select-failed': 'card-removed' } },
};

/** Why a command got no usable answer. */
type Failure = 'silent' | 'closed';

export class IdCardReader {
  private readonly parser = new IdFrameParser();
  private readonly options: Required<IdCardReaderOptions>;
  private readonly listeners = new Set<(event: IdReaderEvent) => void>();
  private readonly unsubscribe: (() => void)[];
  private waiting: { resolve: (body: Uint8Array | Failure) => void; corrupted: () => void } | undefined;
  private readonly commands: CommandQueue;
  private lastRead: Promise<unknown> = Promise.resolve();
  private present: boolean | undefined;
  private disposed = false;

  constructor(
    private readonly transport: ByteTransport,
    private readonly scheduler: Scheduler,
    options: IdCardReaderOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.commands = new CommandQueue(scheduler);
    this.unsubscribe = [
      transport.onData((bytes) => this.handle(this.parser.push(bytes))),
      transport.onState((state) => {
        if (state !== 'closed') return;
        this.parser.clear();
        this.waiting?.resolve('closed');
      }),
    ];
  }

  onCardEvent(listener: (event: IdReaderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Find, select, read. Reads run one after another, never interleaved. */
  read(): Promise<CardReadResult<IdCardData>> {
    const run = this.lastRead.then(() => this.session());
    this.lastRead = run.catch(() => undefined);
    return run;
  }

  private async session(): Promise<CardReadResult<IdCardData>> {
    let step: Step = 'find';
    for (;;) {
      const row: (typeof READ_SESSION)[Step] = READ_SESSION[step];
      const reply = await this.command(row.command);
      if (typeof reply === 'string') return { ok: false, error: 'reader-absent' };
      const next: Outcome = row.on[reply.status] ?? 'unreadable';
      if (step === 'find' && next === 'select') this.setPresent(true);
      if (next === 'no-card' || next === 'card-removed') {
        this.setPresent(false);
        return { ok: false, error: next };
      }
      if (next === 'unreadable') return { ok: false, error: 'unreadable' };
      if (next === 'decode') return this.decode(reply.data);
      step = next;
    }
  }

  private decode(data: Uint8Array): CardReadResult<IdCardData> {
    const text = textBlock(data);
    if (!text) return { ok: false, error: 'unreadable' };
    try {
      return { ok: true, card: decodeIdText(text, this.options.kindMarkers) };
    } catch (e) {
      if (e instanceof IdTextError) return { ok: false, error: 'unreadable' };
      throw e;
    }
  }

  /** Polls "find card" while idle and reports insertions and removals. */
  watch(): void {
    this.commands.pollWhileIdle(this.options.pollIntervalMs, async () => {
      const r = await this.command(ID_COMMANDS.findCard);
      if (typeof r !== 'string') this.setPresent(r.status !== 'no-card');
    });
  }

  dispose(): void {
    this.disposed = true;
    this.commands.stop();
    for (const off of this.unsubscribe) off();
    this.waiting?.resolve('closed');
  }

  private command(command: IdCommand): Promise<IdReply | Failure> {
    return this.commands.run(() => this.attempt(command));
  }

  private async attempt(command: IdCommand): Promise<IdReply | Failure> {
    const frame = encodeIdCommand(command);
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      if (this.disposed || this.transport.state !== 'open') return 'closed';
      const body = await this.exchange(frame);
      if (body === 'closed') return body;
      if (body === 'silent') continue;
      try {
        return decodeIdReply(body);
      } catch {
        // A body too short for a status is as good as a corrupted frame: ask again.
      }
    }
    return 'silent';
  }

  private exchange(frame: Uint8Array): Promise<Uint8Array | Failure> {
    return new Promise((resolve) => {
      const timer = this.scheduler.setTimeout(() => {
        done('silent');
        this.handle(this.parser.expire());
      }, this.options.timeoutMs);
      const done = (outcome: Uint8Array | Failure) => {
        this.scheduler.clearTimeout(timer);
        if (this.waiting === waiting) this.waiting = undefined;
        resolve(outcome);
      };
      const waiting = { resolve: done, corrupted: () => done('silent') };
      this.waiting = waiting;
      this.transport.write(frame).catch(() => done('closed'));
    });
  }

  private handle(events: IdFrameEvent[]): void {
    for (const event of events) {
      if (event.type === 'error') {
        this.emit({ type: 'frame-error', error: event.error });
        if (event.error.code === 'bad-checksum') this.waiting?.corrupted();
      } else {
        this.waiting?.resolve(event.body);
      }
    }
  }

  private setPresent(present: boolean): void {
    const before = this.present;
    this.present = present;
    if (before === present || (before === undefined && !present)) return;
    this.emit({ type: present ? 'card-inserted' : 'card-removed' });
  }

  private emit(event: IdReaderEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** Read answer: text length (2, BE), photo length (2, BE), text, photo. The photo is never used. */
function textBlock(data: Uint8Array): Uint8Array | undefined {
  if (data.length < 4) return undefined;
  const textLength = (data[0]! << 8) | data[1]!;
  if (textLength !== TEXT_BLOCK_LENGTH || data.length < 4 + textLength) return undefined;
  return data.slice(4, 4 + textLength);
}
