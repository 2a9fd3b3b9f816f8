/**
 * Simulated devices die with their owner, however it ends: a crash test that SIGKILLs a host
 * or a CLI must not leave socat processes (and their ptys) behind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createPtyPair } from '../../../src/node/sim/pty-pair.ts';
import { SerialTransport } from '../../../src/node/transport/serial-transport.ts';
import type { ParentDeathGuard } from '../../../src/node/sim/pty-pair.ts';
import { exited, kioskDevicesBin, startUntilJsonLine } from '../../support/cli.ts';
import { socatDescendants, stillRunningAfter } from '../../support/processes.ts';

const packageRoot = path.resolve(import.meta.dirname, '../../..');
const owners: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const owner of owners.splice(0)) if (owner.exitCode === null && owner.signalCode === null) owner.kill('SIGKILL');
});

async function startOwner(args: string[]): Promise<{ owner: ChildProcessWithoutNullStreams; printed: Record<string, string> }> {
  const { child, json } = await startUntilJsonLine(args, { cwd: packageRoot });
  owners.push(child);
  return { owner: child, printed: json };
}

const ptyOwner = (guard: ParentDeathGuard) => ['--import', 'tsx', path.join(packageRoot, 'test/support/pty-owner.ts'), guard];

describe('simulated devices never outlive their owner', () => {
  it('kiosk-devices simulate killed with SIGKILL: its four socat processes and their ptys are gone within 2 s', async () => {
    const { owner, printed } = await startOwner([kioskDevicesBin, 'simulate']);
    const socats = socatDescendants(owner.pid!);
    expect(socats).toHaveLength(4);
    owner.kill('SIGKILL');
    await exited(owner);
    expect(await stillRunningAfter(socats, 2_000)).toEqual([]);
    // Asked to stop (not killed), socat removes its links: nothing left for a host to open.
    for (const kind of ['card-reader', 'id-reader', 'receipt-printer', 'barcode-scanner']) expect(existsSync(printed[kind]!)).toBe(false);
  }, 60_000);

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('kiosk-devices simulate stopped with %s exits 0 and leaves no socat', async (signal) => {
    const { owner, printed } = await startOwner([kioskDevicesBin, 'simulate']);
    const socats = socatDescendants(owner.pid!);
    expect(socats).toHaveLength(4);
    owner.kill(signal);
    expect(await exited(owner)).toBe(0);
    expect(await stillRunningAfter(socats, 2_000)).toEqual([]);
    expect(existsSync(printed.control!)).toBe(false);
  }, 60_000);

  // setpriv is in util-linux, which Debian never leaves out; the pipe guard is the fallback.
  it.each(['setpriv', 'pipe'] as const)('socat tied to its owner by the %s guard dies when the owner is SIGKILLed', async (guard) => {
    const { owner, printed } = await startOwner(ptyOwner(guard));
    expect(printed.guard).toBe(guard);
    const socats = socatDescendants(owner.pid!);
    expect(socats).toHaveLength(1);
    owner.kill('SIGKILL');
    expect(await stillRunningAfter(socats, 2_000)).toEqual([]);
    expect(existsSync(printed.hostPath!)).toBe(false);
  }, 60_000);

  it('a pty pair under the pipe guard carries bytes and closes cleanly', async () => {
    const pair = await createPtyPair({ parentDeathGuard: 'pipe' });
    const socats = socatDescendants(process.pid);
    expect(socats.length).toBeGreaterThanOrEqual(1);
    const host = await SerialTransport.open({ path: pair.hostPath, baudRate: 9600 });
    const device = await SerialTransport.open({ path: pair.devicePath, baudRate: 9600 });
    const arrived = new Promise<number[]>((resolve) => device.onData((b) => resolve([...b])));
    await host.write(Uint8Array.of(0x42));
    expect(await arrived).toEqual([0x42]);
    await host.close();
    await device.close();
    await pair.close();
    expect(existsSync(pair.hostPath)).toBe(false);
    expect(await stillRunningAfter(socats, 2_000)).toEqual([]);
  }, 60_000);
});
