/** May an upload be taken now? If not, how long until enough of the budget is back. */
export type QuotaGate = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface QuotaLimits {
  windowMs: number;
  /** Items (events) per window; one request must never need more. */
  items: number;
  /** Request bytes per window; one request must never need more. */
  bytes: number;
}

interface Use {
  at: number;
  items: number;
  bytes: number;
}

/**
 * A per-terminal budget of items and bytes over a sliding window, so a compromised or broken
 * terminal cannot fill the database however fast it sends. In memory, so per instance: with
 * n instances a terminal gets at most n budgets. Only authenticated terminals are tracked, so
 * the map is bounded by the fleet.
 */
export class UploadQuota {
  private readonly uses = new Map<string, Use[]>();

  constructor(private readonly limits: QuotaLimits) {}

  /** Takes `items` and `bytes` from the terminal's budget, or leaves it untouched and says when to retry. */
  take(terminalId: string, items: number, bytes: number, now: number): QuotaGate {
    const recent = (this.uses.get(terminalId) ?? []).filter((u) => now - u.at < this.limits.windowMs && u.at <= now);
    let usedItems = recent.reduce((n, u) => n + u.items, 0);
    let usedBytes = recent.reduce((n, u) => n + u.bytes, 0);
    if (usedItems + items <= this.limits.items && usedBytes + bytes <= this.limits.bytes) {
      recent.push({ at: now, items, bytes });
      this.uses.set(terminalId, recent);
      return { allowed: true };
    }
    this.uses.set(terminalId, recent);
    // The oldest uses leave the window first: wait until enough of them have.
    for (const u of recent) {
      usedItems -= u.items;
      usedBytes -= u.bytes;
      if (usedItems + items <= this.limits.items && usedBytes + bytes <= this.limits.bytes) return { allowed: false, retryAfterMs: u.at + this.limits.windowMs - now };
    }
    return { allowed: false, retryAfterMs: this.limits.windowMs };
  }
}
