/**
 * Route distances along the district's streets, without a map service: streets are polylines
 * of WGS-84 points; where two streets' segments cross (or share a point) they are joined, and a
 * place off the network (a terminal, a service point) joins it at the nearest point of the
 * nearest street. Distances are metres on a local flat projection (true enough inside one
 * district). Dijkstra over the graph gives the shortest walk and the streets it follows.
 */

export interface LngLat {
  lng: number;
  lat: number;
}

export interface Street {
  /** Shown on the map and read out with the route. */
  name: { 'zh-CN': string; en: string };
  /** Main roads are drawn wider. */
  kind: 'avenue' | 'road' | 'street';
  points: readonly LngLat[];
}

type Xy = { x: number; y: number };

const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LNG_EQUATOR = 111_320;

/** Metres east and north of `origin`. */
export function toMetres(p: LngLat, origin: LngLat): Xy {
  const k = Math.cos((origin.lat * Math.PI) / 180);
  return { x: (p.lng - origin.lng) * M_PER_DEG_LNG_EQUATOR * k, y: (p.lat - origin.lat) * M_PER_DEG_LAT };
}

const dist = (a: Xy, b: Xy) => Math.hypot(a.x - b.x, a.y - b.y);

export interface StreetGraph {
  origin: LngLat;
  nodes: Xy[];
  /** adjacency: node → [neighbour, metres] */
  edges: [number, number][][];
  /** The segments as node pairs, for joining places to the nearest one. */
  segments: [number, number][];
}

/** Parameter t in [0,1] along a→b where it crosses c→d, or undefined (parallel or apart). */
function crossing(a: Xy, b: Xy, c: Xy, d: Xy): { t: number; u: number } | undefined {
  const r = { x: b.x - a.x, y: b.y - a.y };
  const s = { x: d.x - c.x, y: d.y - c.y };
  const den = r.x * s.y - r.y * s.x;
  if (Math.abs(den) < 1e-9) return undefined;
  const t = ((c.x - a.x) * s.y - (c.y - a.y) * s.x) / den;
  const u = ((c.x - a.x) * r.y - (c.y - a.y) * r.x) / den;
  const eps = 1e-9;
  return t >= -eps && t <= 1 + eps && u >= -eps && u <= 1 + eps ? { t: Math.min(1, Math.max(0, t)), u: Math.min(1, Math.max(0, u)) } : undefined;
}

/** Points closer than this (metres) are one node: streets drawn to meet do meet. */
const JOIN_METRES = 1;

export function buildStreetGraph(streets: readonly Street[], origin?: LngLat): StreetGraph {
  const o = origin ?? streets[0]?.points[0] ?? { lng: 0, lat: 0 };
  const nodes: Xy[] = [];
  const nodeAt = (p: Xy): number => {
    const found = nodes.findIndex((n) => dist(n, p) < JOIN_METRES);
    if (found >= 0) return found;
    nodes.push(p);
    return nodes.length - 1;
  };
  const segs: { a: Xy; b: Xy; cuts: number[] }[] = [];
  for (const s of streets) {
    const xy = s.points.map((p) => toMetres(p, o));
    for (let i = 1; i < xy.length; i++) segs.push({ a: xy[i - 1]!, b: xy[i]!, cuts: [0, 1] });
  }
  for (let i = 0; i < segs.length; i++) {
    for (let j = i + 1; j < segs.length; j++) {
      const x = crossing(segs[i]!.a, segs[i]!.b, segs[j]!.a, segs[j]!.b);
      if (!x) continue;
      segs[i]!.cuts.push(x.t);
      segs[j]!.cuts.push(x.u);
    }
  }
  const edges: [number, number][][] = [];
  const segments: [number, number][] = [];
  const link = (p: number, q: number) => {
    if (p === q) return;
    const m = dist(nodes[p]!, nodes[q]!);
    (edges[p] ??= []).push([q, m]);
    (edges[q] ??= []).push([p, m]);
    segments.push([p, q]);
  };
  for (const s of segs) {
    const ids = [...new Set(s.cuts)].sort((x, y) => x - y).map((t) => nodeAt({ x: s.a.x + (s.b.x - s.a.x) * t, y: s.a.y + (s.b.y - s.a.y) * t }));
    for (let i = 1; i < ids.length; i++) link(ids[i - 1]!, ids[i]!);
  }
  for (let i = 0; i < nodes.length; i++) edges[i] ??= [];
  return { origin: o, nodes, edges, segments };
}

/** Where a place meets the network: the nearest point of the nearest segment. */
interface Join {
  at: Xy;
  /** Metres from the place to `at`. */
  off: number;
  /** The segment's ends and the metres from `at` to each. */
  ends: [number, number][];
}

function join(g: StreetGraph, place: Xy): Join | undefined {
  let best: Join | undefined;
  for (const [p, q] of g.segments) {
    const a = g.nodes[p]!;
    const b = g.nodes[q]!;
    const len2 = (b.x - a.x) ** 2 + (b.y - a.y) ** 2;
    const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((place.x - a.x) * (b.x - a.x) + (place.y - a.y) * (b.y - a.y)) / len2));
    const at = { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
    const off = dist(place, at);
    if (!best || off < best.off) best = { at, off, ends: [[p, dist(at, a)], [q, dist(at, b)]] };
  }
  return best;
}

export interface Route {
  /** Metres walked: to the street, along the streets, from the street. */
  metres: number;
  /** The walk as WGS-84 points, from `from` to `to`, for drawing. */
  path: LngLat[];
}

function toLngLat(p: Xy, o: LngLat): LngLat {
  const k = Math.cos((o.lat * Math.PI) / 180);
  return { lng: o.lng + p.x / (M_PER_DEG_LNG_EQUATOR * k), lat: o.lat + p.y / M_PER_DEG_LAT };
}

/**
 * Shortest walks from one place to each of `targets` (one Dijkstra from `from`). A target that
 * cannot be reached (no streets, or a part of the network not joined to the start) is undefined.
 */
export function routesFrom(g: StreetGraph, from: LngLat, targets: readonly LngLat[]): (Route | undefined)[] {
  const start = toMetres(from, g.origin);
  const sj = join(g, start);
  if (!sj) return targets.map(() => undefined);
  const n = g.nodes.length;
  const best = new Float64Array(n).fill(Infinity);
  const prev = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  for (const [id, m] of sj.ends) if (sj.off + m < best[id]!) best[id] = sj.off + m;
  // Plain O(n²) Dijkstra: a district's few hundred junctions need no heap.
  for (;;) {
    let u = -1;
    for (let i = 0; i < n; i++) if (!done[i] && best[i]! < Infinity && (u < 0 || best[i]! < best[u]!)) u = i;
    if (u < 0) break;
    done[u] = 1;
    for (const [v, m] of g.edges[u]!) {
      if (best[u]! + m < best[v]!) {
        best[v] = best[u]! + m;
        prev[v] = u;
      }
    }
  }
  const walkTo = (id: number): Xy[] => {
    const out: Xy[] = [];
    for (let i = id; i >= 0; i = prev[i]!) out.unshift(g.nodes[i]!);
    return out;
  };
  return targets.map((target) => {
    const end = toMetres(target, g.origin);
    const tj = join(g, end);
    if (!tj) return undefined;
    let metres = Infinity;
    let via: Xy[] = [];
    for (const [id, m] of tj.ends) {
      const total = best[id]! + m + tj.off;
      if (total < metres) [metres, via] = [total, walkTo(id)];
    }
    // Both on one segment: straight along it may be shorter than out to a junction and back.
    if (sameSegment(sj, tj)) {
      const direct = sj.off + dist(sj.at, tj.at) + tj.off;
      if (direct <= metres) [metres, via] = [direct, []];
    }
    if (!Number.isFinite(metres)) return undefined;
    return { metres, path: [start, sj.at, ...via, tj.at, end].map((p) => toLngLat(p, g.origin)) };
  });
}

function sameSegment(a: Join, b: Join): boolean {
  const key = (j: Join) => j.ends.map(([id]) => id).sort((x, y) => x - y).join('-');
  return key(a) === key(b);
}
