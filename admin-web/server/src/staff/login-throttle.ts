/**
 * Caps login attempts per client address in a sliding one-minute window, in memory. It
 * complements the per-account lockout (in the database, so shared by every instance).
 */
export class LoginThrottle {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {}

  /** Counts an attempt; false when the address is over its budget. */
  take(address: string): boolean {
    const t = this.now();
    const recent = (this.attempts.get(address) ?? []).filter((at) => t - at < 60_000);
    if (recent.length >= this.perMinute) {
      this.attempts.set(address, recent);
      return false;
    }
    recent.push(t);
    this.attempts.set(address, recent);
    if (this.attempts.size > 10_000) this.prune(t);
    return true;
  }

  private prune(t: number): void {
    for (const [k, v] of this.attempts) if (v.every((at) => t - at >= 60_000)) this.attempts.delete(k);
  }
}
