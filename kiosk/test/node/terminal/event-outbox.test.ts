import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventOutbox, sendOutcome } from '../../../src/node/terminal/event-outbox.ts';
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

  describe('when the server answers 429 (the terminal is over its quota)', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('keeps the events, sends nothing before Retry-After, then sends them by itself', async () => {
      vi.useFakeTimers();
      const dir = await mkdtemp(path.join(tmpdir(), 'kiosk-outbox-'));
      const outbox = new EventOutbox(dir, Date.now);
      await outbox.open();
      for (let i = 0; i < 60; i++) await outbox.add({ type: `e${i}` });
      const quota = { status: 429, body: { error: { code: 'terminal-quota-exceeded', message: 'later', details: { retryAfterSeconds: 30 } } } };
      const answers = [{ status: 200, body: { stored: 50 } }, quota, { status: 200, body: { stored: 10 } }];
      const sent: number[] = [];
      const send = async (events: QueuedEvent[]) => {
        sent.push(events.length);
        return sendOutcome(answers.shift()!);
      };
      expect(await outbox.flush(send)).toBe(50);
      expect(outbox.size).toBe(10);
      // A new event (or coming back online) does not send before the server's time.
      await vi.advanceTimersByTimeAsync(29_000);
      expect(await outbox.flush(send)).toBe(0);
      expect(sent).toEqual([50, 10]);
      await vi.advanceTimersByTimeAsync(1_000);
      await vi.waitFor(() => expect(sent).toEqual([50, 10, 10]));
      // Delivered and off the disk queue.
      await vi.waitFor(async () => {
        const restarted = new EventOutbox(dir);
        await restarted.open();
        expect(restarted.size).toBe(0);
      });
    });

    it('reads the wait from the typed error, and waits a minute when the answer does not say', () => {
      expect(sendOutcome({ status: 202, body: null })).toBe(true);
      expect(sendOutcome({ status: 503, body: null })).toBe(false);
      expect(sendOutcome({ status: 0, body: null })).toBe(false);
      expect(sendOutcome({ status: 429, body: { error: { code: 'terminal-quota-exceeded', message: '', details: { retryAfterSeconds: 7 } } } })).toEqual({ retryAfterMs: 7_000 });
      expect(sendOutcome({ status: 429, body: 'Too Many Requests' })).toEqual({ retryAfterMs: 60_000 });
    });
  });
});
