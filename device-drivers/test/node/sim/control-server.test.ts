import { afterEach, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { SimulatedDevice, SimulatorCommand } from '../../../src/common/simulated-device.ts';
import { SimulatorControl, SimulatorControlError } from '../../../src/node/sim/control-client.ts';
import { handleControlLine, startControlServer } from '../../../src/node/sim/control-server.ts';
import type { ControlServer } from '../../../src/node/sim/control-server.ts';

/** Records the commands it gets; `explode` throws like a buggy simulator. */
function recorder(): SimulatedDevice & { commands: SimulatorCommand[] } {
  const commands: SimulatorCommand[] = [];
  return {
    commands,
    receive: () => {},
    connect: () => {},
    control(command) {
      commands.push(command);
      if (command.action === 'explode') throw new Error('boom');
      return { ok: true, echoed: command.action };
    },
  };
}

let server: ControlServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('simulator control channel', () => {
  it('forwards the action and its arguments, without the device name, to that device', () => {
    const printer = recorder();
    expect(handleControlLine('{"device":"receipt-printer","action":"paper-out","afterLines":3}', { 'receipt-printer': printer })).toEqual({ ok: true, echoed: 'paper-out' });
    expect(printer.commands).toEqual([{ action: 'paper-out', afterLines: 3 }]);
  });

  it.each([
    ['not json', 'not JSON'],
    ['{"device":"coin-acceptor","action":"x"}', 'device'],
    ['{"device":"card-reader"}', 'action'],
    ['{"device":"id-reader","action":"x"}', 'no simulated id-reader'],
    ['{"device":"card-reader","action":"explode"}', 'boom'],
  ])('answers %s with a typed failure', (line, message) => {
    const result = handleControlLine(line, { 'card-reader': recorder() });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(message);
  });

  it('answers every line with a result and never throws', () => {
    const devices = { 'card-reader': recorder() };
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ device: 'card-reader', action: 'a', v }))), (line) => {
        const result = handleControlLine(line, devices);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });

  it('serves requests in order on a Unix socket, and the client reports a stopped server', async () => {
    const socket = path.join(mkdtempSync(path.join(tmpdir(), 'control-test-')), 'control.sock');
    const scanner = recorder();
    server = await startControlServer(socket, { 'barcode-scanner': scanner });
    const client = await SimulatorControl.connect(socket);
    const answers = await Promise.all([client.send('barcode-scanner', { action: 'first' }), client.send('barcode-scanner', { action: 'second' })]);
    expect(answers).toEqual([
      { ok: true, echoed: 'first' },
      { ok: true, echoed: 'second' },
    ]);
    await server.close();
    server = undefined;
    await expect(client.send('barcode-scanner', { action: 'third' })).rejects.toBeInstanceOf(SimulatorControlError);
    await expect(SimulatorControl.connect(socket)).rejects.toMatchObject({ code: 'unreachable' });
  });

  it('cuts off a client that sends an endless line', async () => {
    const socket = path.join(mkdtempSync(path.join(tmpdir(), 'control-test-')), 'control.sock');
    server = await startControlServer(socket, {});
    const reply = await new Promise<string>((resolve) => {
      const s = connect(socket);
      let text = '';
      s.on('data', (b) => (text += b.toString()));
      s.on('close', () => resolve(text));
      s.on('error', () => resolve(text));
      s.write('x'.repeat(100_000));
    });
    expect(JSON.parse(reply)).toEqual({ ok: false, error: 'request line too long' });
  });
});
