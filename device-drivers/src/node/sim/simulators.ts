/**
 * Runs the built-in simulators, each on its own pty, plus the control channel that scripts
 * them. What `kiosk-devices simulate` runs, and what the kiosk demo and integration tests
 * start in-process.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DeviceKind } from '@civic-kiosk/protocol/device-health';
import type { SimulatedDevice } from '../../common/simulated-device.ts';
import { createVirtualCardReader, createVirtualIdReader, createVirtualPrinter, createVirtualScanner } from '../../common/sim/index.ts';
import { startControlServer } from './control-server.ts';
import { serveOnPty } from './serve.ts';
import type { ServedDevice } from './serve.ts';

export const SIMULATOR_FACTORIES: Record<DeviceKind, () => SimulatedDevice> = {
  'card-reader': () => createVirtualCardReader(),
  'id-reader': () => createVirtualIdReader(),
  'receipt-printer': () => createVirtualPrinter(),
  'barcode-scanner': () => createVirtualScanner(),
};

export const ALL_SIMULATED: readonly DeviceKind[] = ['card-reader', 'id-reader', 'receipt-printer', 'barcode-scanner'];

/** The pty a host opens for each simulated device, and the control socket. */
export type SimulatorPaths = Partial<Record<DeviceKind, string>> & { control: string };

export interface RunningSimulators {
  paths: SimulatorPaths;
  /** The simulated devices themselves, for in-process tests that script them directly. */
  devices: Partial<Record<DeviceKind, SimulatedDevice>>;
  stop(): Promise<void>;
}

export interface StartSimulatorsOptions {
  /** Which devices and at what line speed; all four at 9600 baud by default. */
  devices?: Partial<Record<DeviceKind, { baudRate: number }>>;
  /** Where the control socket goes; a fresh temp dir by default. */
  controlSocket?: string;
  /** A simulator that threw on the bytes it was sent. */
  onError?: (kind: DeviceKind, error: unknown) => void;
}

export async function startSimulators(options: StartSimulatorsOptions = {}): Promise<RunningSimulators> {
  const wanted = options.devices ?? Object.fromEntries(ALL_SIMULATED.map((k) => [k, { baudRate: 9600 }]));
  const dir = await mkdtemp(path.join(tmpdir(), 'kiosk-sim-'));
  const devices: Partial<Record<DeviceKind, SimulatedDevice>> = {};
  const served: ServedDevice[] = [];
  const paths: Partial<Record<DeviceKind, string>> = {};
  const stopAll = async () => {
    await Promise.all(served.map((s) => s.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const kind of ALL_SIMULATED) {
      const line = wanted[kind];
      if (!line) continue;
      const device = SIMULATOR_FACTORIES[kind]();
      // One folder per device keeps the pty paths readable: <dir>/card-reader/host.
      await mkdir(path.join(dir, kind));
      const onError = options.onError;
      const s = await serveOnPty(device, { baudRate: line.baudRate, dir: path.join(dir, kind), ...(onError ? { onError: (e: unknown) => onError(kind, e) } : {}) });
      served.push(s);
      devices[kind] = device;
      paths[kind] = s.hostPath;
    }
    const control = await startControlServer(options.controlSocket ?? path.join(dir, 'control.sock'), devices);
    let stopping: Promise<void> | undefined;
    return {
      paths: { ...paths, control: control.socketPath },
      devices,
      stop: () => (stopping ??= control.close().then(stopAll)),
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
