import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { backoffDelay, backoffDelaySql } from './backoff.ts';
import type { BackoffPolicy } from './backoff.ts';

export type AccountGate = { allowed: true; failures: number; lockedNow: boolean } | { allowed: false; locked: boolean; retryAfterMs: number };

export interface AccountThrottlePolicy extends BackoffPolicy {
  /** Failures in a row after which the name is locked until a known device or an admin clears it. */
  hardLockFailures: number;
  /** Failures older than this (without a newer attempt) are forgotten; a hard lock is not. */
  memoryMs: number;
}

const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * Growing waits and a hard lock per submitted username, in the database so every instance
 * shares them. An attempt is counted before its password is checked, by one upsert that also
 * decides whether it may go ahead: concurrent attempts each see the count the previous one
 * left, so a burst gets no more checks than attempts one at a time would. A success clears it.
 */
export class AccountThrottle {
  private lastPrune = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly policy: AccountThrottlePolicy,
  ) {}

  async claim(username: string, now: number): Promise<AccountGate> {
    const p = this.policy;
    const stale = now - p.memoryMs;
    const old = (column: 'failures' | 'updated_at') => sql.ref(`staff_login_failures.${column}`);
    const failures = sql<number>`((case when ${old('updated_at')} < ${stale} then 0 else ${old('failures')} end) + 1)`;
    const row = await this.db
      .insertInto('staff_login_failures')
      .values({ username, failures: 1, next_attempt_at: now + backoffDelay(1, p), locked: p.hardLockFailures <= 1 ? 1 : 0, updated_at: now })
      .onConflict((oc) =>
        oc
          .column('username')
          .doUpdateSet({
            failures,
            next_attempt_at: sql<number>`cast(${now} as bigint) + ${backoffDelaySql(failures, p)}`,
            locked: sql<number>`(case when ${failures} >= ${sql.lit(p.hardLockFailures)} then 1 else 0 end)`,
            updated_at: now,
          })
          .where('staff_login_failures.locked', '=', 0)
          .where((eb) => eb.or([eb('staff_login_failures.next_attempt_at', '<=', now), eb('staff_login_failures.updated_at', '<', stale)])),
      )
      .returning(['failures', 'locked'])
      .executeTakeFirst();
    await this.pruneNowAndThen(now);
    if (row) return { allowed: true, failures: row.failures, lockedNow: row.locked === 1 };
    const current = await this.db.selectFrom('staff_login_failures').select(['locked', 'next_attempt_at']).where('username', '=', username).executeTakeFirst();
    return { allowed: false, locked: current?.locked === 1, retryAfterMs: Math.max(1000, (current?.next_attempt_at ?? now) - now) };
  }

  /** A correct password (or an admin's unlock): the name starts afresh. True if it was hard-locked. */
  async clear(username: string, db: Kysely<Database> = this.db): Promise<boolean> {
    const row = await db.deleteFrom('staff_login_failures').where('username', '=', username).returning('locked').executeTakeFirst();
    return row?.locked === 1;
  }

  /** Failures in a row (forgotten ones count 0) and the hard lock, for the given names. */
  async status(usernames: readonly string[], now: number): Promise<Map<string, { failures: number; locked: boolean }>> {
    const out = new Map<string, { failures: number; locked: boolean }>();
    if (usernames.length === 0) return out;
    const rows = await this.db.selectFrom('staff_login_failures').selectAll().where('username', 'in', usernames).execute();
    for (const r of rows) out.set(r.username, { failures: r.locked === 1 || r.updated_at >= now - this.policy.memoryMs ? r.failures : 0, locked: r.locked === 1 });
    return out;
  }

  /** Forgotten counts of names nobody tries any more (most are unknown names) go, hourly per instance. */
  private async pruneNowAndThen(now: number): Promise<void> {
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    await this.db.deleteFrom('staff_login_failures').where('locked', '=', 0).where('updated_at', '<', now - this.policy.memoryMs).execute();
  }
}
