/**
 * Serves a simulated device on a pty: the host opens `hostPath` exactly as it would open a
 * real serial device; the device's answers come back paced at the baud rate.
 */
import type { SimulatedDevice } from '../../common/simulated-device.ts';
import type { Scheduler } from '../../common/transport.ts';
import { systemScheduler } from '../system-scheduler.ts';
import { SerialTransport } from '../transport/serial-transport.ts';
import { PacedWriter } from './paced-writer.ts';
import { createPtyPair } from './pty-pair.ts';

/** Node's timers have millisecond granularity: shorter gaps are waited out in place. */
const BUSY_WAIT_BELOW_MS = 1;

export interface ServedDevice {
  hostPath: string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  baudRate: number;
  /** Directory for the pty links (stable paths); a temp dir by default. */
  dir?: string;
  scheduler?: Scheduler;
  /** A simulator that throws on some input: reported here, and the simulators keep running. */
  onError?: (error: unknown) => void;
}

export async function serveOnPty(device: SimulatedDevice, options: ServeOptions): Promise<ServedDevice> {
  const scheduler = options.scheduler ?? systemScheduler;
  const pair = await createPtyPair(options.dir === undefined ? {} : { dir: options.dir });
  let transport: SerialTransport;
  try {
    transport = await SerialTransport.open({ path: pair.devicePath, baudRate: options.baudRate });
  } catch (e) {
    await pair.close();
    throw e;
  }
  const writer = new PacedWriter(
    (bytes) => {
      // The host may have gone; a simulator keeps running regardless.
      transport.write(bytes).catch(() => {});
    },
    options.baudRate,
    scheduler,
    // A caller-supplied clock may be fake: busy-waiting would spin against it.
    options.scheduler ? 0 : BUSY_WAIT_BELOW_MS,
  );
  device.connect((bytes) => writer.push(bytes));
  transport.onData((bytes) => {
    writer.received(bytes.length);
    try {
      device.receive(bytes, scheduler.now());
    } catch (e) {
      options.onError?.(e);
    }
  });
  let stopping: Promise<void> | undefined;
  return {
    hostPath: pair.hostPath,
    stop: () =>
      (stopping ??= (async () => {
        writer.stop();
        await transport.close();
        await pair.close();
      })()),
  };
}
