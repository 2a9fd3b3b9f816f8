/** Order statistics for the benches' figures (nearest rank). */
const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);

export function percentile(xs: readonly number[], p: number): number {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const median = (xs: readonly number[]): number => sorted(xs)[Math.floor(xs.length / 2)]!;
