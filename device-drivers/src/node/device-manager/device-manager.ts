/**
 * The device manager owns the terminal's devices as configured: it opens their lines (and
 * reopens them), keeps ONE health per device, emits card and barcode events, and offers the
 * operations the kiosk needs. Every failure comes back as a typed result, never an exception.
 *
 *   const devices = await DeviceManager.start(config);
 *   devices.on('health', (map) => ...);      // DeviceHealthMap on every change
 *   devices.on('card', ({ reader, present }) => ...);
 *   devices.on('barcode', ({ code, symbology }) => ...);
 *   await devices.readSocialSecurityCard({ pin: '123456' });
 *   await devices.stop();
 */
import type { DeviceHealth, DeviceHealthMap, DeviceKind } from '@civic-kiosk/protocol/device-health';
import { CONFIGURED_KINDS, DeviceConfigError } from '../../common/device-config.ts';
import type { DeviceConfig, HidDevice, SerialLine } from '../../common/device-config.ts';
import type { CardReadResult, IdCardData, PrintResult, SelfTestResult, SocialSecurityCardData } from '../../common/device-results.ts';
import type { ReceiptJob } from '../../common/receipt-job.ts';
import type { ByteTransport, Scheduler } from '../../common/transport.ts';
import { fromHex } from '@civic-kiosk/protocol/content-bytes';
import { startSimulators } from '../sim/simulators.ts';
import type { RunningSimulators, SimulatorPaths } from '../sim/simulators.ts';
import { systemScheduler } from '../system-scheduler.ts';
import { realDrivers } from './devices.ts';
import type { DeviceDrivers, IdReaderDevice, ManagedDevice, PrinterDevice, ScannerDevice, SocialSecurityReaderDevice } from './devices.ts';
import { NO_RESPONSE, PORT_MISSING, READY, sameHealth } from './health.ts';
import { openDeviceTransport } from './transports.ts';
import type { OpenTransport } from './transports.ts';

export interface DeviceManagerEvents {
  health: DeviceHealthMap;
  card: { reader: 'social-security' | 'id'; present: boolean };
  barcode: { code: string; symbology: string };
}

export interface SocialSecurityCardRequest {
  /** 6 digits; VERIFY is sent once, never retried. */
  pin?: string;
  /** The server's holder challenge as lower-case hex (16 bytes); needs `pin`. */
  challenge?: string;
}

export interface DeviceManagerOptions {
  scheduler?: Scheduler;
  /** Replaces the real drivers (tests). */
  drivers?: Partial<DeviceDrivers>;
  /** Replaces how lines are opened (tests). */
  openTransport?: OpenTransport;
  /**
   * Where devices marked `simulated: true` are: pty paths from running simulators. Without
   * it, the manager starts the simulators itself, in-process, and stops them on stop().
   */
  simulatorPaths?: Partial<Record<DeviceKind, string>>;
}

interface Slot<D extends ManagedDevice = ManagedDevice> {
  kind: DeviceKind;
  device: D;
  transport: ByteTransport | undefined;
  health: DeviceHealth;
  /** The check in flight, if any: one at a time, and stop() lets it finish. */
  checking: Promise<void> | undefined;
  /** Counts the times the line went away: a check's answer counts only on the line it asked over. */
  line: number;
  unsubscribe: (() => void)[];
}

interface Slots {
  'card-reader'?: Slot<SocialSecurityReaderDevice>;
  'id-reader'?: Slot<IdReaderDevice>;
  'receipt-printer'?: Slot<PrinterDevice>;
  'barcode-scanner'?: Slot<ScannerDevice>;
}

/** How long start() waits for the devices' first answers. */
const START_PATIENCE_MS = 3_000;

type Listener<E extends keyof DeviceManagerEvents> = (payload: DeviceManagerEvents[E]) => void;
type CardReaderName = DeviceManagerEvents['card']['reader'];

export class DeviceManager {
  readonly #slots: Slots = {};
  readonly #listeners: { [E in keyof DeviceManagerEvents]: Set<Listener<E>> } = { health: new Set(), card: new Set(), barcode: new Set() };
  /** Keyboard-wedge scanners: the UI reads them, the manager only reports them. */
  readonly #passive = new Set<DeviceKind>();
  #timer: unknown;
  #stopped = false;
  #simulators: RunningSimulators | undefined;
  /** Last presence each reader reported: a card lying there since start() is still news. */
  readonly #cards = new Map<CardReaderName, boolean>();

  private constructor(
    private readonly config: DeviceConfig,
    private readonly scheduler: Scheduler,
  ) {}

  static async start(config: DeviceConfig, options: DeviceManagerOptions = {}): Promise<DeviceManager> {
    const manager = new DeviceManager(config, options.scheduler ?? systemScheduler);
    try {
      await manager.#start(options);
    } catch (e) {
      await manager.stop();
      throw e;
    }
    return manager;
  }

  /** The simulators this manager started for `simulated: true` devices, if any. */
  get simulatorPaths(): SimulatorPaths | undefined {
    return this.#simulators?.paths;
  }

  health(): DeviceHealthMap {
    const map: DeviceHealthMap = {};
    for (const kind of this.#passive) map[kind] = READY;
    for (const slot of this.#allSlots()) map[slot.kind] = slot.health;
    return structuredClone(map);
  }

  /**
   * A new 'card' listener first hears `present: true` for every reader already holding a card
   * (on a microtask), since start() has checked the readers before anyone could listen.
   */
  on<E extends keyof DeviceManagerEvents>(event: E, listener: Listener<E>): () => void {
    const set = this.#listeners[event] as Set<Listener<E>>;
    set.add(listener);
    if (event === 'card') {
      const cardListener = listener as Listener<'card'>;
      for (const [reader, present] of this.#cards) {
        if (!present) continue;
        queueMicrotask(() => {
          if (!this.#stopped && set.has(listener) && this.#cards.get(reader) === true) cardListener({ reader, present: true });
        });
      }
    }
    return () => set.delete(listener);
  }

  /**
   * Reads the social-security card, verifying `pin` if given. With `challenge` (the server's
   * holder challenge, hex) the card answers it with INTERNAL AUTHENTICATE after VERIFY, in the
   * same card session, and the result carries the cryptogram.
   */
  async readSocialSecurityCard(request: SocialSecurityCardRequest = {}): Promise<CardReadResult<SocialSecurityCardData>> {
    const challenge = request.challenge === undefined ? undefined : fromHex(request.challenge);
    if (challenge === undefined && request.challenge !== undefined) throw new TypeError('a challenge is lower-case hex');
    const slot = this.#slots['card-reader'];
    if (!slot || slot.transport?.state !== 'open') return { ok: false, error: 'reader-absent' };
    const result = await slot.device.read({ ...(request.pin === undefined ? {} : { pin: request.pin }), ...(challenge ? { challenge } : {}) });
    this.#afterRead(slot, result);
    return result;
  }

  /**
   * The person at the kiosk is gone (idle wipe): power the card down so no card session
   * outlives them. Nothing about the holder is kept here to forget: reads hand their data to
   * the caller and keep none. Never throws.
   */
  async endSession(): Promise<void> {
    const slot = this.#slots['card-reader'];
    if (slot && slot.transport?.state === 'open') await slot.device.endSession();
  }

  async readIdCard(): Promise<CardReadResult<IdCardData>> {
    const slot = this.#slots['id-reader'];
    if (!slot || slot.transport?.state !== 'open') return { ok: false, error: 'reader-absent' };
    const result = await slot.device.read();
    this.#afterRead(slot, result);
    return result;
  }

  async printReceipt(job: ReceiptJob): Promise<PrintResult> {
    const slot = this.#slots['receipt-printer'];
    if (!slot || slot.transport?.state !== 'open') return { ok: false, error: 'printer-absent' };
    const result = await slot.device.print(job);
    // Whatever happened, the printer's state may have changed (paper used up, cover opened).
    void this.#check(slot);
    return result;
  }

  async selfTest(kind: DeviceKind): Promise<SelfTestResult> {
    if (this.#passive.has(kind)) return { device: kind, ok: true, detail: 'keyboard-wedge scanner: scan a code on the screen to test it' };
    const slot = this.#slots[kind];
    if (!slot) return { device: kind, ok: false, detail: 'not configured on this terminal' };
    if (slot.transport?.state !== 'open') return { device: kind, ok: false, detail: 'the port is missing' };
    const outcome = await slot.device.selfTest();
    void this.#check(slot);
    return { device: kind, ...outcome };
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer !== undefined) this.scheduler.clearTimeout(this.#timer);
    this.#timer = undefined;
    // A driver disposed mid-exchange fails that exchange: let running checks end first.
    await Promise.allSettled(this.#allSlots().map((s) => s.checking));
    for (const slot of this.#allSlots()) {
      for (const off of slot.unsubscribe) off();
      slot.device.dispose();
    }
    await Promise.all(this.#allSlots().map((s) => s.transport?.close()));
    await this.#simulators?.stop();
    for (const set of Object.values(this.#listeners)) set.clear();
  }

  async #start(options: DeviceManagerOptions): Promise<void> {
    const drivers: DeviceDrivers = { ...realDrivers, ...options.drivers };
    const open = options.openTransport ?? openDeviceTransport;
    const simulatorPaths = await this.#simulatorPaths(options.simulatorPaths);
    const lineOf = (kind: DeviceKind): SerialLine | HidDevice | undefined => {
      const device = this.config[kind];
      if (!device) return undefined;
      if (device.simulated) {
        const path = simulatorPaths[kind];
        if (!path) throw new DeviceConfigError('invalid-config', [{ field: `${kind}.simulated`, message: 'no simulator is running for this device' }]);
        return { type: 'serial', path, baudRate: device.baudRate };
      }
      return 'transport' in device ? device.transport : undefined;
    };
    const reconnect = this.config.reconnect;

    for (const kind of CONFIGURED_KINDS) {
      const device = this.config[kind];
      if (!device) continue;
      const line = lineOf(kind);
      if (!line) {
        this.#passive.add(kind);
        continue;
      }
      const transport = await open(line, reconnect, this.scheduler);
      switch (kind) {
        case 'card-reader': {
          const slot = this.#slot(kind, drivers[kind](transport, this.scheduler), transport);
          slot.unsubscribe.push(slot.device.onCardPresence((present) => this.#card('social-security', present)));
          this.#slots[kind] = slot;
          break;
        }
        case 'id-reader': {
          const slot = this.#slot(kind, drivers[kind](transport, this.scheduler), transport);
          slot.unsubscribe.push(slot.device.onCardPresence((present) => this.#card('id', present)));
          this.#slots[kind] = slot;
          break;
        }
        case 'receipt-printer': {
          const profile = this.config['receipt-printer']?.profile ?? '80mm';
          this.#slots[kind] = this.#slot(kind, drivers[kind](transport, this.scheduler, profile), transport);
          break;
        }
        case 'barcode-scanner': {
          const mode = this.config['barcode-scanner']?.mode === 'hid-pos' ? 'hid-pos' : 'serial';
          const slot = this.#slot(kind, drivers[kind](transport, this.scheduler, mode), transport);
          slot.unsubscribe.push(slot.device.onScan((scan) => this.#emit('barcode', { code: scan.code, symbology: scan.symbology })));
          this.#slots[kind] = slot;
          break;
        }
      }
    }
    await this.#firstChecks();
    this.#schedulePeriodicCheck();
  }

  /**
   * Waits for every device's first answer, but not for long: a silent reader takes its full
   * timeout and retries to fail, and the kiosk must not wait on it. Until its first check a
   * device on an open line counts as not answering.
   */
  async #firstChecks(): Promise<void> {
    let timer: unknown;
    const patience = new Promise<void>((resolve) => {
      timer = this.scheduler.setTimeout(resolve, START_PATIENCE_MS);
    });
    await Promise.race([Promise.all(this.#allSlots().map((slot) => this.#check(slot))), patience]);
    this.scheduler.clearTimeout(timer);
  }

  async #simulatorPaths(given: Partial<Record<DeviceKind, string>> | undefined): Promise<Partial<Record<DeviceKind, string>>> {
    const wanted: Partial<Record<DeviceKind, { baudRate: number }>> = {};
    for (const kind of CONFIGURED_KINDS) {
      const device = this.config[kind];
      if (device?.simulated) wanted[kind] = { baudRate: device.baudRate };
    }
    if (given || Object.keys(wanted).length === 0) return given ?? {};
    this.#simulators = await startSimulators({ devices: wanted });
    return this.#simulators.paths;
  }

  #slot<D extends ManagedDevice>(kind: DeviceKind, device: D, transport: ByteTransport): Slot<D> {
    const slot: Slot<D> = { kind, device, transport, health: transport.state === 'open' ? NO_RESPONSE : PORT_MISSING, checking: undefined, line: 0, unsubscribe: [] };
    slot.unsubscribe.push(
      transport.onState((state) => {
        if (state === 'open') {
          // A check still running began on the line that went away: ask again after it.
          void (slot.checking ?? Promise.resolve()).then(() => this.#check(slot));
        } else {
          slot.line++;
          this.#setHealth(slot, PORT_MISSING);
        }
      }),
    );
    if (device.onHealth) {
      slot.unsubscribe.push(
        device.onHealth((health) => {
          if (transport.state === 'open') this.#setHealth(slot, health);
        }),
      );
    }
    return slot;
  }

  /** Asks the device how it is, unless its port is gone (then it is absent, nothing to ask). */
  #check(slot: Slot): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    if (slot.checking) return slot.checking;
    if (slot.transport?.state !== 'open') {
      this.#setHealth(slot, PORT_MISSING);
      return Promise.resolve();
    }
    const transport = slot.transport;
    const line = slot.line;
    slot.checking = slot.device
      .check()
      .then((health) => {
        if (transport.state === 'open' && slot.line === line) this.#setHealth(slot, health);
      })
      .finally(() => {
        slot.checking = undefined;
      });
    return slot.checking;
  }

  #afterRead(slot: Slot, result: CardReadResult<unknown>): void {
    if (!result.ok && result.error === 'reader-absent') {
      this.#setHealth(slot, slot.transport?.state === 'open' ? NO_RESPONSE : PORT_MISSING);
    } else if (slot.health.state !== 'ready') {
      // The reader answered: whatever kept it absent is over; confirm with a check.
      void this.#check(slot);
    }
  }

  #schedulePeriodicCheck(): void {
    if (this.#stopped) return;
    this.#timer = this.scheduler.setTimeout(() => {
      this.#timer = undefined;
      void Promise.all(this.#allSlots().map((slot) => this.#check(slot))).finally(() => this.#schedulePeriodicCheck());
    }, this.config.healthCheckIntervalMs);
  }

  #setHealth(slot: Slot, health: DeviceHealth): void {
    if (this.#stopped || sameHealth(slot.health, health)) return;
    slot.health = health;
    this.#emit('health', this.health());
  }

  #card(reader: CardReaderName, present: boolean): void {
    this.#cards.set(reader, present);
    this.#emit('card', { reader, present });
  }

  #emit<E extends keyof DeviceManagerEvents>(event: E, payload: DeviceManagerEvents[E]): void {
    for (const listener of [...(this.#listeners[event] as Set<Listener<E>>)]) listener(payload);
  }

  #allSlots(): Slot[] {
    return CONFIGURED_KINDS.flatMap((kind) => {
      const slot = this.#slots[kind];
      return slot ? [slot as Slot] : [];
    });
  }
}
