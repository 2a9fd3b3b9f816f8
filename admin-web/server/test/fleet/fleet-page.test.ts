/**
 * The fleet list pages, filters, searches and sorts in the database; its status filter gives
 * exactly the terminals `deriveStatus` (what each row shows) calls by that status.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLEET_STATUSES } from '@civic-kiosk/protocol/staff-api';
import type { TerminalRow } from '../../src/terminals/tables.ts';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import type { StaffClient } from '../support/staff.ts';

const MODES = ['attract', 'session', 'maintenance', 'emergency', 'payment'] as const;

describe.each(DIALECTS)('GET /api/terminals (%s)', (dialect) => {
  let t: TestApp;
  let auditor: StaffClient;
  let n = 0;
  beforeAll(async () => {
    t = await withApp(dialect);
    auditor = await loginStaff(t, 'auditor');
  });
  afterAll(async () => {
    await t?.close();
  });

  const insert = async (rows: Partial<TerminalRow>[]) => {
    const now = t.clock.now();
    const full = rows.map((r): TerminalRow => {
      n += 1;
      return {
        id: `t-${String(n).padStart(5, '0')}`,
        name: `Kiosk ${n}`,
        location: 'Hall A',
        group_name: 'xuhui',
        status: 'active',
        public_key: null,
        created_at: now,
        enrolled_at: now - 3_600_000,
        revoked_at: null,
        last_heartbeat_at: null,
        last_heartbeat: null,
        screen_key: null,
        screen_since: null,
        ...r,
      };
    });
    await t.services.db.insertInto('terminals').values(full).execute();
  };
  const get = async (query: string) => {
    const res = await auditor.request('GET', `/api/terminals?${query}`);
    expect(res.statusCode).toBe(200);
    return res.json() as { terminals: { id: string; name: string; status: string; group: string }[]; total: number };
  };

  it('filters by status exactly as each row derives it, whatever the heartbeat and screen times', async () => {
    const ago = fc.option(fc.integer({ min: 0, max: 4 * 3_600_000 }), { nil: null });
    const row = fc.record({
      status: fc.constantFrom('pending' as const, 'active' as const, 'revoked' as const),
      lastBeat: ago,
      screenMode: fc.option(fc.constantFrom(...MODES), { nil: null }),
      screenAgo: ago,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 12 }), async (rows) => {
        await t.services.db.deleteFrom('terminals').execute();
        const now = t.clock.now();
        await insert(
          rows.map((r) => ({
            status: r.status,
            last_heartbeat_at: r.lastBeat === null ? null : now - r.lastBeat,
            screen_key: r.screenMode === null ? null : `${r.screenMode}/bills`,
            screen_since: r.screenAgo === null ? null : now - r.screenAgo,
          })),
        );
        const all = (await get('limit=500')).terminals;
        for (const status of FLEET_STATUSES) {
          const page = await get(`status=${status}&limit=500`);
          expect(page.terminals.map((x) => x.id)).toEqual(all.filter((x) => x.status === status).map((x) => x.id));
          expect(page.total).toBe(page.terminals.length);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('pages with a total, searches name, location, group and id in any case, and sorts', async () => {
    await t.services.db.deleteFrom('terminals').execute();
    await insert(Array.from({ length: 250 }, (_, i) => ({ name: `Hall kiosk ${String(i).padStart(3, '0')}`, group_name: i % 2 ? 'minhang' : 'xuhui' })));
    await insert([{ name: 'Lobby 100% ready', location: 'Pujiang Town Centre' }]);
    const first = await get('limit=100');
    expect(first.total).toBe(251);
    expect(first.terminals).toHaveLength(100);
    const third = await get('limit=100&offset=200');
    expect(third.terminals).toHaveLength(51);
    expect(new Set([...first.terminals, ...third.terminals].map((x) => x.id)).size).toBe(151);

    expect((await get('search=PUJIANG')).terminals.map((x) => x.name)).toEqual(['Lobby 100% ready']);
    // % and _ are searched for as text, not as wildcards.
    expect((await get(`search=${encodeURIComponent('0%')}`)).terminals.map((x) => x.name)).toEqual(['Lobby 100% ready']);
    expect((await get('search=_')).total).toBe(0);
    expect((await get('search=kiosk 04&group=minhang')).terminals.map((x) => x.name)).toEqual(['Hall kiosk 041', 'Hall kiosk 043', 'Hall kiosk 045', 'Hall kiosk 047', 'Hall kiosk 049']);

    const desc = await get('sort=name&order=desc&limit=2');
    expect(desc.terminals.map((x) => x.name)).toEqual(['Lobby 100% ready', 'Hall kiosk 249']);
  });

  it('refuses a page larger than 500 and an unknown sort with a typed error', async () => {
    for (const q of ['limit=501', 'sort=password', 'status=asleep', 'offset=-1']) {
      const res = await auditor.request('GET', `/api/terminals?${q}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation-failed');
    }
  });
});
