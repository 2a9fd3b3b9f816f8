import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { project, separate } from '@civic-kiosk/protocol/map-projection';

const box = { width: 960, height: 640, margin: 60 };

describe('service point projection', () => {
  it('puts north up and east right', () => {
    const [a, b] = project(
      [
        { lng: 121.4, lat: 31.2 },
        { lng: 121.5, lat: 31.3 },
      ],
      box,
    );
    expect(b.x).toBeGreaterThan(a.x);
    expect(b.y).toBeLessThan(a.y);
  });

  it('centres a single point', () => {
    expect(project([{ lng: 121.47, lat: 31.23 }], box)).toEqual([{ x: 480, y: 320 }]);
  });

  it('keeps every point inside the drawing, margins included, for any district', () => {
    const pt = fc.record({ lng: fc.double({ min: 120, max: 123, noNaN: true }), lat: fc.double({ min: 30, max: 32, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(pt, { minLength: 1, maxLength: 30 }), (pts) => {
        for (const p of project(pts, box)) {
          expect(p.x).toBeGreaterThanOrEqual(box.margin - 1e-6);
          expect(p.x).toBeLessThanOrEqual(box.width - box.margin + 1e-6);
          expect(p.y).toBeGreaterThanOrEqual(box.margin - 1e-6);
          expect(p.y).toBeLessThanOrEqual(box.height - box.margin + 1e-6);
        }
      }),
    );
  });

  it('keeps distances true in both directions (a square stays a square)', () => {
    const lat = 31.2;
    const k = Math.cos((lat * Math.PI) / 180);
    const d = 0.01;
    const [a, b, c] = project(
      [
        { lng: 121.4, lat },
        { lng: 121.4 + d / k, lat },
        { lng: 121.4, lat: lat + d },
      ],
      box,
    );
    expect(Math.abs(b.x - a.x)).toBeCloseTo(Math.abs(c.y - a.y), 0);
  });
});

describe('marker separation', () => {
  const minDistance = 76;
  const closest = (ps: { x: number; y: number }[]) => Math.min(...ps.flatMap((a, i) => ps.slice(i + 1).map((b) => Math.hypot(a.x - b.x, a.y - b.y))));

  it('parts markers that sit on top of each other', () => {
    const out = separate([{ x: 300, y: 300 }, { x: 300, y: 300 }, { x: 301, y: 300 }], minDistance, box);
    expect(closest(out)).toBeGreaterThanOrEqual(minDistance * 0.99);
  });

  it('leaves markers that are already apart where they are', () => {
    const pts = [{ x: 100, y: 100 }, { x: 500, y: 300 }];
    expect(separate(pts, minDistance, box)).toEqual(pts);
  });

  it('keeps markers off a fixed point (you are here) and apart from each other', () => {
    const xy = fc.record({ x: fc.double({ min: 60, max: 900, noNaN: true }), y: fc.double({ min: 60, max: 580, noNaN: true }) });
    const centre = fc.record({ x: fc.double({ min: 250, max: 710, noNaN: true }), y: fc.double({ min: 200, max: 450, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(xy, { minLength: 1, maxLength: 8 }), centre, (pts, here) => {
        const out = separate(pts, minDistance, box, [here]);
        for (const p of out) expect(Math.hypot(p.x - here.x, p.y - here.y)).toBeGreaterThanOrEqual(minDistance * 0.95);
        if (out.length > 1) expect(closest(out)).toBeGreaterThanOrEqual(minDistance * 0.95);
      }),
    );
  });

  it('keeps up to a district of markers apart and inside the margins', () => {
    const xy = fc.record({ x: fc.double({ min: 60, max: 900, noNaN: true }), y: fc.double({ min: 60, max: 580, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(xy, { minLength: 2, maxLength: 12 }), (pts) => {
        const out = separate(pts, minDistance, box);
        expect(closest(out)).toBeGreaterThanOrEqual(minDistance * 0.95);
        for (const p of out) {
          expect(p.x).toBeGreaterThanOrEqual(box.margin);
          expect(p.y).toBeLessThanOrEqual(box.height - box.margin);
        }
      }),
    );
  });
});
