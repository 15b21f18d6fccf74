/** A data key as cached: the key, or null for a subject forgotten (or never given a key). */
interface Entry {
  readonly key: Buffer | null;
  /** Until when the entry may be used without asking the store again (ms since the epoch). */
  readonly until: number;
}

/**
 * The subjects' data keys, opened, least recently used evicted past `capacity`. A key is
 * trusted for `ttlMs` and then asked for again: a forget in another process reaches this one
 * within that window. A forgotten subject stays forgotten, so that answer never expires.
 */
export class KeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The cached key (null: forgotten), or undefined when it is not cached or has expired. With
   * `expired`, an expired key is returned too (and kept): for sealing, where a key destroyed
   * meanwhile only makes the new value unreadable from the start.
   */
  get(subject: string, expired = false): Buffer | null | undefined {
    const entry = this.entries.get(subject);
    if (entry === undefined) return undefined;
    this.entries.delete(subject);
    if (!expired && entry.until <= this.now()) return undefined;
    this.entries.set(subject, entry);
    return entry.key;
  }

  set(subject: string, key: Buffer | null): void {
    if (this.capacity === 0) return;
    this.entries.delete(subject);
    this.entries.set(subject, { key, until: key === null ? Number.POSITIVE_INFINITY : this.now() + this.ttlMs });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}
