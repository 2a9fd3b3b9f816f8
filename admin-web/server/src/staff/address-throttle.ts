import { backoffDelay } from './backoff.ts';
import type { BackoffPolicy } from './backoff.ts';

/** May a login be checked now? If not, how long to wait (the answer's Retry-After). */
export type Gate = { allowed: true } | { allowed: false; retryAfterMs: number };

interface AddressState {
  failures: number;
  nextAt: number;
  lastAt: number;
}

// Beyond this many addresses the longest idle are forgotten (bounds memory under a botnet).
const MAX_TRACKED = 10_000;

/**
 * Growing waits per client address, across usernames (password spraying). In memory, so per
 * instance: the per-username throttle in the database is the one every instance shares.
 * An attempt is counted as failed when it is let through (checks of concurrent requests
 * cannot all see a clean slate); a successful login clears the address.
 */
export class AddressThrottle {
  private readonly state = new Map<string, AddressState>();

  constructor(
    private readonly policy: BackoffPolicy,
    /** An address idle this long starts afresh. */
    private readonly memoryMs: number,
  ) {}

  claim(address: string, now: number): Gate {
    const s = this.state.get(address);
    const failures = s && now - s.lastAt < this.memoryMs ? s.failures : 0;
    if (s && failures > 0 && now < s.nextAt) return { allowed: false, retryAfterMs: s.nextAt - now };
    // Re-inserted, so the map iterates from the longest idle address: the first to forget.
    this.state.delete(address);
    this.state.set(address, { failures: failures + 1, nextAt: now + backoffDelay(failures + 1, this.policy), lastAt: now });
    for (const oldest of this.state.keys()) {
      if (this.state.size <= MAX_TRACKED) break;
      this.state.delete(oldest);
    }
    return { allowed: true };
  }

  succeeded(address: string): void {
    this.state.delete(address);
  }
}
