import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ServicePointsFile } from '@civic-kiosk/protocol/content';
import { buildStreetGraph, routesFrom, toMetres } from '../../../src/common/map/street-graph.ts';
import type { LngLat, Street } from '../../../src/common/map/street-graph.ts';
import { roughDistance, walkingMinutes } from '../../../src/common/map/walk.ts';

const O = { lng: 121.5, lat: 31.2 };
const k = Math.cos((O.lat * Math.PI) / 180);
/** A point `x` metres east and `y` metres north of O. */
const at = (x: number, y: number): LngLat => ({ lng: O.lng + x / (111_320 * k), lat: O.lat + y / 110_574 });
const street = (...points: LngLat[]): Street => ({ name: { 'zh-CN': '路', en: 'Road' }, kind: 'road', points });
const straight = (a: LngLat, b: LngLat) => {
  const p = toMetres(a, O);
  const q = toMetres(b, O);
  return Math.hypot(p.x - q.x, p.y - q.y);
};

/** A grid of `n` streets each way, `gap` metres apart, drawn as long lines that cross (no shared points). */
function grid(n: number, gap: number): Street[] {
  const span = (n - 1) * gap;
  return [
    ...Array.from({ length: n }, (_, i) => street(at(0, i * gap), at(span, i * gap))),
    ...Array.from({ length: n }, (_, i) => street(at(i * gap, 0), at(i * gap, span))),
  ];
}

describe('route distance along the streets', () => {
  const g = buildStreetGraph(grid(5, 200), O);

  it('walks a grid around the blocks: junction to junction is the Manhattan distance', () => {
    const [r] = routesFrom(g, at(0, 0), [at(600, 400)]);
    expect(r!.metres).toBeCloseTo(1000, 0);
    expect(r!.path[0]).toEqual(at(0, 0));
  });

  it('adds the way to and from the street for places off it', () => {
    // 30 m south of the first east-west street, 30 m north of another one.
    const [r] = routesFrom(g, at(100, -30), [at(100, 230)]);
    // Along the street to a corner and up: 30 + 100 + 200 + 100 + 30.
    expect(r!.metres).toBeCloseTo(460, 0);
  });

  it('goes straight along one street when both places are on it', () => {
    const [r] = routesFrom(g, at(10, 0), [at(150, 0)]);
    expect(r!.metres).toBeCloseTo(140, 0);
  });

  it('cannot reach a street not joined to the start', () => {
    const apart = buildStreetGraph([street(at(0, 0), at(100, 0)), street(at(0, 500), at(100, 500))], O);
    const [r] = routesFrom(apart, at(0, 0), [at(50, 510)]);
    expect(r).toBeUndefined();
    expect(routesFrom(buildStreetGraph([], O), at(0, 0), [at(1, 1)])).toEqual([undefined]);
  });

  const place = fc.record({ x: fc.double({ min: -100, max: 900, noNaN: true }), y: fc.double({ min: -100, max: 900, noNaN: true }) }).map(({ x, y }) => at(x, y));

  it('is never shorter than the straight line, and the same both ways', () => {
    fc.assert(
      fc.property(place, place, (a, b) => {
        const [ab] = routesFrom(g, a, [b]);
        const [ba] = routesFrom(g, b, [a]);
        expect(ab!.metres).toBeGreaterThanOrEqual(straight(a, b) - 1e-6);
        expect(ab!.metres).toBeCloseTo(ba!.metres, 6);
      }),
    );
  });

  it('keeps the triangle inequality: going via a third place is never shorter', () => {
    fc.assert(
      fc.property(place, place, place, (a, b, c) => {
        const [ab, ac] = routesFrom(g, a, [b, c]);
        const [bc] = routesFrom(g, b, [c]);
        expect(ac!.metres).toBeLessThanOrEqual(ab!.metres + bc!.metres + 1e-6);
      }),
    );
  });

  it('draws a path whose length is the distance it reports', () => {
    fc.assert(
      fc.property(place, place, (a, b) => {
        const [r] = routesFrom(g, a, [b]);
        const walked = r!.path.slice(1).reduce((sum, p, i) => sum + straight(r!.path[i]!, p), 0);
        expect(walked).toBeCloseTo(r!.metres, 3);
      }),
    );
  });
});

describe('the district shipped with the kiosk', () => {
  const district = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../src/browser/screens/map/district-streets.json'), 'utf8')) as { streets: Street[] };
  const points = (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../../content/service-points.json'), 'utf8')) as ServicePointsFile).servicePoints;
  const g = buildStreetGraph(district.streets);

  it('reaches every service point from a terminal anywhere in the district, by a plausible walk', () => {
    for (const from of [{ lng: 121.5345, lat: 31.2232 }, { lng: 121.57, lat: 31.2 }]) {
      const routes = routesFrom(g, from, points.map((p) => p.location));
      routes.forEach((r, i) => {
        expect(r, points[i]!.id).toBeDefined();
        const line = straight(from, points[i]!.location);
        expect(r!.metres).toBeGreaterThanOrEqual(line - 1e-6);
        expect(r!.metres).toBeLessThanOrEqual(line * 2 + 100);
      });
    }
  });

  it('has every service point on or beside a street (its address)', () => {
    for (const p of points) {
      const [r] = routesFrom(g, p.location, [p.location]);
      expect(r!.metres, p.id).toBeLessThan(60);
    }
  });
});

describe('distance as residents are told it', () => {
  it('rounds to 10 m under a kilometre, then to 0.1 km; minutes at 80 m a minute', () => {
    expect(roughDistance(0)).toEqual({ unit: 'm', value: 10 });
    expect(roughDistance(846)).toEqual({ unit: 'm', value: 850 });
    expect(roughDistance(996)).toEqual({ unit: 'km', value: 1 });
    expect(roughDistance(1249)).toEqual({ unit: 'km', value: 1.2 });
    expect(walkingMinutes(10)).toBe(1);
    expect(walkingMinutes(850)).toBe(11);
  });
});
