/**
 * The kiosk's privileged core, shared by the Electron main process and the browser-mode host.
 * It composes the pieces and keeps the state they share (the terminal once enrolled, the
 * screen, maintenance, emergency): the bridge handlers live per service area in `bridge/`,
 * heartbeats in `terminal/heartbeat.ts`, the content source in `content/`, enrolment in
 * `terminal/enrolment.ts`. Events fan out to whichever shell carries them to the UI.
 */
import path from 'node:path';
import { ContentVerificationError } from '@civic-kiosk/protocol/content-manifest';
import { ApiErrorBody, TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import { USAGE_EVENT_TYPE, usageEventDetail } from '@civic-kiosk/protocol/usage';
import type { TerminalEventsRequest } from '@civic-kiosk/protocol/terminal-api';
import type { BridgeEvents, EmergencyState, ScreenState, TerminalInfo } from '../common/bridge.ts';
import { BridgeError, BridgeEventHub } from '../common/bridge-channels.ts';
import type { BridgeEventName, BridgeHandlers } from '../common/bridge-channels.ts';
import { KIOSK_SERVICES } from '@civic-kiosk/protocol/kiosk-services';
import { isIdleScreen } from '../common/terminal/screen-idle.ts';
import { deviceHandlers } from './bridge/device-handlers.ts';
import { mailboxHandlers } from './bridge/mailbox-handlers.ts';
import { paymentHandlers } from './bridge/payment-handlers.ts';
import { permitHandlers } from './bridge/permit-handlers.ts';
import { socialSecurityHandlers } from './bridge/social-security-handlers.ts';
import { terminalHandlers } from './bridge/terminal-handlers.ts';
import { ContentStore } from './content/content-store.ts';
import { ContentSync } from './content/content-sync.ts';
import { terminalContentSource } from './content/terminal-content-source.ts';
import type { KioskDevices } from './devices.ts';
import { GatewayClient } from './gateway/gateway-client.ts';
import { HolderSessionKeeper } from './holder/holder-session.ts';
import { KioskConfigStore } from './kiosk-config.ts';
import { createCitizenMailbox, type CitizenMailbox } from './mailbox/citizen-mailbox.ts';
import type { ShellActions } from './shell-actions.ts';
import { applyCommand } from './terminal/commands.ts';
import { TerminalConnection } from './terminal/connection.ts';
import { Enrolment } from './terminal/enrolment.ts';
import { EventOutbox, sendOutcome } from './terminal/event-outbox.ts';
import type { QueuedEvent } from './terminal/event-outbox.ts';
import { Heartbeat } from './terminal/heartbeat.ts';
import { TerminalIdentityStore } from './terminal/identity.ts';
import type { TerminalIdentity } from './terminal/identity.ts';
import { PushClient } from './terminal/push-client.ts';
import { StaffPinGuard } from './terminal/staff-pin.ts';
import { AttractItems } from './usage/attract-items.ts';
import { UsageRecorder } from './usage/usage-recorder.ts';

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
  /** Idempotency keys the privileged side makes itself (tests fix them). */
  newKey?: () => string;
}

/** What runs once the terminal is enrolled. */
interface TerminalRuntime {
  connection: TerminalConnection;
  push: PushClient;
  sync: ContentSync;
  heartbeat: Heartbeat;
  contentTimer: NodeJS.Timeout | undefined;
  stopped: boolean;
}

export class KioskCore {
  readonly events = new BridgeEventHub();
  readonly content: ContentStore;
  readonly handlers: BridgeHandlers;
  readonly #identities: TerminalIdentityStore;
  readonly #outbox: EventOutbox;
  readonly #staffPin: StaffPinGuard;
  readonly #holder: HolderSessionKeeper;
  readonly #mailbox: CitizenMailbox;
  readonly #usage: UsageRecorder;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  readonly #log: (message: string) => void;
  #runtime: TerminalRuntime | undefined;
  #screen: ScreenState = { mode: 'attract' };
  #maintenance = false;
  #emergency: EmergencyState = { active: false };
  #idleWaiters: (() => void)[] = [];
  readonly #unsubscribe: (() => void)[] = [];

  private constructor(
    private readonly options: KioskCoreOptions,
    private readonly config: KioskConfigStore,
  ) {
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? Date.now;
    this.#log = options.log ?? (() => {});
    this.#identities = new TerminalIdentityStore(options.dataDir);
    this.#outbox = new EventOutbox(options.dataDir, this.#now);
    this.#staffPin = new StaffPinGuard(
      options.dataDir,
      () => this.config.current.staffPinHash,
      (type, detail) => void this.report({ type, detail }),
      this.#now,
    );
    this.content = new ContentStore(path.join(options.dataDir, 'content'), () => this.config.current.contentKeys);
    // Each closed hour of usage rides the event outbox: on disk until the server has it.
    const attractItems = new AttractItems(this.content);
    this.#usage = new UsageRecorder({
      file: path.join(options.dataDir, 'usage-hour.json'),
      send: (hour) => this.report({ type: USAGE_EVENT_TYPE, detail: usageEventDetail(hour) }),
      knownItem: (id) => attractItems.has(id),
      now: this.#now,
      log: this.#log,
    });
    const gateway = new GatewayClient(() => this.#runtime?.connection);
    this.#holder = new HolderSessionKeeper(gateway, (reason) => this.events.emit('holder-ended', { reason }));
    const holderDeps = { holder: this.#holder, devices: options.devices, newKey: options.newKey ?? (() => crypto.randomUUID()) };
    this.#mailbox = createCitizenMailbox({ ...holderDeps, dataDir: options.dataDir, gateway, limits: () => this.config.current.mailboxCache, terminalId: () => this.#runtime?.connection.identity.terminalId ?? null, now: this.#now, log: this.#log });
    const enrolment = new Enrolment({
      identities: this.#identities,
      config,
      appVersion: options.appVersion,
      fetch: this.#fetch,
      isEnrolled: () => this.#runtime !== undefined,
      start: (identity) => this.#startTerminal(identity),
    });
    this.handlers = {
      ...terminalHandlers({ info: () => this.info(), enrolment, setScreen: (s) => this.#setScreen(s), report: (e) => this.report(e), staffPin: this.#staffPin }),
      ...deviceHandlers(options.devices),
      ...paymentHandlers(gateway),
      ...socialSecurityHandlers(holderDeps),
      ...permitHandlers(holderDeps),
      ...mailboxHandlers(this.#mailbox),
      'usage.record': (fact) => this.#usage.record(fact),
      endSession: () => this.endSession(),
    };
  }

  static async open(options: KioskCoreOptions): Promise<KioskCore> {
    const core = new KioskCore(options, await KioskConfigStore.open(options.dataDir));
    await core.#outbox.open();
    await core.#usage.open();
    core.#usage.start();
    await core.#mailbox.start();
    await core.#staffPin.open();
    await core.content.open();
    const { devices } = options;
    core.#unsubscribe.push(
      devices.on('health', (h) => core.events.emit('device-health', h)),
      devices.on('card', (c) => {
        // The session from a card that left is gone before the page hears of the removal.
        if (!c.present) {
          core.#holder.cardRemoved(c.reader);
          core.#mailbox.cardRemoved(c.reader);
        }
        core.events.emit('card', c);
      }),
      devices.on('barcode', (b) => core.events.emit('barcode', b)),
    );
    const identity = await core.#identities.load();
    if (identity) core.#startTerminal(identity);
    return core;
  }

  async stop(): Promise<void> {
    for (const u of this.#unsubscribe.splice(0)) u();
    await this.#stopTerminal();
    await this.#mailbox.stop();
    await this.#usage.stop();
  }

  /** The last value of each stateful event, for a UI that (re)connects. */
  snapshot(): { event: BridgeEventName; payload: BridgeEvents[BridgeEventName] }[] {
    return [
      { event: 'online', payload: { online: this.online } },
      { event: 'maintenance', payload: { on: this.#maintenance } },
      { event: 'emergency', payload: this.#emergency },
      { event: 'device-health', payload: this.options.devices.health() },
    ];
  }

  get online(): boolean {
    return this.#runtime?.connection.online ?? false;
  }

  /** Queues a terminal event for the server and tries to send it now. */
  async report(event: { type: string; detail?: Record<string, string | number | boolean> | undefined }): Promise<void> {
    await this.#outbox.add(event);
    void this.#flushOutbox();
  }

  info(): TerminalInfo {
    const id = this.#runtime?.connection.identity;
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
      pinPadShuffle: this.config.current.pinPadShuffle,
      ...(this.config.current.position ? { position: this.config.current.position } : {}),
      ...(this.config.current.guideUrl ? { guideUrl: this.config.current.guideUrl } : {}),
      ...(this.config.current.district ? { district: this.config.current.district } : {}),
      services: KIOSK_SERVICES.filter((s) => this.config.current.services[s] !== false),
    };
  }

  /**
   * Forgets the person: the holder session (here at once; ended on the server, best effort)
   * and the card, powered down by the device layer without waiting for the server.
   */
  async endSession(): Promise<void> {
    this.#mailbox.end();
    await Promise.all([this.#holder.end(), this.options.devices.endSession()]);
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
    return this.#runtime?.heartbeat.beat() ?? false;
  }

  get outboxSize(): number {
    return this.#outbox.size;
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
    const runtime: TerminalRuntime = {
      connection,
      sync: new ContentSync({
        store: this.content,
        source: terminalContentSource(connection, this.config, this.#fetch),
        trustedKeys: () => this.config.current.contentKeys,
        groups: () => [identity.group, ...this.config.current.groups],
        isIdle: () => this.#isIdle(),
        onSwitched: (release) => this.events.emit('content', { releaseId: release.releaseId }),
        now: this.#now,
      }),
      heartbeat: new Heartbeat({
        connection,
        identities: this.#identities,
        dataDir: this.options.dataDir,
        log: this.#log,
        report: () => ({
          appVersion: this.options.appVersion,
          contentVersion: this.content.active?.releaseId ?? null,
          devices: this.options.devices.health(),
          screen: this.#screen,
        }),
      }),
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
            screen: () => this.#screen,
            uploadScreenshot: async (upload) => {
              const res = await connection.api('POST', TerminalApiPaths.screenshots, upload);
              const code = ApiErrorBody.safeParse(res.body);
              return { status: res.status, ...(code.success ? { code: code.data.error.code } : {}) };
            },
            now: this.#now,
          }),
        onError: (m) => this.#log(`push channel: ${m}`),
        ...(this.options.pushBackoff ? { backoff: this.options.pushBackoff } : {}),
      }),
      contentTimer: undefined,
      stopped: false,
    };
    this.#runtime = runtime;
    connection.onOnlineChange((online) => {
      this.events.emit('online', { online });
      if (online) {
        void this.#flushOutbox();
        void this.#mailbox.flushReads();
      }
    });
    runtime.push.start();
    runtime.heartbeat.start();
    const check = () => {
      if (runtime.stopped) return;
      void this.syncContent().catch(() => undefined);
      runtime.contentTimer = setTimeout(check, this.options.contentCheckIntervalMs ?? 10 * 60_000);
    };
    check();
  }

  async #stopTerminal(): Promise<void> {
    const r = this.#runtime;
    if (!r) return;
    this.#runtime = undefined;
    r.stopped = true;
    clearTimeout(r.contentTimer);
    r.heartbeat.stop();
    await r.push.stop();
  }

  #flushOutbox(): Promise<number> {
    const r = this.#runtime;
    if (!r) return Promise.resolve(0);
    return this.#outbox.flush(async (events: QueuedEvent[]) => {
      const body: TerminalEventsRequest = { events };
      return sendOutcome(await r.connection.api('POST', TerminalApiPaths.events, body));
    });
  }
}
