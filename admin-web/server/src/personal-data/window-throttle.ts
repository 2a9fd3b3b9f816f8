/** At most `limit` events per key in a sliding window, in memory (per instance). */
export class WindowThrottle {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Counts an event; false when the key is over its budget (the refused event is not counted). */
  take(key: string): boolean {
    const t = this.now();
    const recent = (this.events.get(key) ?? []).filter((at) => t - at < this.windowMs);
    const ok = recent.length < this.limit;
    if (ok) recent.push(t);
    this.events.set(key, recent);
    if (this.events.size > 10_000) {
      for (const [k, v] of this.events) if (v.every((at) => t - at >= this.windowMs)) this.events.delete(k);
    }
    return ok;
  }
}
