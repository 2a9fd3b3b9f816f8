import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';

/**
 * Growing waits after failed logins: the first `failuresBeforeBackoff - 1` failures in a row
 * cost nothing (typos), then each one makes the next attempt wait `baseMs`, 2×, 4×... up to
 * `maxMs`. Waits rather than a lock, so guessing at someone's username costs its owner seconds.
 */
export interface BackoffPolicy {
  failuresBeforeBackoff: number;
  baseMs: number;
  maxMs: number;
}

/** The wait after the `failures`-th failure in a row (failures >= 1) before the next check. */
export function backoffDelay(failures: number, p: BackoffPolicy): number {
  if (failures < p.failuresBeforeBackoff) return 0;
  return Math.min(p.maxMs, p.baseMs * 2 ** (failures - p.failuresBeforeBackoff));
}

/**
 * `backoffDelay` as one SQL expression over a failure count, so the count and the wait it
 * earns are written by the same statement (portable: a CASE of literals, no pow()).
 */
export function backoffDelaySql(failures: RawBuilder<number>, p: BackoffPolicy): RawBuilder<number> {
  const steps: RawBuilder<unknown>[] = [];
  // 64 steps reach any cap from a base of 1 ms; the bound only matters for a zero base.
  for (let n = p.failuresBeforeBackoff; n < p.failuresBeforeBackoff + 64 && backoffDelay(n, p) < p.maxMs; n++) {
    steps.push(sql`when ${failures} = ${sql.lit(n)} then ${sql.lit(backoffDelay(n, p))}`);
  }
  return sql<number>`(case when ${failures} < ${sql.lit(p.failuresBeforeBackoff)} then 0 ${sql.join(steps, sql` `)} else ${sql.lit(p.maxMs)} end)`;
}
