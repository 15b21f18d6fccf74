/** A loaded aggregate and the stream version its state includes. */
export interface LoadedAggregate {
  readonly instance: object;
  readonly version: number;
}

/** Bounded least-recently-used cache of aggregate states, by stream id. */
export class AggregateCache {
  private readonly entries = new Map<string, LoadedAggregate>();

  constructor(private readonly capacity: number) {}

  get(streamId: string): LoadedAggregate | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  set(streamId: string, entry: LoadedAggregate): void {
    if (this.capacity === 0) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** The entry of `streamId`, which leaves the cache: whoever takes it puts it back when it is current. */
  take(streamId: string): LoadedAggregate | undefined {
    const entry = this.entries.get(streamId);
    if (entry) this.entries.delete(streamId);
    return entry;
  }

  get size(): number {
    return this.entries.size;
  }
}
