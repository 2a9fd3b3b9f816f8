import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { STAFF_EVENT_AUDIENCE } from '@civic-kiosk/protocol/staff-live';
import type { StaffEvent } from '@civic-kiosk/protocol/staff-live';
import type { FleetStatus, TerminalView } from '@civic-kiosk/protocol/staff-api';
import type { Notifier } from '../db/database.ts';
import type { StaffPrincipal } from '../http/route.ts';
import { commentFrame, eventFrame, openEventStream } from './event-stream.ts';

const CHANNEL = 'civic_kiosk_staff';

/**
 * What instances tell each other: a terminal whose row changed (each instance reads it, so
 * the notice stays far below PostgreSQL's 8000-byte payload limit), or a whole small event.
 */
type StaffNotice = { terminal: string } | { event: Exclude<StaffEvent, { type: 'terminal' | 'resync' }> };

export interface StaffEventLimits {
  /** Events kept for resuming (Last-Event-ID). */
  resumable: number;
  /** Bytes a client may leave unread before it is dropped (it reconnects and resumes). */
  maxBufferedBytes: number;
}

const DEFAULT_LIMITS: StaffEventLimits = { resumable: 2_000, maxBufferedBytes: 1024 * 1024 };
// More status changes than this in one sweep (a network outage) are told as one resync.
const SWEEP_BURST = 100;

interface Emitted {
  seq: number;
  type: StaffEvent['type'];
  frame: string;
}

class StaffStream {
  constructor(
    readonly staff: StaffPrincipal,
    readonly token: string,
    private readonly res: ServerResponse,
    private readonly maxBufferedBytes: number,
  ) {}

  /** Writes unless the client has fallen too far behind, in which case it is dropped. */
  write(frame: string): void {
    if (this.res.destroyed) return;
    this.res.write(frame);
    if (this.res.writableLength > this.maxBufferedBytes) this.res.destroy();
  }

  end(): void {
    this.res.end();
  }
}

/**
 * The staff event stream: terminal status changes, alerts, command acknowledgements and
 * broadcast counts for open consoles, each to the roles that may read it. Changes are told
 * to every instance over the same notifier as terminal commands (LISTEN/NOTIFY on
 * PostgreSQL); each instance numbers what it emits (`<boot>-<n>`) and keeps the latest for a
 * reconnecting console's Last-Event-ID. A resume it cannot serve (another instance, too old,
 * a lost database listener) gets a `resync` event: the console reloads what it shows.
 */
export class StaffEvents {
  private readonly boot = randomBytes(4).toString('hex');
  private seq = 0;
  private readonly recent: Emitted[] = [];
  private readonly streams = new Set<StaffStream>();
  /** Last status this instance told of, per terminal: its sweep reports only changes. */
  private readonly statuses = new Map<string, FleetStatus>();
  private timer: NodeJS.Timeout | undefined;
  /** Notices are handled one after another, so events keep the order they were told in. */
  private handling: Promise<void> = Promise.resolve();

  constructor(
    private readonly notifier: Notifier,
    private readonly loadTerminal: (id: string) => Promise<TerminalView | undefined>,
    private readonly authenticate: (token: string) => Promise<StaffPrincipal | undefined>,
    private readonly onError: (err: unknown) => void,
    private readonly limits: StaffEventLimits = DEFAULT_LIMITS,
  ) {}

  async start(keepAliveMs: number, timers: boolean): Promise<void> {
    await this.notifier.subscribe(CHANNEL, (payload) => {
      this.handling = this.handling.then(() => this.receive(JSON.parse(payload) as StaffNotice)).catch(this.onError);
    });
    this.notifier.onReconnect(() => this.emit({ type: 'resync' }));
    if (timers) {
      this.timer = setInterval(() => this.keepAlive().catch(this.onError), keepAliveMs);
      this.timer.unref();
    }
  }

  stop(): void {
    clearInterval(this.timer);
    for (const s of this.streams) s.end();
    this.streams.clear();
  }

  get openStreams(): number {
    return this.streams.size;
  }

  /** Takes over a response as a console's event stream; resumes after `lastEventId` when it can. */
  open(staff: StaffPrincipal, token: string, res: ServerResponse, lastEventId: string | undefined): void {
    openEventStream(res, 3000);
    const stream = new StaffStream(staff, token, res, this.limits.maxBufferedBytes);
    this.streams.add(stream);
    res.on('close', () => this.streams.delete(stream));
    if (lastEventId === undefined) return;
    const [boot, n] = lastEventId.split('-');
    const after = Number(n);
    const oldest = this.recent[0]?.seq ?? this.seq + 1;
    if (boot !== this.boot || !Number.isSafeInteger(after) || after > this.seq || after < oldest - 1) {
      stream.write(eventFrame(this.id(this.seq), 'resync', JSON.stringify({ type: 'resync' })));
      return;
    }
    for (const e of this.recent) if (e.seq > after && this.reaches(stream, e.type)) stream.write(e.frame);
  }

  /** A terminal's status or device health changed: every instance tells its consoles. */
  terminalChanged(terminalId: string): Promise<void> {
    return this.notifier.publish(CHANNEL, JSON.stringify({ terminal: terminalId } satisfies StaffNotice));
  }

  publish(event: Exclude<StaffEvent, { type: 'terminal' | 'resync' }>): Promise<void> {
    return this.notifier.publish(CHANNEL, JSON.stringify({ event } satisfies StaffNotice));
  }

  /**
   * The fleet as this instance's sweep derived it: terminals whose status changed with time
   * alone (a missed heartbeat made one down or stuck) go to this instance's consoles. Every
   * instance sweeps, so this is not told to the others. Hundreds at once (a district's network
   * went down) are one `resync`: consoles reload a page rather than take a row each.
   */
  observe(terminals: readonly TerminalView[]): void {
    const changed = terminals.filter((t) => {
      const before = this.statuses.get(t.id);
      this.statuses.set(t.id, t.status);
      return before !== undefined && before !== t.status;
    });
    if (changed.length > SWEEP_BURST) this.emit({ type: 'resync' });
    else for (const terminal of changed) this.emit({ type: 'terminal', terminal });
  }

  /** Keep-alive comments; a stream whose session ended or whose role changed is closed. */
  async keepAlive(): Promise<void> {
    for (const s of [...this.streams]) {
      const now = await this.authenticate(s.token);
      if (!now || now.role !== s.staff.role) s.end();
      else s.write(commentFrame('keep-alive'));
    }
  }

  private async receive(notice: StaffNotice): Promise<void> {
    if ('event' in notice) return this.emit(notice.event);
    const terminal = await this.loadTerminal(notice.terminal);
    if (!terminal) return;
    this.statuses.set(terminal.id, terminal.status);
    this.emit({ type: 'terminal', terminal });
  }

  private emit(event: StaffEvent): void {
    const seq = ++this.seq;
    const e = { seq, type: event.type, frame: eventFrame(this.id(seq), event.type, JSON.stringify(event)) };
    this.recent.push(e);
    if (this.recent.length > this.limits.resumable) this.recent.shift();
    for (const s of this.streams) if (this.reaches(s, e.type)) s.write(e.frame);
  }

  private reaches(stream: StaffStream, type: StaffEvent['type']): boolean {
    return STAFF_EVENT_AUDIENCE[type].includes(stream.staff.role);
  }

  private id(seq: number): string {
    return `${this.boot}-${seq}`;
  }
}
