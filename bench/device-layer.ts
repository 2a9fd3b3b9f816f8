/**
 * Device layer figures on simulators over real ptys:
 * - pacing: how close a simulated device's reply comes to wire time (ratio >= 1 by design;
 *   target <= 1.10 for a 4 KB reply at 9600 and 115200 baud);
 * - start: time for the device manager to open the four simulated devices and report them
 *   ready (median of 3; target < 2 s);
 * - recovery: time from a printer's port coming back to the manager reporting it ready again,
 *   with a 100 ms reconnect backoff (target < 1 s).
 *
 *   npx tsx bench/device-layer.ts
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseDeviceConfig } from '../device-drivers/src/common/device-config.ts';
import type { SimulatedDevice } from '../device-drivers/src/common/simulated-device.ts';
import { createVirtualPrinter } from '../device-drivers/src/common/sim/index.ts';
import { DeviceManager } from '../device-drivers/src/node/device-manager/device-manager.ts';
import { startSimulatedDevices } from '../device-drivers/src/node/device-manager/simulated.ts';
import { wireTimeMs } from '../device-drivers/src/node/sim/paced-writer.ts';
import { serveOnPty } from '../device-drivers/src/node/sim/serve.ts';
import { SerialTransport } from '../device-drivers/src/node/transport/serial-transport.ts';
import { median } from './stats.ts';

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
const results: boolean[] = [];

function burstDevice(size: number): SimulatedDevice {
  let out: (b: Uint8Array) => void = () => {};
  return {
    receive: () => out(new Uint8Array(size).fill(0x55)),
    connect: (o) => (out = o),
    control: () => ({ ok: false, error: 'none' }),
  };
}

async function pacing(baudRate: number): Promise<void> {
  const size = 4096;
  const served = await serveOnPty(burstDevice(size), { baudRate });
  const host = await SerialTransport.open({ path: served.hostPath, baudRate });
  const ratios: number[] = [];
  for (let run = 0; run < 3; run++) {
    let got = 0;
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const off = host.onData((b) => {
        got += b.length;
        if (got >= size) {
          off();
          resolve();
        }
      });
      void host.write(new Uint8Array([1]));
    });
    ratios.push((performance.now() - started) / wireTimeMs(size, baudRate));
  }
  await host.close();
  await served.stop();
  const r = median(ratios);
  results.push(r >= 1 && r <= 1.1);
  console.log(`pacing ${size} B at ${String(baudRate).padStart(6)} baud:  ${r.toFixed(3)} x wire time (${fmt(wireTimeMs(size, baudRate))} on the wire)`);
}

async function startTime(): Promise<void> {
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const sims = await startSimulatedDevices();
    const allReady = Object.values(sims.manager.health()).every((h) => h.state === 'ready');
    times.push(performance.now() - started);
    await sims.stop();
    if (!allReady) throw new Error('a simulated device was not ready');
  }
  results.push(median(times) < 2_000);
  console.log(`manager start, 4 simulated devices ready: ${fmt(median(times))} median`);
}

async function recovery(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-device-layer-'));
  const ptyDir = path.join(dir, 'printer');
  await mkdir(ptyDir);
  let served = await serveOnPty(createVirtualPrinter(), { baudRate: 9600, dir: ptyDir });
  const manager = await DeviceManager.start(
    parseDeviceConfig({ 'receipt-printer': { simulated: true, profile: '80mm' }, reconnect: { initialMs: 100, maxMs: 100 } }),
    { simulatorPaths: { 'receipt-printer': served.hostPath } },
  );
  const until = (state: string) =>
    new Promise<void>((resolve) => {
      if (manager.health()['receipt-printer']?.state === state) return resolve();
      const off = manager.on('health', (h) => {
        if (h['receipt-printer']?.state === state) {
          off();
          resolve();
        }
      });
    });
  const gone = performance.now();
  await served.stop();
  await until('absent');
  const noticed = performance.now() - gone;
  const back = performance.now();
  served = await serveOnPty(createVirtualPrinter(), { baudRate: 9600, dir: ptyDir });
  await until('ready');
  const recovered = performance.now() - back;
  await manager.stop();
  await served.stop();
  await rm(dir, { recursive: true, force: true });
  results.push(recovered < 1_000);
  console.log(`printer unplugged -> absent:            ${fmt(noticed)}`);
  console.log(`printer back -> ready (100 ms backoff):  ${fmt(recovered)}`);
}

console.log(`machine: ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(2)}`);
await pacing(9600);
await pacing(115200);
await startTime();
await recovery();
console.log(results.every(Boolean) ? 'all targets met' : 'some targets missed (see the figures; a loaded machine is slower)');
