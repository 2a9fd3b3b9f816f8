/**
 * Service points drawn without a tile server (the kiosk map, the console fleet map): an equirectangular projection scaled by the
 * cosine of the mean latitude (true enough for one district), fitted into the drawing with a
 * margin and the aspect ratio kept, north up.
 */
import type { GeoPoint } from './content.ts';

export interface Box {
  width: number;
  height: number;
  margin: number;
}

export function project(points: readonly GeoPoint[], box: Box): { x: number; y: number }[] {
  if (points.length === 0) return [];
  const meanLat = points.reduce((s, p) => s + p.lat, 0) / points.length;
  const k = Math.cos((meanLat * Math.PI) / 180);
  const xs = points.map((p) => p.lng * k);
  const ys = points.map((p) => p.lat);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const innerW = box.width - 2 * box.margin;
  const innerH = box.height - 2 * box.margin;
  const scale = spanX === 0 && spanY === 0 ? 0 : Math.min(spanX ? innerW / spanX : Infinity, spanY ? innerH / spanY : Infinity);
  // Centre the drawing in whichever direction it does not fill.
  const offX = box.margin + (innerW - spanX * scale) / 2;
  const offY = box.margin + (innerH - spanY * scale) / 2;
  return points.map((_, i) => ({ x: offX + (xs[i] - minX) * scale, y: offY + (maxY - ys[i]) * scale }));
}

type Xy = { x: number; y: number };

/**
 * Pushes markers apart until none is closer than `minDistance` to another, inside the margins:
 * two service points in one building must still be two targets a finger can tell apart.
 * `fixed` points (the terminal's "you are here") stay put and keep markers `minDistance` away:
 * a marker must not hide where the resident stands. Plain relaxation; deterministic
 * (coincident markers part along a fixed angle per index).
 */
export function separate(points: readonly Xy[], minDistance: number, box: Box, fixed: readonly Xy[] = [], rounds = 200): Xy[] {
  const out = points.map((p) => ({ ...p }));
  const clamp = (v: number, max: number) => Math.min(max - box.margin, Math.max(box.margin, v));
  /** How far `b` is from `a` and in which direction (coincident points: a fixed angle per `seed`). */
  const apart = (a: Xy, b: Xy, seed: number) => {
    const [dx, dy] = [b.x - a.x, b.y - a.y];
    const d = Math.hypot(dx, dy);
    return d === 0 ? { ux: Math.cos(seed), uy: Math.sin(seed), d: 0 } : { ux: dx / d, uy: dy / d, d };
  };
  const move = (i: number, ux: number, uy: number, by: number) => {
    out[i] = { x: clamp(out[i].x + ux * by, box.width), y: clamp(out[i].y + uy * by, box.height) };
  };
  for (let r = 0; r < rounds; r++) {
    let moved = false;
    for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const { ux, uy, d } = apart(out[i], out[j], j);
        if (d >= minDistance) continue;
        const push = (minDistance - d) / 2 + 0.01;
        move(i, -ux, -uy, push);
        move(j, ux, uy, push);
        moved = true;
      }
      for (const f of fixed) {
        const { ux, uy, d } = apart(f, out[i], i + 1);
        if (d >= minDistance) continue;
        move(i, ux, uy, minDistance - d + 0.01);
        moved = true;
      }
    }
    if (!moved) break;
  }
  return out;
}
