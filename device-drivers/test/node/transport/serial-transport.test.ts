import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SerialPortMock } from 'serialport';
import { TransportError } from '../../../src/common/transport.ts';
import type { Scheduler, TransportState } from '../../../src/common/transport.ts';
import { createPtyPair } from '../../../src/node/sim/pty-pair.ts';
import { backoffDelay, SerialTransport } from '../../../src/node/transport/serial-transport.ts';
import type { BindingInterface, BindingPort, PortInfo } from '../../../src/node/transport/serial-transport.ts';

/** serialport's mock binding, typed by what it offers (its own types do not resolve under ESM). */
interface MockPortBinding extends BindingPort {
  emitData(data: Buffer): void;
  recording: Buffer;
}
const MockBinding = SerialPortMock.binding as {
  list(): Promise<PortInfo[]>;
  open(options: { path: string; baudRate: number }): Promise<MockPortBinding>;
  createPort(path: string, options?: { vendorId?: string; productId?: string; record?: boolean }): void;
  reset(): void;
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0).reverse()) await c();
  MockBinding.reset();
});

/** Resolves when `predicate` holds, polling; fails the test after `ms`. */
async function until(predicate: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function collect(t: SerialTransport): { bytes: number[] } {
  const got = { bytes: [] as number[] };
  t.onData((b) => got.bytes.push(...b));
  return got;
}

/** The real timers, counting the ones still pending. */
function countingScheduler(): Scheduler & { pending: Set<unknown>; delays: number[] } {
  const pending = new Set<unknown>();
  const delays: number[] = [];
  return {
    pending,
    delays,
    now: () => Date.now(),
    setTimeout(callback, ms) {
      delays.push(ms);
      const handle = setTimeout(() => {
        pending.delete(handle);
        callback();
      }, ms);
      pending.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      pending.delete(handle);
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
  };
}

describe('SerialTransport over a real pty pair', () => {
  it('carries bytes both ways', async () => {
    const pair = await createPtyPair();
    cleanups.push(pair.close);
    const host = await SerialTransport.open({ path: pair.hostPath, baudRate: 9600 });
    const device = await SerialTransport.open({ path: pair.devicePath, baudRate: 9600 });
    cleanups.push(() => host.close(), () => device.close());
    const atDevice = collect(device);
    const atHost = collect(host);
    expect(host.state).toBe('open');
    await host.write(new Uint8Array([0x10, 0x04, 0x01]));
    await until(() => atDevice.bytes.length === 3);
    expect(atDevice.bytes).toEqual([0x10, 0x04, 0x01]);
    await device.write(new Uint8Array([0x12]));
    await until(() => atHost.bytes.length === 1);
    expect(atHost.bytes).toEqual([0x12]);
  });

  it('reports closed when the port vanishes and reopens it with backoff when it comes back', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'serial-transport-test-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    let pair = await createPtyPair({ dir });
    const scheduler = countingScheduler();
    const host = await SerialTransport.open({ path: pair.hostPath, baudRate: 9600, reconnect: { initialMs: 20, maxMs: 160 }, scheduler });
    cleanups.push(() => host.close());
    const states: TransportState[] = [];
    host.onState((s) => states.push(s));
    // A pty whose other end vanishes before the first read ever starts reads as endless EOF in
    // serialport's Linux binding; a real device vanishes long after its port was opened. A byte
    // from the device that arrives proves the host is reading, however slow the machine is.
    const deviceEnd = await SerialTransport.open({ path: pair.devicePath, baudRate: 9600, presenceCheckMs: false });
    const received = collect(host);
    await deviceEnd.write(new Uint8Array([0x55]));
    await until(() => received.bytes.length === 1);
    await deviceEnd.close();

    await pair.close();
    await until(() => host.state === 'closed');
    // Let several attempts fail while the device is gone, so the backoff grows to its cap.
    await until(() => scheduler.delays.filter((d) => d === 160).length >= 2);
    await expect(host.write(new Uint8Array([1]))).rejects.toMatchObject({ code: 'not-open' });

    pair = await createPtyPair({ dir });
    cleanups.push(pair.close);
    await until(() => host.state === 'open');
    expect(states).toEqual(['closed', 'open']);
    // Besides reconnects the transport times its opens (5 s) and checks the node exists (1 s).
    const reconnectDelays = scheduler.delays.filter((d) => d !== 5_000 && d !== 1_000);
    expect(reconnectDelays.slice(0, 5)).toEqual([20, 40, 80, 160, 160]);

    const device = await SerialTransport.open({ path: pair.devicePath, baudRate: 9600 });
    cleanups.push(() => device.close());
    const atDevice = collect(device);
    await host.write(new Uint8Array([0xaa, 0x55]));
    await until(() => atDevice.bytes.length === 2);
    expect(atDevice.bytes).toEqual([0xaa, 0x55]);
  });

  it('leaves no timer or handle behind after close, even while reconnecting', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'serial-transport-test-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const pair = await createPtyPair({ dir });
    const before = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length;
    const scheduler = countingScheduler();
    const host = await SerialTransport.open({ path: pair.hostPath, baudRate: 9600, reconnect: { initialMs: 50, maxMs: 50 }, scheduler });
    await host.write(new Uint8Array([1, 2, 3]));
    await pair.close();
    await until(() => host.state === 'closed' && scheduler.pending.size > 0);
    await host.close();
    expect(scheduler.pending.size).toBe(0);
    // Give the closed fd's pending callbacks a turn to finish.
    await until(() => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length <= before, 5_000);
    expect(process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length).toBeLessThanOrEqual(before);
  });

  it('notices a pty that vanished before its first read, through the presence check', async () => {
    const pair = await createPtyPair();
    const host = await SerialTransport.open({ path: pair.hostPath, baudRate: 9600, presenceCheckMs: 100 });
    cleanups.push(() => host.close());
    await pair.close();
    await until(() => host.state === 'closed', 5_000);
  });

  it('fails to open a path that does not exist with open-failed', async () => {
    await expect(SerialTransport.open({ path: '/dev/does-not-exist-kiosk', baudRate: 9600 })).rejects.toMatchObject({
      name: 'TransportError',
      code: 'open-failed',
    });
  });
});

describe('SerialTransport with a scripted binding', () => {
  it('finds the port by USB vendor and product id, whatever the spelling', async () => {
    MockBinding.createPort('/dev/ttyMOCK0', { vendorId: '0403', productId: '6001' });
    MockBinding.createPort('/dev/ttyMOCK1', { vendorId: '1a86', productId: '7523', record: true });
    const t = await SerialTransport.open({ vendorId: '0x1A86', productId: '7523', baudRate: 115200, binding: MockBinding });
    cleanups.push(() => t.close());
    expect(t.path).toBe('/dev/ttyMOCK1');
    await t.write(new Uint8Array([0x1b, 0x40]));
  });

  it('reports a missing USB id as open-failed naming the id', async () => {
    MockBinding.createPort('/dev/ttyMOCK0', { vendorId: '0403', productId: '6001' });
    const err = await SerialTransport.open({ vendorId: '1a86', productId: '7523', baudRate: 9600, binding: MockBinding }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ code: 'open-failed' });
    expect((err as Error).message).toContain('1a86:7523');
  });

  it('delivers scripted data and records writes', async () => {
    MockBinding.createPort('/dev/ttyMOCK2', { record: true });
    let port: MockPortBinding | undefined;
    const capturing: BindingInterface = { ...MockBinding, open: async (options) => (port = await MockBinding.open(options)) };
    const t = await SerialTransport.open({ path: '/dev/ttyMOCK2', baudRate: 9600, binding: capturing });
    cleanups.push(() => t.close());
    const got = collect(t);
    port!.emitData(Buffer.from([0x30, 0x31]));
    await until(() => got.bytes.length === 2);
    expect(got.bytes).toEqual([0x30, 0x31]);
    await t.write(new Uint8Array([7, 8]));
    expect([...port!.recording]).toEqual([7, 8]);
  });

  it('times out an open that never completes', async () => {
    vi.useFakeTimers();
    const hanging: BindingInterface = { ...MockBinding, list: async () => [], open: () => new Promise(() => {}) };
    const opening = SerialTransport.open({ path: '/dev/ttyHANG', baudRate: 9600, binding: hanging, openTimeoutMs: 3_000 });
    const settled = opening.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2_999);
    await vi.advanceTimersByTimeAsync(1);
    const err = await settled;
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ code: 'timeout' });
  });

  it('times out a write the port never finishes', async () => {
    MockBinding.createPort('/dev/ttyMOCK3');
    const stuck: BindingInterface = {
      ...MockBinding,
      open: async (options) => {
        const port = await MockBinding.open(options);
        port.write = () => new Promise(() => {});
        return port;
      },
    };
    const t = await SerialTransport.open({ path: '/dev/ttyMOCK3', baudRate: 9600, binding: stuck, writeTimeoutMs: 2_000 });
    vi.useFakeTimers();
    const result = t.write(new Uint8Array([1])).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await result).toMatchObject({ name: 'TransportError', code: 'timeout' });
    vi.useRealTimers();
    await t.close();
  });
});

describe('backoffDelay', () => {
  it('doubles from the initial delay and stops at the cap', () => {
    const policy = { initialMs: 100, maxMs: 1_000 };
    expect([0, 1, 2, 3, 4, 5, 500].map((n) => backoffDelay(policy, n))).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
  });
});
