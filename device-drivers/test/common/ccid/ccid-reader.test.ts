import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../src/common/apdu/apdu.ts';
import { CcidReader, CcidReaderError, type CcidReaderEvent } from '../../../src/common/ccid/ccid-reader.ts';
import { CcidFrameParser, encodeCcidFrame, type CcidMessage } from '../../../src/common/ccid/frame.ts';
import { notifySlotChange } from '../../../src/common/ccid/messages.ts';
import { VirtualCardReader } from '../../../src/common/sim/virtual-card-reader.ts';
import { FakeScheduler, settle } from '../../support/fake-scheduler.ts';
import { FakeTransport } from '../../support/fake-transport.ts';

/** The CCID messages the driver wrote. */
function sent(transport: FakeTransport): CcidMessage[] {
  const parser = new CcidFrameParser();
  return transport.written.flatMap((w) => parser.push(w)).flatMap((e) => (e.type === 'message' ? [e.message] : []));
}

function reply(to: CcidMessage, type: number, bStatus: number, bError: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  return encodeCcidFrame({ type, slot: to.slot, seq: to.seq, params: [bStatus, bError, 0], payload });
}

function setup(options: ConstructorParameters<typeof CcidReader>[2] = {}) {
  const transport = new FakeTransport();
  const scheduler = new FakeScheduler();
  const reader = new CcidReader(transport, scheduler, { timeoutMs: 1000, retries: 2, ...options });
  const events: CcidReaderEvent[] = [];
  reader.onEvent((e) => events.push(e));
  return { transport, scheduler, reader, events };
}

describe('CcidReader request/response', () => {
  it('numbers requests and matches replies by bSeq, ignoring a stale reply', async () => {
    const { transport, reader } = setup();
    const atr = reader.powerOn(0);
    await settle();
    const [powerOn] = sent(transport);
    expect(powerOn).toMatchObject({ type: 0x62, slot: 0 });
    transport.emit(reply({ ...powerOn!, seq: (powerOn!.seq + 200) & 0xff }, 0x80, 0, 0, fromHex('3B 00')));
    transport.emit(reply(powerOn!, 0x80, 0, 0, fromHex('3B 02 14 50')));
    expect([...(await atr)]).toEqual([0x3b, 0x02, 0x14, 0x50]);
    const status = reader.slotStatus(0);
    await settle();
    const second = sent(transport)[1]!;
    expect(second.seq).toBe((powerOn!.seq + 1) & 0xff);
    transport.emit(reply(second, 0x81, 0x01, 0));
    expect(await status).toEqual({ icc: 'inactive', command: 'ok' });
  });

  it('retries a silent GetSlotStatus, then fails with a typed timeout instead of hanging', async () => {
    const { transport, scheduler, reader } = setup();
    const status = reader.slotStatus(0).catch((e: unknown) => e);
    await scheduler.advance(1000);
    await scheduler.advance(1000);
    await scheduler.advance(1000);
    const error = await status;
    expect(error).toBeInstanceOf(CcidReaderError);
    expect(error).toMatchObject({ code: 'timeout' });
    expect(sent(transport)).toHaveLength(3);
    expect(scheduler.pendingTimers).toBe(0);
  });

  it('never repeats an APDU that is not marked idempotent (a VERIFY could cost a PIN try)', async () => {
    const { transport, scheduler, reader } = setup();
    const verify = reader.transmit(0, fromHex('00 20 00 00 03 12 34 56'), { idempotent: false }).catch((e: unknown) => e);
    await scheduler.advance(1000);
    expect(await verify).toMatchObject({ code: 'timeout' });
    expect(sent(transport)).toHaveLength(1);
  });

  it('re-sends a read at once when its reply arrives with a bad LRC', async () => {
    const { transport, reader } = setup();
    const read = reader.transmit(0, fromHex('00 B2 08 00 14'), { idempotent: true });
    await settle();
    const first = sent(transport)[0]!;
    const corrupted = reply(first, 0x80, 0, 0, fromHex('90 00'));
    corrupted[11]! ^= 0xff;
    transport.emit(corrupted);
    await settle();
    const second = sent(transport)[1]!;
    expect(second.payload).toEqual(first.payload);
    transport.emit(reply(second, 0x80, 0, 0, fromHex('90 00')));
    expect([...(await read)]).toEqual([0x90, 0x00]);
  });

  it('fails a VERIFY whose reply is corrupted with corrupt-reply, without re-sending', async () => {
    const { transport, reader } = setup();
    const verify = reader.transmit(0, fromHex('00 20 00 00 03 12 34 56'), { idempotent: false }).catch((e: unknown) => e);
    await settle();
    const corrupted = reply(sent(transport)[0]!, 0x80, 0, 0, fromHex('90 00'));
    corrupted[12]! ^= 0x01;
    transport.emit(corrupted);
    expect(await verify).toMatchObject({ code: 'corrupt-reply' });
    expect(sent(transport)).toHaveLength(1);
  });

  it('keeps waiting while the reader asks for more time', async () => {
    const { transport, scheduler, reader } = setup();
    const read = reader.transmit(0, fromHex('00 88 00 00 10' + ' 00'.repeat(16)), { idempotent: false });
    await settle();
    const m = sent(transport)[0]!;
    await scheduler.advance(900);
    transport.emit(reply(m, 0x80, 0x80, 0x01));
    await scheduler.advance(900);
    transport.emit(reply(m, 0x80, 0, 0, fromHex('90 00')));
    expect([...(await read)]).toEqual([0x90, 0x00]);
  });

  it('gives up on a reader that asks for more time forever', async () => {
    const { transport, scheduler, reader } = setup({ retries: 0 });
    const read = reader.transmit(0, fromHex('00 B2 08 00 14'), { idempotent: true }).catch((e: unknown) => e);
    await settle();
    const m = sent(transport)[0]!;
    for (let i = 0; i < 30; i++) {
      transport.emit(reply(m, 0x80, 0x80, 0x01));
      await scheduler.advance(500);
    }
    expect(await read).toMatchObject({ code: 'timeout' });
  });

  it('turns failed replies into no-card and card-mute', async () => {
    const { transport, reader } = setup();
    const absent = reader.powerOn(0).catch((e: unknown) => e);
    await settle();
    transport.emit(reply(sent(transport)[0]!, 0x80, 0x42, 0xfe));
    expect(await absent).toMatchObject({ code: 'no-card' });
    const mute = reader.powerOn(0).catch((e: unknown) => e);
    await settle();
    transport.emit(reply(sent(transport)[1]!, 0x80, 0x41, 0xfe));
    expect(await mute).toMatchObject({ code: 'card-mute' });
  });

  it('rejects at once with card-removed when the reader announces removal mid-command', async () => {
    const { transport, reader, events } = setup();
    reader.transmit(0, fromHex('00 B2 08 00 14'), { idempotent: true }).catch(() => undefined);
    await settle();
    transport.emit(encodeCcidFrame(notifySlotChange([{ present: true, changed: true }])));
    const read = reader.transmit(0, fromHex('00 B2 09 00 20'), { idempotent: true }).catch((e: unknown) => e);
    transport.emit(reply(sent(transport)[0]!, 0x80, 0, 0, fromHex('90 00')));
    await settle();
    transport.emit(encodeCcidFrame(notifySlotChange([{ present: false, changed: true }])));
    expect(await read).toMatchObject({ code: 'card-removed' });
    expect(events.filter((e) => e.type !== 'frame-error')).toEqual([
      { type: 'card-inserted', slot: 0 },
      { type: 'card-removed', slot: 0 },
    ]);
  });

  it('reports reader-absent when the port closes mid-command', async () => {
    const { transport, reader } = setup();
    const status = reader.slotStatus(0).catch((e: unknown) => e);
    await settle();
    await transport.close();
    expect(await status).toMatchObject({ code: 'reader-absent' });
    expect(await reader.slotStatus(0).catch((e: unknown) => e)).toMatchObject({ code: 'reader-absent' });
  });

  it('forgets half a frame from before the port closed, so the first reply after reopening arrives', async () => {
    const { transport, reader } = setup();
    const lost = reader.slotStatus(0).catch((e: unknown) => e);
    await settle();
    transport.emit(fromHex('02 80 40 00 00 00 00'));
    await transport.close();
    expect(await lost).toMatchObject({ code: 'reader-absent' });
    transport.state = 'open';
    const status = reader.slotStatus(0);
    await settle();
    transport.emit(reply(sent(transport)[1]!, 0x81, 0x00, 0));
    expect((await status).icc).toBe('active');
  });

  it('survives garbage on the line and reports it as a frame error event', async () => {
    const { transport, reader, events } = setup();
    const status = reader.slotStatus(0);
    await settle();
    transport.emit(fromHex('FF 00 13'));
    transport.emit(reply(sent(transport)[0]!, 0x81, 0x02, 0));
    expect((await status).icc).toBe('absent');
    expect(events.some((e) => e.type === 'frame-error' && e.error.code === 'garbage')).toBe(true);
  });
});

describe('CcidReader card events', () => {
  it('falls back to polling GetSlotStatus when the reader sends no notifications', async () => {
    const transport = new FakeTransport();
    const scheduler = new FakeScheduler();
    const sim = new VirtualCardReader({ notifications: false, initialCard: null });
    transport.attach(sim);
    const reader = new CcidReader(transport, scheduler, { pollIntervalMs: 500 });
    const events: CcidReaderEvent[] = [];
    reader.onEvent((e) => events.push(e));
    reader.watch();
    await scheduler.advance(600);
    expect(events).toEqual([]);
    sim.control({ action: 'insert-card', card: 'ssc-v2' });
    await scheduler.advance(600);
    expect(events).toEqual([{ type: 'card-inserted', slot: 0 }]);
    sim.control({ action: 'remove-card' });
    await scheduler.advance(600);
    expect(events).toEqual([
      { type: 'card-inserted', slot: 0 },
      { type: 'card-removed', slot: 0 },
    ]);
    reader.dispose();
    expect(scheduler.pendingTimers).toBe(0);
  });

  it('reports insertion from an unsolicited NotifySlotChange without polling', async () => {
    const transport = new FakeTransport();
    const sim = new VirtualCardReader({ initialCard: null });
    transport.attach(sim);
    const reader = new CcidReader(transport, new FakeScheduler());
    const events: CcidReaderEvent[] = [];
    reader.onEvent((e) => events.push(e));
    sim.control({ action: 'insert-card', card: 'ssc-v3' });
    await settle();
    expect(events).toEqual([{ type: 'card-inserted', slot: 0 }]);
    expect(reader.cardPresent(0)).toBe(true);
  });
});
