/**
 * Social-security card read time over a pty with the simulator pacing the line, against the
 * time the bytes alone need on the wire (10 bits per byte, both directions: the simulator
 * starts each reply only once the host's command would have crossed the wire).
 * Target: median read <= 1.25 x wire time + 20 ms, at 9600 and 115200 baud.
 *
 *   npx tsx bench/card-read.ts
 */
import { availableParallelism, loadavg } from 'node:os';
import { CcidReader } from '../device-drivers/src/common/ccid/ccid-reader.ts';
import { SocialSecurityCardReader } from '../device-drivers/src/common/social-security-card/social-security-card-reader.ts';
import { createVirtualCardReader } from '../device-drivers/src/common/sim/index.ts';
import type { ByteTransport } from '../device-drivers/src/common/transport.ts';
import { wireTimeMs } from '../device-drivers/src/node/sim/paced-writer.ts';
import { serveOnPty } from '../device-drivers/src/node/sim/serve.ts';
import { systemScheduler } from '../device-drivers/src/node/system-scheduler.ts';
import { SerialTransport } from '../device-drivers/src/node/transport/serial-transport.ts';

const RUNS = 7;

/** Counts bytes both ways. */
function metered(inner: ByteTransport) {
  const counts = { toCard: 0, fromCard: 0, writes: 0 };
  inner.onData((b) => (counts.fromCard += b.length));
  const transport: ByteTransport = {
    get state() {
      return inner.state;
    },
    async write(bytes) {
      counts.toCard += bytes.length;
      counts.writes++;
      await inner.write(bytes);
    },
    onData: (l) => inner.onData(l),
    onState: (l) => inner.onState(l),
    close: () => inner.close(),
  };
  return { transport, counts };
}

async function bench(baudRate: number): Promise<boolean> {
  const served = await serveOnPty(createVirtualCardReader({ initialCard: 'ssc-v3' }), { baudRate });
  const serial = await SerialTransport.open({ path: served.hostPath, baudRate });
  const { transport, counts } = metered(serial);
  const ccid = new CcidReader(transport, systemScheduler);
  const reader = new SocialSecurityCardReader(ccid);
  try {
    await reader.read({ pin: '654321' }); // warm-up: JIT, GBK table
    const times: number[] = [];
    let bytes = 0;
    let exchanges = 0;
    for (let i = 0; i < RUNS; i++) {
      counts.toCard = 0;
      counts.fromCard = 0;
      counts.writes = 0;
      const started = performance.now();
      const r = await reader.read({ pin: '654321' });
      times.push(performance.now() - started);
      if (!r.ok) throw new Error(`read failed: ${r.error}`);
      bytes = counts.toCard + counts.fromCard;
      exchanges = counts.writes;
    }
    times.sort((a, b) => a - b);
    // The rig's own latency per exchange (pty, socat, timers): a GetSlotStatus round trip less its wire time.
    const trips: number[] = [];
    for (let i = 0; i < 21; i++) {
      const started = performance.now();
      await ccid.slotStatus(0);
      trips.push(performance.now() - started - wireTimeMs(26, baudRate));
    }
    trips.sort((a, b) => a - b);

    const median = times[Math.floor(RUNS / 2)]!;
    const wire = wireTimeMs(bytes, baudRate);
    const budget = 1.25 * wire + 20;
    const ok = median <= budget;
    const rig = trips[Math.floor(trips.length / 2)]!;
    console.log(
      `${String(baudRate).padStart(6)} baud  3.00 card + PIN + PSAM: ${exchanges} exchanges, ${bytes} bytes on the wire, wire time ${wire.toFixed(1)} ms, ` +
        `median read ${median.toFixed(1)} ms (min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)}), ` +
        `ratio ${(median / wire).toFixed(3)} x wire, budget ${budget.toFixed(1)} ms: ${ok ? 'within target' : 'OVER TARGET'}; ` +
        `rig latency ${rig.toFixed(2)} ms per exchange (x${exchanges} = ${(rig * exchanges).toFixed(1)} ms of the read)`,
    );
    return ok;
  } finally {
    ccid.dispose();
    await serial.close();
    await served.stop();
  }
}

// Exchanges (27 per read) dominate at 115200 baud, so a busy machine shows: say how busy.
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
const results = [await bench(9600), await bench(115200)];
console.log(results.every((ok) => ok) ? 'card read within 1.25 x wire time + 20 ms at both rates' : 'card read over 1.25 x wire time + 20 ms at some rate (see above)');
