import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventOutbox } from '../../../src/node/terminal/event-outbox.ts';
import type { QueuedEvent } from '../../../src/node/terminal/event-outbox.ts';

describe('terminal event outbox', () => {
  it('keeps events while offline, across a restart, and sends them in order once online', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kiosk-outbox-'));
    const outbox = new EventOutbox(dir);
    await outbox.open();
    await outbox.add({ type: 'staff-pin', detail: { result: 'ok' } });
    await outbox.add({ type: 'receipt-reprint' });
    expect(await outbox.flush(async () => false)).toBe(0);

    const restarted = new EventOutbox(dir);
    await restarted.open();
    expect(restarted.size).toBe(2);
    const sent: QueuedEvent[] = [];
    expect(
      await restarted.flush(async (events) => {
        sent.push(...events);
        return true;
      }),
    ).toBe(2);
    expect(sent.map((e) => e.type)).toEqual(['staff-pin', 'receipt-reprint']);
    const after = new EventOutbox(dir);
    await after.open();
    expect(after.size).toBe(0);
  });

  it('keeps what a failing send did not deliver', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kiosk-outbox-'));
    const outbox = new EventOutbox(dir);
    await outbox.open();
    for (let i = 0; i < 60; i++) await outbox.add({ type: `e${i}` });
    let calls = 0;
    expect(await outbox.flush(async () => ++calls === 1)).toBe(50);
    expect(outbox.size).toBe(10);
  });
});
