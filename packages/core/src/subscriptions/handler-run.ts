import type { RebuildProgress } from '../contracts/handler-status';
import type { RecordedEvent } from '../contracts/store-records';
import { PartitionedHandlerError } from '../errors';
import type { HandlerMeta } from '../metadata/registry';
import type { Subscription } from './subscription';

/**
 * One handler of the application as the rest of it sees the handler: a subscription, or the
 * partitions of a partitioned handler together. Strong consistency waits only for the loops
 * that hold a command's events; readiness and live queries wait for all of them.
 */
export class HandlerRun {
  readonly name: string;
  readonly meta: HandlerMeta;
  /** Where every loop of the handler got past (the lowest partition's position). */
  readonly waiters: { readonly position: number };

  constructor(readonly loops: readonly Subscription[]) {
    this.meta = loops[0]!.meta;
    this.name = this.meta.name;
    this.waiters = {
      get position() {
        return Math.min(...loops.map((s) => s.waiters.position));
      },
    };
  }

  /** The names its checkpoints, leases and dead letters are kept under. */
  get storeNames(): string[] {
    return this.loops.map((s) => s.name);
  }

  get caughtUp(): Promise<void> {
    return Promise.all(this.loops.map((s) => s.caughtUp)).then(() => undefined);
  }

  waitFor(position: number, timeoutMs: number): Promise<void> {
    return Promise.all(this.loops.map((s) => s.waitFor(position, timeoutMs))).then(() => undefined);
  }

  /**
   * Waits until the loops holding `events` processed them (`typed`: only loops whose handler
   * takes one of their types, as `consistency: 'strong'` asks).
   */
  waitForEvents(events: readonly RecordedEvent[], typed: boolean, timeoutMs: number): Promise<void> {
    const concerned = this.loops.filter((s) =>
      events.some((e) => s.slice.holds(e) && (!typed || this.meta.on.has(e.type))),
    );
    const last = events[events.length - 1]!.position;
    return Promise.all(concerned.map((s) => s.waitFor(last, timeoutMs))).then(() => undefined);
  }

  rebuild(onProgress?: (progress: RebuildProgress) => void): Promise<void> {
    const partitions = this.meta.partitions;
    if (partitions) return Promise.reject(new PartitionedHandlerError(this.name, 'rebuild', partitions.count));
    return this.loops[0]!.rebuild(onProgress);
  }
}
