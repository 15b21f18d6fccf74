import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { LeaseError, LeaseFence, LeaseOwner, LeaseState, ProcessRecord } from '../contracts/lease-records';
import type { LeaseStore } from '../contracts/lease-store';
import type { Logger } from '../contracts/logger';
import type { HandlerLease } from '../contracts/store-records';
import { errorInfo } from '../errors/error-info';

interface Held {
  fence: LeaseFence;
  /** By this process's monotonic clock: past it, the lease may have expired in the store. */
  validUntil: number;
  lose: () => void;
}

const keyOf = (handler: string, partition: number) => `${partition}\u0000${handler}`;

/**
 * The leases one process holds, on any number of handlers and partitions, kept alive together:
 * every `periodMs / 3` one statement renews all of them and the process's membership row. A
 * lease the renewal no longer returns was taken by another process; one not renewed within
 * `periodMs` (the store unreachable, the process paused) is given up as lost here, since the
 * store may have let another process take it. Either way its `lost` promise resolves; and the
 * store refuses any write still fenced by it.
 *
 * @example
 * const leases = new ProcessLeases(store, 10_000, ['balances'], consoleLogger);
 * leases.start();
 * const lease = await leases.acquire('balances', 0); // undefined while another process holds it
 * if (lease) await store.saveCheckpoint('balances', 42, lease.fence);
 * await leases.stop();
 */
export class ProcessLeases {
  readonly owner: LeaseOwner;
  private readonly held = new Map<string, Held>();
  private readonly handlers: Set<string>;
  private timer: ReturnType<typeof setInterval> | undefined;
  private renewing: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: LeaseStore,
    readonly periodMs: number,
    handlers: readonly string[],
    private readonly logger: Logger,
    owner?: LeaseOwner,
  ) {
    this.owner = owner ?? { id: randomUUID(), host: hostname(), pid: process.pid };
    this.handlers = new Set(handlers);
  }

  /** Registers the process (membership) and starts the renewals. */
  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.renew(), Math.max(1, Math.floor(this.periodMs / 3)));
    this.timer.unref?.();
    void this.renew();
  }

  /** Adds handlers to the membership row (a process may run more handlers later). */
  runs(handler: string): void {
    this.handlers.add(handler);
  }

  /**
   * Takes the lease on (handler, partition) for this process: undefined while another process
   * holds it, or while this process holds it already.
   */
  async acquire(handler: string, partition = 0): Promise<HandlerLease | undefined> {
    const key = keyOf(handler, partition);
    if (this.held.has(key) || this.stopped) return undefined;
    const started = performance.now();
    const fence = await this.store.acquireLease(this.owner, handler, partition, this.periodMs);
    if (!fence || this.held.has(key)) return undefined;
    let signal!: () => void;
    const lost = new Promise<void>((resolve) => (signal = resolve));
    const entry: Held = { fence, validUntil: started + this.periodMs, lose: signal };
    this.held.set(key, entry);
    return {
      fence,
      lost,
      record: (state, lastError) =>
        this.held.get(key) === entry ? this.record(fence, state, lastError) : Promise.resolve(),
      release: async () => {
        if (this.held.get(key) !== entry) return;
        this.held.delete(key);
        await this.store.releaseLease(fence);
      },
    };
  }

  /** The lease of (handler, partition) this process holds, if any. */
  fenceOf(handler: string, partition = 0): LeaseFence | undefined {
    return this.held.get(keyOf(handler, partition))?.fence;
  }

  /** Counts the leases this process holds now. */
  get size(): number {
    return this.held.size;
  }

  /** Gives up a lease here at once: a write fenced by it was refused (another process took it). */
  lost(fence: LeaseFence): void {
    const key = keyOf(fence.handler, fence.partition);
    const entry = this.held.get(key);
    if (entry?.fence.token !== fence.token) return;
    this.held.delete(key);
    entry.lose();
  }

  /** Writes the holder's state into its lease row; a failure is only logged (the next transition writes again). */
  async record(fence: LeaseFence, state: LeaseState, lastError?: LeaseError): Promise<void> {
    try {
      await this.store.recordLeaseState(fence, state, lastError);
    } catch (error) {
      this.logger.warn(`Edict: could not record the state of handler '${fence.handler}'`, {
        error: errorInfo(error).message,
      });
    }
  }

  /** The processes whose membership has not expired: those sharing the handlers. */
  liveProcesses(): Promise<ProcessRecord[]> {
    return this.store.readProcesses();
  }

  /** Renews every lease held and the membership row now (the timer does it every `periodMs / 3`). */
  renew(): Promise<void> {
    this.expireOverdue();
    this.renewing ??= this.renewOnce().finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async renewOnce(): Promise<void> {
    const started = performance.now();
    const entries = [...this.held.values()];
    try {
      const member = { ...this.owner, handlers: [...this.handlers] };
      const kept = await this.store.renewLeases(
        member,
        entries.map((e) => e.fence),
        this.periodMs,
      );
      const tokens = new Set(kept.map((f) => keyOf(f.handler, f.partition) + '#' + f.token));
      for (const entry of entries) {
        const { handler, partition, token } = entry.fence;
        if (tokens.has(keyOf(handler, partition) + '#' + token)) entry.validUntil = started + this.periodMs;
        else this.lost(entry.fence);
      }
    } catch (error) {
      if (this.stopped) return;
      // With no lease held, only the membership row waits: the handlers report the outage.
      if (entries.length > 0) {
        this.logger.warn('Edict: could not renew the handler leases; retrying', { error: errorInfo(error).message });
      }
    }
    this.expireOverdue();
  }

  /** Leases not renewed within their period may be someone else's by now: lost. */
  private expireOverdue(): void {
    const now = performance.now();
    for (const entry of [...this.held.values()]) if (entry.validUntil <= now) this.lost(entry.fence);
  }

  /** Stops the renewals and leaves the membership. Leases still held are released by their holders first. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.renewing;
    await this.store.leaveProcesses(this.owner.id).catch(() => undefined);
  }
}
