import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParseError, SseParser } from '../../../src/common/terminal/sse-parser.ts';

describe('SSE parser', () => {
  it('parses events with ids, multi-line data, comments and CRLF', () => {
    const p = new SseParser();
    const events = p.push(': ping\r\nevent: command\r\nid: 7\r\ndata: {"a":\r\ndata: 1}\r\n\r\nevent: ping\ndata:\n\n');
    expect(events).toEqual([
      { event: 'command', id: '7', data: '{"a":\n1}' },
      { event: 'ping', id: '7', data: '' },
    ]);
  });

  it('gives the same events however the stream is split (property)', () => {
    const stream = 'event: command\r\nid: 1\r\ndata: {"x":1}\r\n\r\n: keepalive\n\nevent: command\nid: 2\ndata: two\n\n';
    const whole = new SseParser().push(stream);
    fc.assert(
      fc.property(fc.array(fc.nat(stream.length), { maxLength: 10 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const p = new SseParser();
        const out = [];
        let last = 0;
        for (const c of [...points, stream.length]) {
          out.push(...p.push(stream.slice(last, c)));
          last = c;
        }
        expect(out).toEqual(whole);
      }),
    );
  });

  it('only ever returns events or throws its typed error (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('\r', '\n', '\r\n', 'data: x', 'event: command', 'id: 1', 'retry: 5', ':')), { maxLength: 30 }), (chunks) => {
        const p = new SseParser();
        for (const c of chunks) {
          try {
            for (const e of p.push(c)) expect(typeof e.data).toBe('string');
          } catch (e) {
            expect(e).toBeInstanceOf(SseParseError);
          }
        }
      }),
    );
  });

  it('refuses a line that never ends', () => {
    const p = new SseParser();
    expect(() => p.push('data: ' + 'x'.repeat(1 << 20))).toThrow(SseParseError);
  });
});
