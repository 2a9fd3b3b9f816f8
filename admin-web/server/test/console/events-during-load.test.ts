/**
 * A console view kept by loads and live events ends up showing what the server holds, however
 * the answers and the stream's events interleave (property), including an event that comes
 * before the first answer and an answer read before a change it arrives after.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventsDuringLoad } from '../../../ui/src/state/events-during-load.ts';

type Change = { id: number; version: number };
interface Load {
  since: () => Change[];
  answer?: Map<number, number>;
}

const step = fc.oneof(
  fc.record({ op: fc.constant('change' as const), id: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constantFrom('deliver' as const, 'begin' as const) }),
  fc.record({ op: fc.constantFrom('read' as const, 'answer' as const), which: fc.nat() }),
);

/** Runs the steps against a server, its event stream and a view; then lets everything arrive. */
function run(steps: readonly { op: string; id?: number; which?: number }[]) {
  const during = new EventsDuringLoad<Change>();
  const server = new Map<number, number>();
  const stream: Change[] = [];
  const loads: Load[] = [];
  let view: Map<number, number> | undefined;

  const deliver = () => {
    const change = stream.shift()!;
    during.record(change);
    view?.set(change.id, change.version);
  };
  const begin = () => loads.push({ since: during.begin() });
  const read = (load: Load) => (load.answer = new Map(server));
  const answer = (load: Load) => {
    loads.splice(loads.indexOf(load), 1);
    const next = new Map(load.answer);
    for (const c of load.since()) next.set(c.id, c.version);
    view = next;
  };

  begin();
  for (const s of steps) {
    if (s.op === 'change') {
      const version = (server.get(s.id!) ?? 0) + 1;
      server.set(s.id!, version);
      stream.push({ id: s.id!, version });
    } else if (s.op === 'deliver' && stream.length > 0) deliver();
    else if (s.op === 'begin') begin();
    else if (s.op === 'read') {
      const unread = loads.filter((l) => !l.answer);
      if (unread.length > 0) read(unread[s.which! % unread.length]!);
    } else if (s.op === 'answer') {
      const readLoads = loads.filter((l) => l.answer);
      if (readLoads.length > 0) answer(readLoads[s.which! % readLoads.length]!);
    }
  }
  for (const l of loads.filter((x) => !x.answer)) read(l);
  while (loads.length > 0) answer(loads[0]!);
  while (stream.length > 0) deliver();
  return { view, server };
}

describe('EventsDuringLoad', () => {
  it('leaves the view equal to the server whatever the order of answers and events', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const { view, server } = run(steps);
        expect(view).toEqual(server);
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps an event that arrives before the first answer, which was read before the change', () => {
    const { view } = run([{ op: 'read', which: 0 }, { op: 'change', id: 1 }, { op: 'deliver' }, { op: 'answer', which: 0 }]);
    expect(view).toEqual(new Map([[1, 1]]));
  });

  it('forgets what it recorded once no load is in flight', () => {
    const during = new EventsDuringLoad<number>();
    during.record(1);
    const since = during.begin();
    during.record(2);
    expect(since()).toEqual([2]);
    expect(since()).toEqual([]);
    expect(during.begin()()).toEqual([]);
  });
});
