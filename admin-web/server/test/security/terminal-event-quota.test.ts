import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_EVENTS_PER_REQUEST, TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import type { TerminalEventRecord } from '@civic-kiosk/protocol/terminal-api';
import { DIALECTS } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { appWithTerminal, TestTerminal } from '../support/terminal.ts';

/**
 * Threat: a compromised or stolen terminal floods the events route (seen: 635 batches of about
 * 1 MB in 10 s, all stored, 600 MB of database). Each terminal has a quota of events and bytes
 * per window; beyond it batches are refused with 429 and Retry-After, and nothing is stored.
 */
describe.each(DIALECTS)('per-terminal event quota (%s)', (dialect) => {
  let t: TestApp;
  let kiosk: TestTerminal;
  let seq = 0;
  beforeEach(async () => {
    ({ t, kiosk } = await appWithTerminal(dialect, { enrol: true }));
  });
  afterEach(async () => {
    await t.close();
  });

  /** A full batch; `fat` events carry about 19 KB of detail each, so the request is about 1 MB. */
  const batch = (fat: boolean): TerminalEventRecord[] =>
    Array.from({ length: MAX_EVENTS_PER_REQUEST }, () => ({
      id: `ev-${++seq}`,
      type: 'renderer-crash',
      at: t.clock.now(),
      detail: fat ? Object.fromEntries(Array.from({ length: 38 }, (_, k) => [`k${k}`, 'x'.repeat(500)])) : { reason: 'oom' },
    }));
  const send = (events: TerminalEventRecord[]) => kiosk.request('POST', TerminalApiPaths.events, { events });
  const storedBytes = async () =>
    (await t.services.db.selectFrom('terminal_events').select('detail').where('terminal_id', '=', kiosk.id).execute()).reduce((n, r) => n + r.detail.length, 0);

  it('refuses a flood of 1 MB batches once the byte budget is spent, stores none of it, and takes batches again after Retry-After', async () => {
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof send>> | undefined;
    for (let i = 0; i < 12; i++) {
      const res = await send(batch(true));
      statuses.push(res.statusCode);
      if (res.statusCode !== 200) refused ??= res;
    }
    const budget = t.config.terminals.eventBytesPerWindow;
    expect(statuses.filter((s) => s === 200).length).toBe(4);
    expect(statuses.slice(4).every((s) => s === 429)).toBe(true);
    expect(refused!.json().error).toMatchObject({ code: 'terminal-quota-exceeded', details: { retryAfterSeconds: expect.any(Number) } });
    const wait = Number(refused!.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(t.config.terminals.eventQuotaWindowMs / 1000);
    expect(await storedBytes()).toBeLessThanOrEqual(budget);

    t.clock.advance(wait * 1000);
    expect((await send(batch(true))).statusCode).toBe(200);
  });

  it('refuses events beyond the count per window, and keeps other terminals unaffected', async () => {
    const perWindow = t.config.terminals.eventsPerWindow;
    for (let sent = 0; sent < perWindow; sent += MAX_EVENTS_PER_REQUEST) expect((await send(batch(false))).statusCode).toBe(200);
    const over = await send(batch(false));
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('terminal-quota-exceeded');
    const other = await TestTerminal.enrol(t, { name: 'Lobby kiosk 2' });
    expect((await other.request('POST', TerminalApiPaths.events, { events: batch(false) })).statusCode).toBe(200);
    const count = await t.services.db.selectFrom('terminal_events').select(({ fn }) => fn.countAll<number>().as('n')).where('terminal_id', '=', kiosk.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(perWindow);
  });
});
