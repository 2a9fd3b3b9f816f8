import { describe, expect, it } from 'vitest';
import { IdCardReader, type IdReaderEvent } from '../../../src/common/id-reader/id-reader.ts';
import { DEMO_ID_DOCUMENTS } from '../../../src/common/sim/demo-people.ts';
import { VirtualIdReader } from '../../../src/common/sim/virtual-id-reader.ts';
import { FakeScheduler } from '../../support/fake-scheduler.ts';
import { FakeTransport } from '../../support/fake-transport.ts';

function setup(initialCard: 'id-card' | 'residence-permit' | 'foreign-permanent-residence' | null = 'id-card') {
  const sim = new VirtualIdReader({ initialCard });
  const transport = new FakeTransport().attach(sim);
  const scheduler = new FakeScheduler();
  return { sim, transport, scheduler, reader: new IdCardReader(transport, scheduler, { timeoutMs: 1000, retries: 1 }) };
}

describe('IdCardReader', () => {
  it('reads each kind of document', async () => {
    const { sim, reader } = setup();
    for (const kind of ['id-card', 'residence-permit', 'foreign-permanent-residence'] as const) {
      sim.control({ action: 'place-card', card: kind });
      expect(await reader.read()).toEqual({ ok: true, card: DEMO_ID_DOCUMENTS[kind] });
    }
  });

  it('reports an empty reader as no-card', async () => {
    const { reader } = setup(null);
    expect(await reader.read()).toEqual({ ok: false, error: 'no-card' });
  });

  it('reports card-removed when the card goes between select and read', async () => {
    const { sim, transport, reader } = setup();
    let frames = 0;
    const deliver = transport.deviceOutput;
    transport.deviceOutput = (bytes) => {
      if (++frames === 2) sim.control({ action: 'remove-card' });
      return deliver(bytes);
    };
    expect(await reader.read()).toEqual({ ok: false, error: 'card-removed' });
  });

  it('reports reader-absent after retries when the reader is silent', async () => {
    const { transport, scheduler, reader } = setup();
    transport.deviceOutput = () => [];
    const result = reader.read();
    for (let i = 0; i < 3; i++) await scheduler.advance(1000);
    expect(await result).toEqual({ ok: false, error: 'reader-absent' });
    expect(transport.written).toHaveLength(2);
  });

  it('asks again after a corrupted answer', async () => {
    const { transport, reader } = setup();
    let n = 0;
    transport.deviceOutput = (bytes) => {
      if (++n !== 3) return [bytes];
      const bad = bytes.slice();
      bad[100]! ^= 0x40;
      return [bad];
    };
    expect(await reader.read()).toMatchObject({ ok: true });
  });

  it('polls for the card and reports placing and removal', async () => {
    const { sim, scheduler, reader } = setup(null);
    const events: IdReaderEvent[] = [];
    reader.onCardEvent((e) => events.push(e));
    reader.watch();
    await scheduler.advance(600);
    sim.control({ action: 'place-card', card: 'residence-permit' });
    await scheduler.advance(600);
    sim.control({ action: 'remove-card' });
    await scheduler.advance(600);
    expect(events).toEqual([{ type: 'card-inserted' }, { type: 'card-removed' }]);
    reader.dispose();
    expect(scheduler.pendingTimers).toBe(0);
  });
});
