/**
 * The kiosk's privileged core, shared by the Electron main process and the browser-mode host:
 * it implements every bridge channel, owns the terminal identity and key, the heartbeat, the
 * push channel, content sync, the staff PIN and the event outbox, and fans events out to
 * whichever shell carries them to the UI.
 */
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { canonicalJson, ContentPublicKey, ContentVerificationError } from '@civic-kiosk/protocol/content-manifest';
import { HeartbeatResponse, TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import type { HeartbeatRequest, TerminalEventsRequest } from '@civic-kiosk/protocol/terminal-api';
import type { BridgeEvents, EmergencyState, ScreenState, TerminalInfo } from '../common/bridge.ts';
import { BridgeError, BridgeEventHub } from '../common/bridge-channels.ts';
import type { BridgeEventName, BridgeHandlers } from '../common/bridge-channels.ts';
import { isIdleScreen } from '../common/terminal/screen-idle.ts';
import { ContentStore } from './content/content-store.ts';
import { ContentSync } from './content/content-sync.ts';
import type { ContentSource } from './content/content-sync.ts';
import type { KioskDevices } from './devices.ts';
import { readKioskConfig, writeKioskConfig } from './kiosk-config.ts';
import type { KioskConfig } from './kiosk-config.ts';
import type { ShellActions } from './shell-actions.ts';
import { applyCommand } from './terminal/commands.ts';
import { TerminalConnection } from './terminal/connection.ts';
import { EventOutbox } from './terminal/event-outbox.ts';
import type { QueuedEvent } from './terminal/event-outbox.ts';
import { TerminalIdentityStore } from './terminal/identity.ts';
import type { TerminalIdentity } from './terminal/identity.ts';
import { PushClient } from './terminal/push-client.ts';
import { StaffPinGuard } from './terminal/staff-pin.ts';

/** Content paths of the server (not part of the protocol's TerminalApiPaths). */
export const KIOSK_API_PATHS = {
  /** Signed: `{ current, upcoming, keys }` for this terminal's group. */
  contentManifest: '/api/terminal/content/manifest',
  /** Public and content-addressed (the hash is checked here), with Range. */
  contentFile: (sha256: string) => `/api/content/files/${sha256}`,
} as const;

const ManifestAnswer = z.object({ current: z.unknown().nullable(), upcoming: z.unknown().nullable().optional(), keys: z.array(ContentPublicKey) });

export interface KioskCoreOptions {
  dataDir: string;
  appVersion: string;
  shell: ShellActions;
  devices: KioskDevices;
  fetch?: typeof fetch;
  now?: () => number;
  /** How often content is checked besides collect-content commands. */
  contentCheckIntervalMs?: number;
  /** Push-channel reconnect delays (tests shorten them). */
  pushBackoff?: { baseMs: number; maxMs: number };
  log?: (message: string) => void;
}

interface TerminalRuntime {
  identity: TerminalIdentity;
  connection: TerminalConnection;
  push: PushClient;
  sync: ContentSync;
  timers: Set<NodeJS.Timeout>;
  stopped: boolean;
}

export class KioskCore {
  readonly events = new BridgeEventHub();
  readonly content: ContentStore;
  readonly handlers: BridgeHandlers;
  readonly #identities: TerminalIdentityStore;
  readonly #outbox: EventOutbox;
  readonly #staffPin: StaffPinGuard;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  readonly #log: (message: string) => void;
  #config: KioskConfig = { contentKeys: [], groups: [], pinnedByInstaller: false };
  #runtime: TerminalRuntime | undefined;
  #enrolling = false;
  #screen: ScreenState = { mode: 'attract' };
  #maintenance = false;
  #emergency: EmergencyState = { active: false };
  #idleWaiters: (() => void)[] = [];
  readonly #unsubscribe: (() => void)[] = [];

  private constructor(private readonly options: KioskCoreOptions) {
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? Date.now;
    this.#log = options.log ?? (() => {});
    this.#identities = new TerminalIdentityStore(options.dataDir);
    this.#outbox = new EventOutbox(options.dataDir, this.#now);
    this.#staffPin = new StaffPinGuard(
      options.dataDir,
      () => this.#config.staffPinHash,
      (type, detail) => void this.report({ type, detail }),
      this.#now,
    );
    this.content = new ContentStore(path.join(options.dataDir, 'content'), () => this.#config.contentKeys);
    this.handlers = this.#makeHandlers();
  }

  static async open(options: KioskCoreOptions): Promise<KioskCore> {
    const core = new KioskCore(options);
    core.#config = await readKioskConfig(options.dataDir);
    await core.#outbox.open();
    await core.#staffPin.open();
    await core.content.open();
    const { devices } = options;
    core.#unsubscribe.push(
      devices.on('health', (h) => core.events.emit('device-health', h)),
      devices.on('card', (c) => core.events.emit('card', c)),
      devices.on('barcode', (b) => core.events.emit('barcode', b)),
    );
    const identity = await core.#identities.load();
    if (identity) core.#startTerminal(identity);
    return core;
  }

  async stop(): Promise<void> {
    for (const u of this.#unsubscribe.splice(0)) u();
    await this.#stopTerminal();
  }

  /** The last value of each stateful event, for a UI that (re)connects. */
  snapshot(): { event: BridgeEventName; payload: BridgeEvents[BridgeEventName] }[] {
    return [
      { event: 'online', payload: { online: this.#runtime?.connection.online ?? false } },
      { event: 'maintenance', payload: { on: this.#maintenance } },
      { event: 'emergency', payload: this.#emergency },
      { event: 'device-health', payload: this.options.devices.health() },
    ];
  }

  get online(): boolean {
    return this.#runtime?.connection.online ?? false;
  }

  /** Queues a terminal event for the server and tries to send it now. */
  async report(event: { type: string; detail?: Record<string, string | number | boolean> }): Promise<void> {
    await this.#outbox.add(event);
    void this.#flushOutbox();
  }

  info(): TerminalInfo {
    const id = this.#runtime?.identity;
    return {
      enrolled: id !== undefined,
      terminalId: id?.terminalId ?? null,
      terminalName: id?.name ?? null,
      serverUrl: id?.serverUrl ?? null,
      appVersion: this.options.appVersion,
      contentReleaseId: this.content.active?.releaseId ?? null,
      online: this.online,
      maintenance: this.#maintenance,
      shell: this.options.shell.kind,
    };
  }

  #makeHandlers(): BridgeHandlers {
    const { devices } = this.options;
    return {
      'terminal.info': async () => this.info(),
      'terminal.enrol': async ({ serverUrl, code }) => {
        // Moving an enrolled terminal to another server is an installer's job (wipe the data
        // dir), never something the UI can do: a subverted page must not re-home the terminal.
        // An enrolment still in flight counts too, so two taps on "enrol" cannot both get through.
        if (this.#runtime || this.#enrolling) throw new BridgeError('enrolment-failed', 'this terminal is already enrolled', 'already-enrolled');
        this.#enrolling = true;
        try {
          const identity = await this.#identities.enrol(serverUrl, code, this.options.appVersion, this.#fetch);
          if (this.#config.contentKeys.length > 0 && !this.#config.pinnedByInstaller) {
            // A new enrolment is a new trust relationship: learn that server's keys afresh.
            this.#config = { ...this.#config, contentKeys: [] };
            await writeKioskConfig(this.options.dataDir, this.#config);
          }
          this.#startTerminal(identity);
        } finally {
          this.#enrolling = false;
        }
        return this.info();
      },
      'terminal.reportScreen': async (state) => this.#setScreen(state),
      'terminal.reportEvent': async (event) => this.report(event),
      'terminal.api': async ({ method, path: p, body }) => {
        if (!this.#runtime) throw new BridgeError('not-enrolled', 'the terminal is not enrolled');
        return this.#runtime.connection.api(method, p, body);
      },
      'terminal.verifyStaffPin': async ({ pin }) => this.#staffPin.verify(pin),
      'devices.health': async () => devices.health(),
      'devices.selfTest': async ({ device }) => devices.selfTest(device),
      'cards.readSocialSecurityCard': async (request) => devices.readSocialSecurityCard(request),
      'cards.readIdCard': async () => devices.readIdCard(),
      'printer.print': async (job) => devices.printReceipt(job),
      endSession: async () => devices.endSession?.(),
    };
  }

  #setScreen(state: ScreenState): void {
    this.#screen = state;
    if (!isIdleScreen(state)) return;
    for (const w of this.#idleWaiters.splice(0)) w();
    void this.#runtime?.sync.idle().catch((e: Error) => this.#log(`content switch failed: ${e.message}`));
  }

  #isIdle(): boolean {
    return isIdleScreen(this.#screen);
  }

  #setMaintenance(on: boolean): void {
    this.#maintenance = on;
    this.events.emit('maintenance', { on });
  }

  #setEmergency(state: EmergencyState): void {
    this.#emergency = state;
    this.events.emit('emergency', state);
  }

  #startTerminal(identity: TerminalIdentity): void {
    const connection = new TerminalConnection(identity, this.#fetch, this.#now);
    const source: ContentSource = {
      manifest: async () => {
        const r = await connection.fetch('GET', KIOSK_API_PATHS.contentManifest);
        if (r.status !== 200) throw new Error(`manifest request answered ${r.status}`);
        const answer = ManifestAnswer.parse(await r.json());
        await this.#pinContentKeys(answer.keys);
        // A manifest's signed form is its canonical JSON; anything altered fails verification.
        const bytes = (m: unknown) => (m === null || m === undefined ? undefined : new TextEncoder().encode(canonicalJson(m)));
        return { current: bytes(answer.current), upcoming: bytes(answer.upcoming) };
      },
      file: (sha256, offset) =>
        this.#fetch(new URL(KIOSK_API_PATHS.contentFile(sha256), identity.serverUrl), {
          headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
          signal: AbortSignal.timeout(10 * 60_000),
        }),
    };
    const sync = new ContentSync({
      store: this.content,
      source,
      trustedKeys: () => this.#config.contentKeys,
      groups: () => [identity.group, ...this.#config.groups],
      isIdle: () => this.#isIdle(),
      onSwitched: (release) => this.events.emit('content', { releaseId: release.releaseId }),
      now: this.#now,
    });
    const runtime: TerminalRuntime = {
      identity,
      connection,
      sync,
      timers: new Set(),
      stopped: false,
      push: new PushClient({
        connection,
        apply: (command) =>
          applyCommand(command, {
            events: this.events,
            shell: this.options.shell,
            isIdle: () => this.#isIdle(),
            whenIdle: () => new Promise((resolve) => this.#idleWaiters.push(resolve)),
            syncContent: () => this.syncContent(),
            setMaintenance: (on) => this.#setMaintenance(on),
            setEmergency: (s) => this.#setEmergency(s),
            currentEmergencyId: () => (this.#emergency.active ? this.#emergency.id : undefined),
            now: this.#now,
          }),
        onError: (m) => this.#log(`push channel: ${m}`),
        ...(this.options.pushBackoff ? { backoff: this.options.pushBackoff } : {}),
      }),
    };
    this.#runtime = runtime;
    connection.onOnlineChange((online) => {
      this.events.emit('online', { online });
      if (online) void this.#flushOutbox();
    });
    runtime.push.start();
    void this.#heartbeatLoop(runtime);
    const check = () => {
      if (runtime.stopped) return;
      void this.syncContent().catch(() => undefined);
      const t = setTimeout(check, this.options.contentCheckIntervalMs ?? 10 * 60_000);
      runtime.timers.add(t);
    };
    check();
  }

  /**
   * Trust on first use: the content keys the server names on the first sync after enrolment
   * are pinned in the kiosk config; later a manifest must be signed by a pinned key (an
   * installer may pin keys in the config beforehand instead).
   */
  async #pinContentKeys(keys: ContentPublicKey[]): Promise<void> {
    if (this.#config.contentKeys.length > 0 || keys.length === 0) return;
    this.#config = { ...this.#config, contentKeys: keys };
    await writeKioskConfig(this.options.dataDir, this.#config);
  }

  async #stopTerminal(): Promise<void> {
    const r = this.#runtime;
    if (!r) return;
    this.#runtime = undefined;
    r.stopped = true;
    for (const t of r.timers) clearTimeout(t);
    await r.push.stop();
  }

  /** Checks for and downloads new content now; returns a one-line outcome for the ack. */
  async syncContent(): Promise<string> {
    const r = this.#runtime;
    if (!r) throw new BridgeError('not-enrolled', 'the terminal is not enrolled');
    try {
      const outcome = await r.sync.sync();
      return 'releaseId' in outcome ? `${outcome.status} ${outcome.releaseId}` : outcome.status;
    } catch (e) {
      // Staff need to know about a release the terminal refused; a network failure is not news.
      if (e instanceof ContentVerificationError) {
        await this.report({ type: 'content-rejected', detail: { code: e.code, message: e.message.slice(0, 500) } });
      }
      throw e;
    }
  }

  /** Sends one heartbeat now; true when the server took it. */
  async heartbeat(): Promise<boolean> {
    const r = this.#runtime;
    if (!r) return false;
    const body: HeartbeatRequest = {
      appVersion: this.options.appVersion,
      contentVersion: this.content.active?.releaseId ?? null,
      devices: this.options.devices.health(),
      screen: this.#screen,
      uptimeSeconds: Math.floor(process.uptime()),
      freeDiskBytes: await freeDisk(this.options.dataDir),
    };
    const response = await r.connection.api('POST', TerminalApiPaths.heartbeat, body);
    const parsed = HeartbeatResponse.safeParse(response.body);
    if (response.status !== 200 || !parsed.success) return false;
    await this.#identities.updateInterval(r.identity, parsed.data.heartbeatIntervalMs);
    return true;
  }

  async #heartbeatLoop(runtime: TerminalRuntime): Promise<void> {
    while (!runtime.stopped) {
      await this.heartbeat().catch((e: Error) => this.#log(`heartbeat: ${e.message}`));
      if (runtime.stopped) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          runtime.timers.delete(t);
          resolve();
        }, runtime.identity.heartbeatIntervalMs);
        runtime.timers.add(t);
      });
    }
  }

  #flushOutbox(): Promise<number> {
    const r = this.#runtime;
    if (!r) return Promise.resolve(0);
    return this.#outbox.flush(async (events: QueuedEvent[]) => {
      const body: TerminalEventsRequest = { events };
      const res = await r.connection.api('POST', TerminalApiPaths.events, body);
      return res.status >= 200 && res.status < 300;
    });
  }

  get outboxSize(): number {
    return this.#outbox.size;
  }
}

async function freeDisk(dir: string): Promise<number> {
  try {
    const s = await statfs(dir);
    return Math.max(0, Math.floor(s.bavail * s.bsize));
  } catch {
    return 0;
  }
}
