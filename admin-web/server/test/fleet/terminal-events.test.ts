import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import { TestTerminal } from '../support/terminal.ts';

describe.each(DIALECTS)('terminal events (%s)', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await withApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it('stores a delivered batch once even when the terminal sends it again, and shows it to staff', async () => {
    const kiosk = await TestTerminal.enrol(t);
    const at = t.clock.now();
    const batch = {
      events: [
        { id: 'ev-1', type: 'staff-pin-used', at, detail: { role: 'operator' } },
        { id: 'ev-2', type: 'renderer-crashed', at: at + 1, detail: { reason: 'oom', exitCode: 133 } },
      ],
    };
    expect((await kiosk.request('POST', TerminalApiPaths.events, batch)).json()).toEqual({ stored: 2 });
    // The answer was lost on the way: the terminal sends the same batch again.
    expect((await kiosk.request('POST', TerminalApiPaths.events, batch)).json()).toEqual({ stored: 0 });
    const auditor = await loginStaff(t, 'auditor');
    const events = (await auditor.request('GET', `/api/terminals/${kiosk.id}/events`)).json().events;
    expect(events.map((e: { id: string; type: string }) => `${e.id}:${e.type}`)).toEqual(['ev-2:renderer-crashed', 'ev-1:staff-pin-used']);
    expect(events[0].detail).toEqual({ reason: 'oom', exitCode: 133 });
  });

  it('refuses a batch with personal-data-sized free text or too many events', async () => {
    const kiosk = await TestTerminal.enrol(t);
    const long = await kiosk.request('POST', TerminalApiPaths.events, { events: [{ id: 'x', type: 'note', at: 1, detail: { text: 'x'.repeat(600) } }] });
    expect(long.json().error.code).toBe('validation-failed');
    const many = await kiosk.request('POST', TerminalApiPaths.events, { events: Array.from({ length: 51 }, (_, i) => ({ id: `e${i}`, type: 'tick', at: i })) });
    expect(many.json().error.code).toBe('validation-failed');
  });
});
