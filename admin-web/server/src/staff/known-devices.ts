import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { newToken, tokenHash } from './tokens.ts';

const MAX_DEVICES_PER_USER = 20;

export interface KnownDevicePolicy {
  /** A device not used for a login this long is forgotten. */
  ttlMs: number;
  /** Wrong passwords sent with one device cookie (since its last success) before it stops counting as known. */
  maxFailures: number;
}

/**
 * Browsers a staff member logged in from. Their cookie (a random token the server keeps the
 * hash of, set after each successful login) lets its user past the per-name back-off and the
 * hard lock, so guessing at a name does not lock out its owner; with few guesses of its own.
 */
export class KnownDevices {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly policy: KnownDevicePolicy,
  ) {}

  /**
   * Counts an attempt with this cookie against its guesses before the password is checked
   * (one statement, so concurrent attempts cannot share a guess). True when the cookie is a
   * live device of that username with guesses left.
   */
  async claim(token: string, username: string, now: number): Promise<boolean> {
    const row = await this.db
      .updateTable('staff_devices')
      .set((eb) => ({ failures: eb('failures', '+', 1) }))
      .where('id_hash', '=', tokenHash(token))
      .where('failures', '<', this.policy.maxFailures)
      .where('last_login_at', '>', now - this.policy.ttlMs)
      .where('user_id', '=', (eb) => eb.selectFrom('staff_users').select('id').where('username', '=', username))
      .returning('id_hash')
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * After a successful login: the claimed device starts afresh, or the browser becomes a new
   * known device. Returns the cookie token to (re)set.
   */
  async succeeded(userId: string, claimedToken: string | undefined, now: number): Promise<string> {
    if (claimedToken !== undefined) {
      await this.db.updateTable('staff_devices').set({ failures: 0, last_login_at: now }).where('id_hash', '=', tokenHash(claimedToken)).execute();
      return claimedToken;
    }
    // Scripts log in without keeping cookies: only the user's newest devices are kept.
    await this.db
      .deleteFrom('staff_devices')
      .where('user_id', '=', userId)
      .where((eb) =>
        eb.or([
          eb('last_login_at', '<=', now - this.policy.ttlMs),
          eb('id_hash', 'not in', eb.selectFrom('staff_devices').select('id_hash').where('user_id', '=', userId).orderBy('last_login_at', 'desc').limit(MAX_DEVICES_PER_USER - 1)),
        ]),
      )
      .execute();
    const token = newToken();
    await this.db.insertInto('staff_devices').values({ id_hash: tokenHash(token), user_id: userId, failures: 0, created_at: now, last_login_at: now }).execute();
    return token;
  }
}
