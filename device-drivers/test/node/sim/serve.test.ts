import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { SimulatedDevice, SimulatorCommand } from '../../../src/common/simulated-device.ts';
import type { Scheduler } from '../../../src/common/transport.ts';
import { PacedWriter, wireTimeMs } from '../../../src/node/sim/paced-writer.ts';
import { createPtyPair, PtyError } from '../../../src/node/sim/pty-pair.ts';
import { serveOnPty } from '../../../src/node/sim/serve.ts';
import { SerialTransport } from '../../../src/node/transport/serial-transport.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Answers every byte it receives with `replySize` copies of it. */
class EchoBurstDevice implements SimulatedDevice {
  #output: (bytes: Uint8Array) => void = () => {};
  received: number[] = [];
  constructor(private readonly replySize: number) {}
  receive(bytes: Uint8Array): void {
    this.received.push(...bytes);
    for (const b of bytes) this.#output(new Uint8Array(this.replySize).fill(b));
  }
  connect(output: (bytes: Uint8Array) => void): void {
    this.#output = output;
  }
  control(command: SimulatorCommand) {
    return { ok: false as const, error: `unknown action ${command.action}` };
  }
}

async function readBytes(t: SerialTransport, count: number, timeoutMs = 15_000): Promise<number[]> {
  const got: number[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${got.length} of ${count} bytes arrived`)), timeoutMs);
    t.onData((b) => {
      got.push(...b);
      if (got.length >= count) {
        clearTimeout(timer);
        resolve(got);
      }
    });
  });
}

describe('serveOnPty', () => {
  it('serves a device on a pty: host bytes reach it and its reply comes back', async () => {
    const device = new EchoBurstDevice(3);
    const served = await serveOnPty(device, { baudRate: 115200 });
    cleanups.push(served.stop);
    const host = await SerialTransport.open({ path: served.hostPath, baudRate: 115200 });
    cleanups.push(() => host.close());
    const reply = readBytes(host, 3);
    await host.write(new Uint8Array([0x42]));
    expect(await reply).toEqual([0x42, 0x42, 0x42]);
    expect(device.received).toEqual([0x42]);
  });

  it('answers no faster than the wire: 1000 bytes at 9600 baud take at least 1.04 s', async () => {
    const served = await serveOnPty(new EchoBurstDevice(1000), { baudRate: 9600 });
    cleanups.push(served.stop);
    const host = await SerialTransport.open({ path: served.hostPath, baudRate: 9600 });
    cleanups.push(() => host.close());
    const reply = readBytes(host, 1000);
    const start = performance.now();
    await host.write(new Uint8Array([1]));
    await reply;
    // Lower bound only: a loaded machine may be slower, never faster.
    expect(performance.now() - start).toBeGreaterThanOrEqual(wireTimeMs(1000, 9600) - 5);
  });

  it('reports a simulator that throws on its input and keeps serving', async () => {
    const device = new EchoBurstDevice(1);
    const receive = device.receive.bind(device);
    device.receive = (bytes) => {
      if (bytes[0] === 0xff) throw new Error('simulator bug');
      receive(bytes);
    };
    const errors: unknown[] = [];
    const served = await serveOnPty(device, { baudRate: 115200, onError: (e) => errors.push(e) });
    cleanups.push(served.stop);
    const host = await SerialTransport.open({ path: served.hostPath, baudRate: 115200 });
    cleanups.push(() => host.close());
    await host.write(new Uint8Array([0xff]));
    for (let waited = 0; errors.length === 0 && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    const reply = readBytes(host, 1);
    await host.write(new Uint8Array([0x07]));
    expect(await reply).toEqual([0x07]);
    expect(errors).toEqual([new Error('simulator bug')]);
  });

  it('removes its pty links when stopped', async () => {
    const served = await serveOnPty(new EchoBurstDevice(1), { baudRate: 9600 });
    expect(existsSync(served.hostPath)).toBe(true);
    await served.stop();
    expect(existsSync(served.hostPath)).toBe(false);
  });
});

describe('PacedWriter', () => {
  function manualScheduler() {
    let now = 0;
    const timers: { at: number; fn: () => void; id: number }[] = [];
    let nextId = 0;
    const s: Scheduler & { advance(ms: number): void } = {
      now: () => now,
      setTimeout(fn, ms) {
        const id = nextId++;
        timers.push({ at: now + ms, fn, id });
        return id;
      },
      clearTimeout(id) {
        const i = timers.findIndex((t) => t.id === id);
        if (i >= 0) timers.splice(i, 1);
      },
      advance(ms) {
        const end = now + ms;
        for (;;) {
          timers.sort((a, b) => a.at - b.at);
          const t = timers[0];
          if (!t || t.at > end) break;
          timers.shift();
          now = t.at;
          t.fn();
        }
        now = end;
      },
    };
    return s;
  }

  it('delivers each slice only once its bits have crossed the wire, in order', () => {
    const scheduler = manualScheduler();
    const delivered: { at: number; bytes: number[] }[] = [];
    const writer = new PacedWriter((b) => delivered.push({ at: scheduler.now(), bytes: [...b] }), 9600, scheduler);
    const data = Uint8Array.from({ length: 100 }, (_, i) => i);
    writer.push(data);
    scheduler.advance(5);
    expect(delivered).toEqual([]);
    scheduler.advance(2_000);
    expect(delivered.flatMap((d) => d.bytes)).toEqual([...data]);
    let sent = 0;
    for (const d of delivered) {
      sent += d.bytes.length;
      expect(d.at).toBeGreaterThanOrEqual(wireTimeMs(sent, 9600) - 1e-9);
    }
  });

  it('starts a reply only once the command it answers has crossed the wire', () => {
    const scheduler = manualScheduler();
    const delivered: { at: number; bytes: number[] }[] = [];
    const writer = new PacedWriter((b) => delivered.push({ at: scheduler.now(), bytes: [...b] }), 9600, scheduler);
    writer.received(12);
    writer.push(new Uint8Array([0x90, 0x00]));
    scheduler.advance(wireTimeMs(12 + 2, 9600) - 0.01);
    expect(delivered).toEqual([]);
    scheduler.advance(0.02);
    expect(delivered).toEqual([{ at: wireTimeMs(14, 9600), bytes: [0x90, 0x00] }]);
    // An unsolicited message on an idle line goes out after its own wire time only.
    scheduler.advance(100);
    writer.push(new Uint8Array([0x50]));
    scheduler.advance(wireTimeMs(1, 9600));
    expect(delivered).toHaveLength(2);
  });

  it('waits out a gap shorter than a timer tick in place, never before the wire allows', () => {
    // A clock that moves on as it is read, like a real one; a timer would mean a wasted millisecond.
    let now = 0;
    const timers: number[] = [];
    const scheduler: Scheduler = {
      now: () => (now += 0.01),
      setTimeout: (_fn, ms) => timers.push(ms),
      clearTimeout: () => {},
    };
    const delivered: { at: number; bytes: number[] }[] = [];
    const writer = new PacedWriter((b) => delivered.push({ at: now, bytes: [...b] }), 115200, scheduler, 1);
    writer.received(4);
    const due = now + wireTimeMs(4 + 2, 115200);
    writer.push(new Uint8Array([0x90, 0x00]));
    expect(timers).toEqual([]);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.at).toBeGreaterThanOrEqual(due);
    expect(delivered[0]!.bytes).toEqual([0x90, 0x00]);
  });

  it('drops what is queued when stopped', () => {
    const scheduler = manualScheduler();
    const delivered: number[] = [];
    const writer = new PacedWriter((b) => delivered.push(...b), 9600, scheduler);
    writer.push(new Uint8Array(500));
    scheduler.advance(30);
    writer.stop();
    const before = delivered.length;
    scheduler.advance(2_000);
    expect(delivered.length).toBe(before);
    expect(before).toBeLessThan(500);
  });
});

describe('createPtyPair', () => {
  it('says clearly when socat is not installed', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const err = await createPtyPair().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PtyError);
      expect(err).toMatchObject({ code: 'socat-missing' });
    } finally {
      process.env.PATH = path;
    }
  });
});
