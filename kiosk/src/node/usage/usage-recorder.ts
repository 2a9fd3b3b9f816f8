/**
 * The terminal's usage recorder: the pure hour (common/usage/usage-hour.ts) kept on disk. Each
 * fact the page reports is counted and the open hour written (atomic replace) before the call
 * answers, so a crash loses at most the fact in flight. A closed hour is kept on disk as
 * pending until `send` (the durable event outbox) has it, and forgotten only after that, so an
 * hour is never lost: an outbox that cannot take it now gets it on the next tick, and a crash
 * in between sends the same hour again as the same revision, which the server ignores. Nothing
 * is counted twice and a sent hour is never counted again.
 */
import { z } from 'zod';
import { UsageHour } from '@civic-kiosk/protocol/usage';
import { BridgeError } from '../../common/bridge-channels.ts';
import { KIOSK_SERVICES } from '@civic-kiosk/protocol/kiosk-services';
import { USAGE_LANGS } from '../../common/usage/facts.ts';
import type { UsageFact } from '../../common/usage/facts.ts';
import { advance, openHour, recordFact } from '../../common/usage/usage-hour.ts';
import type { UsageState, UsageStep } from '../../common/usage/usage-hour.ts';
import { readJsonFile, writeFileAtomic } from '../files.ts';

/** How often time is moved on without facts (an hour closes at most this late). */
export const USAGE_TICK_MS = 60_000;

/** Closed hours kept while the outbox cannot take them: a week's worth, then the oldest go. */
const MAX_PENDING = 168;

/** On disk: the open hour in the record's own shape, the session in progress, closed hours not yet handed over. */
const StoredUsage = z.strictObject({
  hour: UsageHour,
  session: z
    .strictObject({
      home: z.boolean(),
      service: z.boolean(),
      done: z.boolean(),
      langs: z.array(z.enum(USAGE_LANGS)).max(USAGE_LANGS.length),
      elderly: z.boolean(),
      open: z.array(z.enum(KIOSK_SERVICES)).max(KIOSK_SERVICES.length),
      lastAt: z.number().int(),
    })
    .nullable(),
  pending: z.array(UsageHour).max(MAX_PENDING),
});

export interface UsageRecorderOptions {
  file: string;
  /** Queues a closed hour durably for the server; resolves once it is on disk. */
  send: (hour: UsageHour) => Promise<void>;
  /** Whether an attract item of this id is in the content the page may be showing (attract-items.ts). */
  knownItem: (id: string) => Promise<boolean>;
  now: () => number;
  log: (message: string) => void;
}

export class UsageRecorder {
  #state: UsageState;
  #pending: UsageHour[] = [];
  /** Facts in the order they came, each after the one before (an item check may wait for the disk). */
  #facts: Promise<unknown> = Promise.resolve();
  #write: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: UsageRecorderOptions) {
    this.#state = openHour(options.now());
  }

  /** Reads the open hour back (a missing or damaged file starts a new one) and closes it if it is over. */
  async open(): Promise<void> {
    const stored = StoredUsage.safeParse(await readJsonFile(this.options.file).catch(() => undefined));
    if (stored.success) {
      const { hour, session, pending } = stored.data;
      const { hourStart, revision: _sent, ...counts } = hour;
      this.#state = { hourStart, counts, session };
      this.#pending = pending;
    } else this.options.log('usage: no open hour on disk, starting a new one');
    await this.tick();
  }

  /** Moves time on every USAGE_TICK_MS, so an hour closes without waiting for a fact. */
  start(): void {
    this.#timer ??= setInterval(() => void this.tick(), USAGE_TICK_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#write;
  }

  /**
   * Counts one fact (its shape already checked by the bridge table); resolves once it is on
   * disk. A play of an item the content does not have is refused with `bad-argument`.
   */
  record(fact: UsageFact): Promise<void> {
    const counted = this.#facts.then(async () => {
      if (fact.kind === 'attract-played' && !(await this.options.knownItem(fact.item))) {
        throw new BridgeError('bad-argument', `usage.record: no attract item ${fact.item} in the content shown`);
      }
      await this.#commit(recordFact(this.#state, fact, this.options.now()));
    });
    this.#facts = counted.catch(() => undefined);
    return counted;
  }

  tick(): Promise<void> {
    return this.#commit(advance(this.#state, this.options.now()));
  }

  /** The hour being counted, as it would be sent (tests, staff diagnostics). */
  get openHour(): UsageHour {
    return { hourStart: this.#state.hourStart, revision: 0, ...this.#state.counts };
  }

  /**
   * Takes the step's state at once (facts apply in the order they came) and writes in order:
   * the state with any closed hour still pending, then the hand-over to the outbox, then the
   * state without what the outbox took.
   */
  #commit(step: UsageStep): Promise<void> {
    this.#state = step.state;
    if (step.closed) this.#pending = [...this.#pending, step.closed].slice(-MAX_PENDING);
    const snapshot = this.#snapshot();
    this.#write = this.#write
      .then(async () => {
        await writeFileAtomic(this.options.file, snapshot);
        await this.#handOver();
      })
      .catch((e: unknown) => this.options.log(`usage: could not keep or hand over the hour: ${e instanceof Error ? e.message : String(e)}`));
    return this.#write;
  }

  /** Gives the closed hours to the outbox, oldest first; what it cannot take now waits on disk for the next tick. */
  async #handOver(): Promise<void> {
    if (this.#pending.length === 0) return;
    while (this.#pending[0]) {
      await this.options.send(this.#pending[0]);
      this.#pending = this.#pending.slice(1);
    }
    await writeFileAtomic(this.options.file, this.#snapshot());
  }

  #snapshot(): string {
    return JSON.stringify({ hour: this.openHour, session: this.#state.session, pending: this.#pending });
  }
}
