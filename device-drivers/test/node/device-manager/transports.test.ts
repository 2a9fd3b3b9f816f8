import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ByteTransport, TransportState } from '../../../src/common/transport.ts';
import { systemScheduler } from '../../../src/node/system-scheduler.ts';
import { ReopeningTransport } from '../../../src/node/device-manager/transports.ts';
import { HidTransport, RecordedHidDevice } from '../../../src/node/transport/hid-transport.ts';

class Line implements ByteTransport {
  state: TransportState = 'open';
  written: number[] = [];
  readonly #states = new Set<(s: TransportState) => void>();
  readonly #data = new Set<(b: Uint8Array) => void>();
  async write(bytes: Uint8Array) {
    this.written.push(...bytes);
  }
  onData(l: (b: Uint8Array) => void) {
    this.#data.add(l);
    return () => this.#data.delete(l);
  }
  onState(l: (s: TransportState) => void) {
    this.#states.add(l);
    return () => this.#states.delete(l);
  }
  emit(bytes: number[]) {
    for (const l of this.#data) l(Uint8Array.from(bytes));
  }
  unplug() {
    this.state = 'closed';
    for (const l of this.#states) l('closed');
  }
  async close() {
    this.state = 'closed';
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ReopeningTransport', () => {
  it('keeps trying with backoff until the device is there, then carries its bytes', async () => {
    vi.useFakeTimers();
    const lines: Line[] = [];
    let failures = 3;
    const open = vi.fn(async () => {
      if (failures-- > 0) throw new Error('no such device');
      const line = new Line();
      lines.push(line);
      return line;
    });
    const t = await ReopeningTransport.start(open, { initialMs: 100, maxMs: 1_000 }, systemScheduler);
    expect(t.state).toBe('closed');
    await expect(t.write(new Uint8Array([1]))).rejects.toMatchObject({ code: 'not-open' });
    await vi.advanceTimersByTimeAsync(100 + 200 - 1);
    expect(open).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1 + 400);
    expect(t.state).toBe('open');
    const got: number[] = [];
    t.onData((b) => got.push(...b));
    lines[0]!.emit([7, 8]);
    await t.write(new Uint8Array([9]));
    expect(got).toEqual([7, 8]);
    expect(lines[0]!.written).toEqual([9]);
    await t.close();
  });

  it('reopens a device that was unplugged, and close() stops the retries', async () => {
    vi.useFakeTimers();
    const lines: Line[] = [];
    const t = await ReopeningTransport.start(
      async () => {
        const line = new Line();
        lines.push(line);
        return line;
      },
      { initialMs: 50, maxMs: 50 },
      systemScheduler,
    );
    const states: TransportState[] = [];
    t.onState((s) => states.push(s));
    lines[0]!.unplug();
    expect(t.state).toBe('closed');
    await vi.advanceTimersByTimeAsync(50);
    expect(states).toEqual(['closed', 'open']);
    lines[1]!.unplug();
    await t.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(lines).toHaveLength(2);
  });

  it('releases the handle of a HID device that was unplugged: 100 replugs leave one device open', async () => {
    vi.useFakeTimers();
    const devices: RecordedHidDevice[] = [];
    const closed = new Set<RecordedHidDevice>();
    const t = await ReopeningTransport.start(
      async () => {
        const device = new RecordedHidDevice([]);
        const close = device.close.bind(device);
        device.close = () => {
          closed.add(device);
          close();
        };
        devices.push(device);
        return new HidTransport(device);
      },
      { initialMs: 10, maxMs: 10 },
      systemScheduler,
    );
    for (let i = 0; i < 100; i++) {
      devices.at(-1)!.unplug();
      await vi.advanceTimersByTimeAsync(10);
      expect(t.state).toBe('open');
    }
    expect(devices).toHaveLength(101);
    // hidapi keeps an unplugged device's handle (and its read thread) until it is closed.
    expect(devices.filter((d) => !closed.has(d))).toEqual([devices[100]]);
    await t.close();
    expect(closed.size).toBe(101);
  });
});
