/**
 * A small in-process cache whose entries expire after a fixed time, for data read on every search but
 * changed rarely (clinic rules, doctors' weekly hours). Services use SharedCache (modules/cluster), which
 * extends this one: the instance that makes a change drops its entry at
 * once, and with REDIS_URL every other instance drops it as soon as the invalidation arrives (milliseconds).
 * The TTL bounds how stale an entry can be when that message is lost (Redis unreachable), and is the only
 * bound for a TtlCache made directly, whose changes no other instance hears of.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: K, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: K, value: V, now = Date.now()): void {
    if (this.entries.size >= this.maxEntries) this.prune(now);
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    // Still full of live entries: start afresh rather than grow without bound.
    if (this.entries.size >= this.maxEntries) this.entries.clear();
  }
}
