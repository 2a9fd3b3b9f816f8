/** The card-reader drivers over real ptys (socat) and serialport, against the simulators. */
import { afterEach, describe, expect, it } from 'vitest';
import { CcidReader } from '../../src/common/ccid/ccid-reader.ts';
import { IdCardReader } from '../../src/common/id-reader/id-reader.ts';
import { SocialSecurityCardReader } from '../../src/common/social-security-card/social-security-card-reader.ts';
import { DEMO_ID_DOCUMENTS, DEMO_SOCIAL_SECURITY_HOLDERS } from '../../src/common/sim/demo-people.ts';
import { createVirtualCardReader, createVirtualIdReader } from '../../src/common/sim/index.ts';
import type { VirtualCardReaderOptions } from '../../src/common/sim/virtual-card-reader.ts';
import type { SimulatedDevice } from '../../src/common/simulated-device.ts';
import { createPtyPair } from '../../src/node/sim/pty-pair.ts';
import { serveOnPty } from '../../src/node/sim/serve.ts';
import { systemScheduler } from '../../src/node/system-scheduler.ts';
import { SerialTransport } from '../../src/node/transport/serial-transport.ts';

const BAUD = 115200;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function open(device: SimulatedDevice): Promise<SerialTransport> {
  const served = await serveOnPty(device, { baudRate: BAUD });
  cleanups.push(() => served.stop());
  const transport = await SerialTransport.open({ path: served.hostPath, baudRate: BAUD });
  cleanups.push(() => transport.close());
  return transport;
}

async function cardReader(options: VirtualCardReaderOptions = {}) {
  const sim = createVirtualCardReader(options);
  const transport = await open(sim);
  const ccid = new CcidReader(transport, systemScheduler, { pollIntervalMs: 100 });
  cleanups.push(() => ccid.dispose());
  return { sim, transport, ccid, reader: new SocialSecurityCardReader(ccid) };
}

function nextEvent(reader: SocialSecurityCardReader | IdCardReader): Promise<string> {
  return new Promise((resolve) => {
    const off = reader.onCardEvent((e) => {
      if (e.type === 'card-inserted' || e.type === 'card-removed') {
        off();
        resolve(e.type);
      }
    });
  });
}

describe('social-security card reader over a pty', { timeout: 60_000 }, () => {
  it('reads the 2.00 card, then the 3.00 card through the PSAM', async () => {
    const { sim, reader } = await cardReader();
    expect(await reader.read()).toMatchObject({ ok: true, card: { citizenId: DEMO_SOCIAL_SECURITY_HOLDERS.zhangWeiming.citizenId } });
    sim.control({ action: 'insert-card', card: 'ssc-v3' });
    expect(await reader.read({ pin: '654321' })).toMatchObject({ ok: true, card: { name: DEMO_SOCIAL_SECURITY_HOLDERS.liXiuying.name } });
  });

  it('hears insertion and removal from the reader notifications', async () => {
    const { sim, reader } = await cardReader({ initialCard: null });
    const inserted = nextEvent(reader);
    sim.control({ action: 'insert-card', card: 'ssc-v2' });
    expect(await inserted).toBe('card-inserted');
    const removed = nextEvent(reader);
    sim.control({ action: 'remove-card' });
    expect(await removed).toBe('card-removed');
  });

  it('finds the card by polling when the reader sends no notifications', async () => {
    const { sim, ccid, reader } = await cardReader({ initialCard: null, notifications: false });
    ccid.watch();
    const inserted = nextEvent(reader);
    sim.control({ action: 'insert-card', card: 'ssc-v2' });
    expect(await inserted).toBe('card-inserted');
  });

  it('reports card-removed when the card is pulled during the read', async () => {
    const { sim, reader } = await cardReader();
    sim.control({ action: 'remove-card', afterApdus: 6 });
    expect(await reader.read()).toEqual({ ok: false, error: 'card-removed' });
  });

  it('reports reader-absent when the port is closed under it', async () => {
    const { transport, reader } = await cardReader();
    await transport.close();
    expect(await reader.read()).toEqual({ ok: false, error: 'reader-absent' });
  });
});

describe('ID reader over a pty', { timeout: 60_000 }, () => {
  it('reads a residence permit and reports an empty reader', async () => {
    const sim = createVirtualIdReader({ initialCard: 'residence-permit' });
    const reader = new IdCardReader(await open(sim), systemScheduler);
    cleanups.push(() => reader.dispose());
    expect(await reader.read()).toEqual({ ok: true, card: DEMO_ID_DOCUMENTS['residence-permit'] });
    sim.control({ action: 'remove-card' });
    expect(await reader.read()).toEqual({ ok: false, error: 'no-card' });
  });
});

describe('a silent reader on a real pty', { timeout: 60_000 }, () => {
  async function silentLine(): Promise<SerialTransport> {
    const pair = await createPtyPair();
    cleanups.push(() => pair.close());
    const transport = await SerialTransport.open({ path: pair.hostPath, baudRate: BAUD });
    cleanups.push(() => transport.close());
    return transport;
  }

  it('gives reader-absent for the card reader after its retries, not a hang', async () => {
    const ccid = new CcidReader(await silentLine(), systemScheduler, { timeoutMs: 200, retries: 1 });
    cleanups.push(() => ccid.dispose());
    expect(await new SocialSecurityCardReader(ccid).read()).toEqual({ ok: false, error: 'reader-absent' });
  });

  it('gives reader-absent for the ID reader after its retries, not a hang', async () => {
    const reader = new IdCardReader(await silentLine(), systemScheduler, { timeoutMs: 200, retries: 1 });
    cleanups.push(() => reader.dispose());
    expect(await reader.read()).toEqual({ ok: false, error: 'reader-absent' });
  });
});
