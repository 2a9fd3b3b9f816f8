import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRange, resolveInside } from '../../../src/node/host/static-files.ts';

describe('static files', () => {
  it('parses single byte ranges and refuses unsatisfiable ones', () => {
    expect(parseRange(undefined, 10)).toBeUndefined();
    expect(parseRange('bytes=2-4', 10)).toEqual({ start: 2, end: 4 });
    expect(parseRange('bytes=5-', 10)).toEqual({ start: 5, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=2-100', 10)).toEqual({ start: 2, end: 9 });
    expect(parseRange('bytes=10-', 10)).toBeNull();
    expect(parseRange('bytes=4-2', 10)).toBeNull();
    expect(parseRange('items=1-2', 10)).toBeUndefined();
  });

  it('any Range header yields no range, null, or a range inside the file (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `bytes=${a}-${b}`)), fc.nat(1 << 20), (header, size) => {
        const r = parseRange(header, size);
        if (r) {
          expect(r.start).toBeGreaterThanOrEqual(0);
          expect(r.end).toBeLessThan(size);
          expect(r.start).toBeLessThanOrEqual(r.end);
        }
      }),
    );
  });

  it('never resolves a URL path outside the root (property)', () => {
    const root = path.resolve('/srv/kiosk/ui');
    expect(resolveInside(root, '/assets/a.js')).toBe(path.join(root, 'assets/a.js'));
    expect(resolveInside(root, '/%E0%A4%A')).toBeUndefined();
    fc.assert(
      fc.property(fc.array(fc.constantFrom('..', '.', '%2e%2e', '%2f', 'a', '%00', '/', '\\', 'etc', 'passwd')).map((parts) => `/${parts.join('/')}`), (p) => {
        const file = resolveInside(root, p);
        if (file !== undefined) expect(file === root || file.startsWith(root + path.sep)).toBe(true);
      }),
    );
  });
});
