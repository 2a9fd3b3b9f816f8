/**
 * Unplugs and replugs simulated devices under a running device manager: the simulator's pty
 * goes away (the line a host had open is gone) and comes back at the same path, as a USB
 * serial adapter does. Measures the time back in service and what the process holds after
 * each cycle: file descriptors, active handles, subscriptions on the device transports and
 * listeners on `process`, so a leak per reconnect shows as growth.
 *
 *   const rig = await ReplugRig.start();
 *   const ms = await rig.replug('receipt-printer');   // unplug, wait for absent, replug, wait for ready
 *   await rig.replug('card-reader', 10_000);          // the same, away for 10 s
 *   await rig.resources();                            // { fds, handles, timers, subscriptions, processListeners }
 *   await rig.stop();
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DeviceKind } from '@civic-kiosk/protocol/device-health';
import { parseDeviceConfig } from '../../src/common/device-config.ts';
import type { DeviceConfigInput } from '../../src/common/device-config.ts';
import type { ByteTransport } from '../../src/common/transport.ts';
import { DeviceManager } from '../../src/node/device-manager/device-manager.ts';
import { openDeviceTransport } from '../../src/node/device-manager/transports.ts';
import { ALL_SIMULATED, SIMULATOR_FACTORIES } from '../../src/node/sim/simulators.ts';
import { serveOnPty } from '../../src/node/sim/serve.ts';
import type { ServedDevice } from '../../src/node/sim/serve.ts';

export interface ProcessResources {
  /** Open file descriptors (/proc/self/fd). */
  fds: number;
  /** Handles and requests keeping the event loop alive, timers apart (pipes, sockets, child processes). */
  handles: number;
  /** Pending timers, the fewest of a few samples: polls and timeouts come and go. */
  timers: number;
  /** Live onData/onState subscriptions on the devices' transports. */
  subscriptions: number;
  /** Listeners on `process`, over all events. */
  processListeners: number;
}

const BAUD_RATE = 9600;
const WAIT_MS = 15_000;

/** Counts the subscriptions made on a transport that are still live. */
function counted(transport: ByteTransport, live: { count: number }): ByteTransport {
  const track = (unsubscribe: () => void) => {
    live.count++;
    let done = false;
    return () => {
      if (!done) live.count--;
      done = true;
      unsubscribe();
    };
  };
  return {
    get state() {
      return transport.state;
    },
    write: (bytes) => transport.write(bytes),
    onData: (listener) => track(transport.onData(listener)),
    onState: (listener) => track(transport.onState(listener)),
    close: () => transport.close(),
  };
}

export class ReplugRig {
  private constructor(
    readonly manager: DeviceManager,
    private readonly dir: string,
    private readonly served: Map<DeviceKind, ServedDevice>,
    private readonly live: { count: number },
  ) {}

  /** The four simulated devices on ptys under a manager with `config`'s reconnect policy. */
  static async start(config: DeviceConfigInput = {}): Promise<ReplugRig> {
    const dir = await mkdtemp(path.join(tmpdir(), 'kiosk-replug-'));
    const served = new Map<DeviceKind, ServedDevice>();
    for (const kind of ALL_SIMULATED) {
      await mkdir(path.join(dir, kind));
      served.set(kind, await serveOnPty(SIMULATOR_FACTORIES[kind](), { baudRate: BAUD_RATE, dir: path.join(dir, kind) }));
    }
    const live = { count: 0 };
    const manager = await DeviceManager.start(
      parseDeviceConfig({
        'card-reader': { simulated: true, baudRate: BAUD_RATE },
        'id-reader': { simulated: true, baudRate: BAUD_RATE },
        'receipt-printer': { simulated: true, profile: '80mm', baudRate: BAUD_RATE },
        'barcode-scanner': { simulated: true, baudRate: BAUD_RATE },
        ...config,
      }),
      {
        simulatorPaths: Object.fromEntries([...served].map(([kind, s]) => [kind, s.hostPath])),
        openTransport: async (...args) => counted(await openDeviceTransport(...args), live),
      },
    );
    const rig = new ReplugRig(manager, dir, served, live);
    await rig.#until((h) => ALL_SIMULATED.every((k) => h[k]?.state === 'ready'), 'every device ready at start');
    return rig;
  }

  /**
   * Unplugs `kind`, waits until the manager reports it absent (and `awayMs` more), plugs it
   * back in; resolves with the ms until it is ready again.
   */
  async replug(kind: DeviceKind, awayMs = 0): Promise<number> {
    await this.served.get(kind)!.stop();
    await this.#until((h) => h[kind]?.state === 'absent', `${kind} absent after unplugging`);
    if (awayMs > 0) await new Promise((r) => setTimeout(r, awayMs));
    const back = performance.now();
    this.served.set(kind, await serveOnPty(SIMULATOR_FACTORIES[kind](), { baudRate: BAUD_RATE, dir: path.join(this.dir, kind) }));
    await this.#until((h) => h[kind]?.state === 'ready', `${kind} ready after replugging`);
    return performance.now() - back;
  }

  async resources(): Promise<ProcessResources> {
    let timers = Infinity;
    for (let sample = 0; sample < 5; sample++) {
      await new Promise((r) => setTimeout(r, 50));
      timers = Math.min(timers, process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length);
    }
    return {
      fds: readdirSync('/proc/self/fd').length,
      handles: process.getActiveResourcesInfo().filter((r) => r !== 'Timeout').length,
      timers,
      subscriptions: this.live.count,
      processListeners: process.eventNames().reduce((n, e) => n + process.listenerCount(e), 0),
    };
  }

  async stop(): Promise<void> {
    await this.manager.stop();
    await Promise.all([...this.served.values()].map((s) => s.stop()));
    await rm(this.dir, { recursive: true, force: true });
  }

  #until(ok: (health: ReturnType<DeviceManager['health']>) => boolean, what: string): Promise<void> {
    if (ok(this.manager.health())) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`not within ${WAIT_MS} ms: ${what}`));
      }, WAIT_MS);
      const off = this.manager.on('health', (h) => {
        if (!ok(h)) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }
}
