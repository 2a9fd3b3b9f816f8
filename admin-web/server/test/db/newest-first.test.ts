import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, SYSTEM_ACTOR } from '../../src/audit/audit-log.ts';
import { migrate } from '../../src/db/migrator.ts';
import { PersonalDataAccessLog } from '../../src/personal-data/access-log.ts';
import { DIALECTS, withDatabase } from '../support/database.ts';
import type { TestDatabase } from '../support/database.ts';

// Both logs read through the one query shape (db/newest-first.ts); each is checked through its
// own reader so a filter wired to the wrong column shows.
describe.each(DIALECTS)('newest-first log reads (%s)', (dialect) => {
  let t: TestDatabase;
  let clock: number;
  beforeEach(async () => {
    t = await withDatabase(dialect);
    await migrate(t.handle.db, dialect);
    clock = 1_790_000_000_000;
  });
  afterEach(() => t.close());
  const now = () => (clock += 1000);

  it('pages the audit log newest first, filtered by actor, action and target, within a time window', async () => {
    const audit = new AuditLog(t.handle.db, now);
    const alice = { type: 'staff', id: 'u-alice', name: 'alice' } as const;
    for (let i = 1; i <= 6; i++) await audit.record(i % 2 ? alice : SYSTEM_ACTOR, i % 3 ? 'terminal.update' : 'staff.create', { type: 'terminal', id: `t-${i % 2}` });
    const ids = async (q: Parameters<AuditLog['query']>[0]) => (await audit.query(q)).map((e) => e.action + '@' + e.target.id + '#' + e.actor.id);

    const all = await audit.query({ limit: 10 });
    expect(all.map((e) => e.at)).toEqual([6, 5, 4, 3, 2, 1].map((i) => 1_790_000_000_000 + i * 1000));
    expect(await ids({ limit: 10, actorId: 'u-alice' })).toEqual(['terminal.update@t-1#u-alice', 'staff.create@t-1#u-alice', 'terminal.update@t-1#u-alice']);
    expect(await ids({ limit: 10, action: 'staff.create' })).toEqual(['staff.create@t-0#system', 'staff.create@t-1#u-alice']);
    expect(await ids({ limit: 10, targetType: 'terminal', targetId: 't-0' })).toEqual(['staff.create@t-0#system', 'terminal.update@t-0#system', 'terminal.update@t-0#system']);
    expect((await audit.query({ limit: 10, targetType: 'staff' })).length).toBe(0);
    // The window is [from, to): entries 2 and 3.
    expect((await audit.query({ limit: 10, from: all[4]!.at, to: all[2]!.at })).map((e) => e.id)).toEqual([all[3]!.id, all[4]!.id]);
    // Two pages of two, then the rest, via the before cursor.
    const first = await audit.query({ limit: 2 });
    const second = await audit.query({ limit: 2, before: first[1]!.id });
    const third = await audit.query({ limit: 5, before: second[1]!.id });
    expect([...first, ...second, ...third].map((e) => e.id)).toEqual(all.map((e) => e.id));
  });

  it('pages the personal-data access log newest first, filtered by terminal, service, holder and result', async () => {
    const log = new PersonalDataAccessLog(t.handle.db, now);
    for (let i = 1; i <= 6; i++) {
      await log.record({ terminalId: `t-${i % 2}`, service: i % 3 ? 'contributions' : 'holder-session', holderHash: i > 4 ? null : `h-${i % 2}`, assurance: null, result: i === 6 ? 'forbidden' : 'ok' });
    }
    const all = await log.query({ limit: 10 });
    expect(all.map((e) => e.at)).toEqual([6, 5, 4, 3, 2, 1].map((i) => 1_790_000_000_000 + i * 1000));
    const ats = async (q: Parameters<PersonalDataAccessLog['query']>[0]) => (await log.query(q)).map((e) => (e.at - 1_790_000_000_000) / 1000);
    expect(await ats({ limit: 10, terminalId: 't-1' })).toEqual([5, 3, 1]);
    expect(await ats({ limit: 10, service: 'holder-session' })).toEqual([6, 3]);
    expect(await ats({ limit: 10, holderHash: 'h-0' })).toEqual([4, 2]);
    expect(await ats({ limit: 10, result: 'forbidden' })).toEqual([6]);
    expect(await ats({ limit: 10, terminalId: 't-1', service: 'holder-session' })).toEqual([3]);
    expect(await ats({ limit: 10, from: all[3]!.at, to: all[0]!.at })).toEqual([5, 4, 3]);
    expect(await ats({ limit: 2, before: all[1]!.id })).toEqual([4, 3]);
  });
});
