import type { ServerResponse } from 'node:http';
import { DISRUPTIVE_COMMANDS } from '@civic-kiosk/protocol/terminal-api';
import type { CommandKind } from '@civic-kiosk/protocol/terminal-api';
import type { Kysely } from 'kysely';
import type { Notifier } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { statementSlices } from '../db/statement-slices.ts';
import { isIdleScreen } from '../fleet/terminal-status.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { CommandStore, StoredCommand } from './command-store.ts';
import { toEnvelope } from './command-store.ts';
import { commentFrame, eventFrame, openEventStream } from './event-stream.ts';

const CHANNEL = 'civic_kiosk_push';

/** What instances tell each other: a new batch, a terminal to re-check, a revoked terminal. */
type PushNotice = { batch: string } | { terminal: string } | { revoked: string };

class Channel {
  private readonly sent = new Set<number>();

  constructor(
    readonly terminalId: string,
    private readonly res: ServerResponse,
  ) {}

  /** Writes a command once per connection; false when already sent here. */
  send(c: StoredCommand): boolean {
    if (this.sent.has(c.id)) return false;
    this.sent.add(c.id);
    this.res.write(eventFrame(c.id, 'command', JSON.stringify(toEnvelope(c))));
    return true;
  }

  comment(text: string): void {
    this.res.write(commentFrame(text));
  }

  close(): void {
    this.res.end();
  }
}

/**
 * The push channels open on this instance (one SSE stream per terminal connection) and
 * delivery of commands to them. Commands are created in the database first; then a notice
 * goes to every instance (LISTEN/NOTIFY on PostgreSQL) and the one holding the terminal's
 * channel writes the command. A reconnecting terminal gets every unacknowledged command.
 * Disruptive commands wait until the terminal reports its idle screen.
 */
export class PushHub {
  private readonly channels = new Map<string, Set<Channel>>();
  private keepAlive: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly notifier: Notifier,
    private readonly commands: CommandStore,
    private readonly metrics: Metrics,
    private readonly onError: (err: unknown) => void,
    private readonly onRevoked: (terminalId: string) => void,
  ) {}

  async start(keepAliveMs: number, timers: boolean): Promise<void> {
    await this.notifier.subscribe(CHANNEL, (payload) => {
      this.handle(JSON.parse(payload) as PushNotice).catch(this.onError);
    });
    this.notifier.onReconnect(() => this.catchUp().catch(this.onError));
    if (timers) {
      this.keepAlive = setInterval(() => this.forEach((c) => c.comment('keep-alive')), keepAliveMs);
      this.keepAlive.unref();
    }
  }

  stop(): void {
    clearInterval(this.keepAlive);
    this.forEach((c) => c.close());
    this.channels.clear();
    this.metrics.pushChannels.set(0);
  }

  get openChannels(): number {
    let n = 0;
    for (const set of this.channels.values()) n += set.size;
    return n;
  }

  /** Takes over a response as the terminal's event stream and sends what it has missed. */
  async open(terminalId: string, res: ServerResponse): Promise<void> {
    openEventStream(res, 5000);
    const channel = new Channel(terminalId, res);
    const set = this.channels.get(terminalId) ?? new Set();
    set.add(channel);
    this.channels.set(terminalId, set);
    this.metrics.pushChannels.inc();
    res.on('close', () => {
      set.delete(channel);
      if (set.size === 0 && this.channels.get(terminalId) === set) this.channels.delete(terminalId);
      this.metrics.pushChannels.dec();
    });
    await this.deliver(await this.commands.outstanding(terminalId));
  }

  /** Tells every instance about new commands. */
  announceBatch(batchId: string): Promise<void> {
    return this.notifier.publish(CHANNEL, JSON.stringify({ batch: batchId } satisfies PushNotice));
  }

  /** Asks the instance holding the terminal's channel to deliver what is waiting. */
  announceTerminal(terminalId: string): Promise<void> {
    return this.notifier.publish(CHANNEL, JSON.stringify({ terminal: terminalId } satisfies PushNotice));
  }

  /** Forgets the terminal here at once, then tells every instance to close its channels. */
  announceRevoked(terminalId: string): Promise<void> {
    this.onRevoked(terminalId);
    return this.notifier.publish(CHANNEL, JSON.stringify({ revoked: terminalId } satisfies PushNotice));
  }

  private async handle(notice: PushNotice): Promise<void> {
    if ('batch' in notice) {
      await this.deliver(await this.commands.batch(notice.batch));
    } else if ('terminal' in notice) {
      if (this.channels.has(notice.terminal)) await this.deliver(await this.commands.outstanding(notice.terminal));
    } else {
      this.revoke(notice.revoked);
    }
  }

  /**
   * After notices may have been missed: revoked terminals lose their channels and every other
   * channel here gets what is waiting for it, as if the terminal had just reconnected.
   */
  private async catchUp(): Promise<void> {
    const ids = [...this.channels.keys()];
    if (ids.length === 0) return;
    const revoked = new Set<string>();
    for (const slice of statementSlices(ids)) {
      const rows = await this.db.selectFrom('terminals').select('id').where('id', 'in', slice).where('status', '=', 'revoked').execute();
      for (const r of rows) revoked.add(r.id);
    }
    for (const id of revoked) this.revoke(id);
    await this.deliver(await this.commands.outstanding(...ids.filter((id) => !revoked.has(id))));
  }

  private revoke(terminalId: string): void {
    this.onRevoked(terminalId);
    for (const c of this.channels.get(terminalId) ?? []) c.close();
  }

  private async deliver(commands: readonly StoredCommand[]): Promise<void> {
    const local = commands.filter((c) => this.channels.has(c.terminal_id));
    if (local.length === 0) return;
    const screenOf = new Set(local.filter((c) => DISRUPTIVE_COMMANDS.has(c.kind as CommandKind)).map((c) => c.terminal_id));
    const idle = new Set<string>();
    if (screenOf.size > 0) {
      const rows = await this.db.selectFrom('terminals').select(['id', 'screen_key']).where('id', 'in', [...screenOf]).execute();
      for (const r of rows) if (isIdleScreen(r.screen_key)) idle.add(r.id);
    }
    const sent: number[] = [];
    for (const c of local) {
      if (DISRUPTIVE_COMMANDS.has(c.kind as CommandKind) && !idle.has(c.terminal_id)) continue;
      for (const channel of this.channels.get(c.terminal_id) ?? []) if (channel.send(c)) sent.push(c.id);
    }
    if (sent.length > 0) await this.commands.markDelivered(sent);
  }

  private forEach(fn: (c: Channel) => void): void {
    for (const set of this.channels.values()) for (const c of set) fn(c);
  }
}
