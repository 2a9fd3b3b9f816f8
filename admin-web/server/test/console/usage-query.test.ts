/**
 * The usage area's address: a report and its filters read back from the query string as they
 * were written (property), defaults for anything missing or unknown, and the date checks the
 * server would make said per field before anything is asked.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlaysQuery, ServiceUseQuery, UsageQuery } from '@civic-kiosk/protocol/usage';
import { addDays, GROUPINGS, parseUsageSearch, reportQuery, USAGE_VIEWS, usageSearchOf } from '../../../ui/src/views/usage/query.ts';
import type { UsageState } from '../../../ui/src/views/usage/query.ts';

const TODAY = '2026-12-05';
const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2020-01-01', n));
const text = fc.string({ maxLength: 12 });
const state: fc.Arbitrary<UsageState> = fc.constantFrom(...USAGE_VIEWS).chain((report) =>
  fc.record({
    report: fc.constant(report),
    from: day,
    to: day,
    group: text,
    terminal: text,
    service: text,
    by: GROUPINGS[report] ? fc.constantFrom(...GROUPINGS[report]) : fc.constant(''),
    item: report === 'plays' ? text : fc.constant(''),
  }),
);

describe('usage area address', () => {
  it('reads back every state it writes', () => {
    fc.assert(
      fc.property(state, (s) => {
        expect(parseUsageSearch(usageSearchOf(s), TODAY)).toEqual(s);
      }),
    );
  });

  it('defaults to service use per day over the last seven days, today included', () => {
    expect(parseUsageSearch('', TODAY)).toEqual({ report: 'services', from: '2026-11-29', to: TODAY, group: '', terminal: '', service: '', by: 'day', item: '' });
    // A week ending on the day asked for; unknown reports, groupings and malformed days fall back.
    expect(parseUsageSearch('?report=funnel&to=2026-03-01&by=terminal', TODAY)).toMatchObject({ report: 'funnel', from: '2026-02-23', to: '2026-03-01', by: '' });
    expect(parseUsageSearch('?report=nope&from=2026-02-30&to=yesterday&by=week', TODAY)).toMatchObject({ report: 'services', from: '2026-11-29', to: TODAY, by: 'day' });
  });

  it('says on the field what the server would refuse, and asks for nothing then', () => {
    const base = parseUsageSearch('', TODAY);
    expect(reportQuery({ ...base, from: '' })).toEqual({ ok: false, errors: { from: 'date' } });
    expect(reportQuery({ ...base, from: '2026-12-06' })).toEqual({ ok: false, errors: { to: 'order' } });
    expect(reportQuery({ ...base, from: addDays(TODAY, -366) })).toEqual({ ok: false, errors: { to: 'tooLong' } });
    expect(reportQuery({ ...base, from: addDays(TODAY, -365) })).toMatchObject({ ok: true });
    expect(reportQuery({ ...base, service: 'Not An Id' })).toEqual({ ok: false, errors: { service: 'invalid' } });
  });

  it('passes exactly the queries the server accepts (property)', () => {
    fc.assert(
      fc.property(state, (s) => {
        const checked = reportQuery(s);
        const q = { from: s.from, to: s.to, group: s.group.trim() || undefined, terminal: s.terminal || undefined, service: s.service || undefined };
        const server = s.report === 'services' ? ServiceUseQuery.safeParse({ ...q, by: s.by }) : s.report === 'plays' ? PlaysQuery.safeParse({ ...q, by: s.by, item: s.item || undefined }) : UsageQuery.safeParse(q);
        expect(checked.ok).toBe(server.success);
        if (checked.ok) expect(checked.query).toEqual(server.data);
      }),
    );
  });
});
