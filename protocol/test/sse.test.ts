import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser } from '../src/common/sse.ts';
import type { SseEvent } from '../src/common/sse.ts';

const field = fc.string({ maxLength: 30 }).filter((s) => !/[\r\n]/.test(s));

function serialize(events: SseEvent[]): string {
  return events.map((e) => `${e.id === undefined ? '' : `id: ${e.id}\n`}event: ${e.event}\n${e.data.split('\n').map((l) => `data: ${l}`).join('\n')}\n\n`).join(': keep-alive\n\n');
}

describe('SseParser', () => {
  it('parses command events with ids and tracks the last event id', () => {
    const p = new SseParser();
    const out = p.feed('retry: 5000\n\nid: 7\nevent: command\ndata: {"id":7}\n\n: keep-alive\n\n');
    expect(out).toEqual([{ id: '7', event: 'command', data: '{"id":7}' }]);
    expect(p.lastEventId).toBe('7');
    expect(p.retryMs).toBe(5000);
  });

  it('yields the same events however the stream is chunked, with any line endings', () => {
    const event = fc.record({ id: fc.option(field.filter((s) => /^\S+$/.test(s)), { nil: undefined }), event: field.filter((s) => /^[a-z]+$/.test(s)), data: fc.array(field, { minLength: 1, maxLength: 3 }).map((l) => l.join('\n')) });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 10 }), fc.constantFrom('\n', '\r\n', '\r'), (events, cuts, eol) => {
        // Ids persist across events (as in the spec), so expected ids carry forward.
        let lastId: string | undefined;
        const expected = events.map((e) => {
          lastId = e.id ?? lastId;
          return { ...e, id: lastId, event: e.event || 'message' };
        });
        const text = serialize(events).replace(/\n/g, eol);
        const p = new SseParser();
        const got: SseEvent[] = [];
        let at = 0;
        for (const c of [...cuts.map((n) => n % (text.length + 1))].sort((a, b) => a - b)) {
          got.push(...p.feed(text.slice(at, c)));
          at = c;
        }
        got.push(...p.feed(text.slice(at)));
        // A final lone \r may still be waiting for a possible \n.
        got.push(...p.feed('\n'));
        expect(got).toEqual(expected);
      }),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 50 }), { maxLength: 10 }), (chunks) => {
        const p = new SseParser();
        for (const c of chunks) p.feed(c);
      }),
    );
  });
});
