import { HandlerNotActiveError } from '../errors';
import type { RecordedEvent } from '../contracts/store-records';
import type { HandlerState } from '../contracts/handler-status';
import type { EventProcessor } from '../contracts/event-processor';
import type { RebuildProgress } from '../contracts/handler-status';
import type { TruncationStore } from '../contracts/truncation-store';

interface Request {
  readonly onProgress: ((progress: RebuildProgress) => void) | undefined;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * A handler's rebuilds: the requests waiting for the loop to take them, and the replay under
 * way, with its progress (events got past, out of the log's length when it began). A request
 * made while a replay runs starts it over; every request then resolves when that one ends,
 * since it replays at least what each asked for.
 */
export class Rebuild {
  private requested: Request[] = [];
  private running:
    { requests: Request[]; readonly total: number; readonly truncated: number; done: number } | undefined;

  /** `truncated(total)`: how many events of positions up to `total` truncation removed (the replay will not see them). */
  constructor(
    private readonly handlerName: string,
    private readonly truncated: (total: number) => Promise<number> = () => Promise.resolve(0),
  ) {}

  /** A rebuild was asked for and has not begun. */
  get pending(): boolean {
    return this.requested.length > 0;
  }

  /** A replay is under way. */
  get active(): boolean {
    return this.running !== undefined;
  }

  /**
   * Records a request; the caller wakes the loop, which calls `begin`. Refused with
   * `HandlerNotActiveError` unless the handler runs in this process (in `state`).
   */
  request(onProgress: ((progress: RebuildProgress) => void) | undefined, state: HandlerState): Promise<void> {
    if (state !== 'live' && state !== 'catching-up' && state !== 'retrying') {
      return Promise.reject(new HandlerNotActiveError(this.handlerName, state));
    }
    return new Promise<void>((resolve, reject) => this.requested.push({ onProgress, resolve, reject }));
  }

  /**
   * Begins the replay: `reset()` clears the handler and its checkpoint, `head()` gives its
   * length. True when the replay starts at 0; false when either failed, which rejects the
   * requests with that error.
   */
  async begin(reset: () => Promise<void>, head: () => Promise<number>): Promise<boolean> {
    const requests = [...(this.running?.requests ?? []), ...this.requested];
    this.requested = [];
    this.running = undefined;
    let total: number;
    let removed: number;
    try {
      await reset();
      total = await head();
      removed = await this.truncated(total);
    } catch (error) {
      for (const r of requests) r.reject(error as Error);
      return false;
    }
    this.running = { requests, total, truncated: removed, done: 0 };
    this.report();
    return true;
  }

  /**
   * Counts the events of `batch` the replay got past (those up to `position`) and reports
   * progress. True when the replay reached its end: call `complete()` once the checkpoint is written.
   */
  advanced(batch: readonly RecordedEvent[], position: number): boolean {
    const run = this.running;
    if (!run) return false;
    for (const e of batch) if (e.position <= position && e.position <= run.total) run.done++;
    this.report();
    return position >= run.total || batch.length === 0;
  }

  complete(): void {
    const requests = this.running?.requests ?? [];
    this.running = undefined;
    for (const r of requests) r.resolve();
  }

  /** Rejects every request, waiting or under way (the handler failed, stopped or lost its lease). */
  fail(error: Error): void {
    const requests = [...(this.running?.requests ?? []), ...this.requested];
    this.requested = [];
    this.running = undefined;
    for (const r of requests) r.reject(error);
  }

  private report(): void {
    const run = this.running!;
    const done = Math.min(run.done, run.total - run.truncated);
    const progress = { handlerName: this.handlerName, done, total: run.total, truncated: run.truncated };
    for (const r of [...run.requests]) {
      try {
        r.onProgress?.(progress);
      } catch (error) {
        // The caller's callback broke, not the handler: that caller's promise says so.
        run.requests.splice(run.requests.indexOf(r), 1);
        r.reject(error as Error);
      }
    }
  }
}

/** How many events of positions up to `total` truncations removed from the log. */
export async function truncatedUpTo(store: Pick<TruncationStore, 'readTruncations'>, total: number): Promise<number> {
  const truncations = await store.readTruncations();
  return truncations.filter((t) => t.lastPosition <= total).reduce((sum, t) => sum + t.removed, 0);
}

/**
 * The default reset before a replay: the processor's own `reset` (which moves the checkpoint
 * itself), else the handler's `reset()` method, if any, and the checkpoint back to 0.
 */
export async function resetHandler(
  processor: EventProcessor,
  instance: object,
  checkpoints: { resetCheckpoint(name: string, position: number): Promise<void> },
  name: string,
): Promise<void> {
  if (processor.reset) return processor.reset();
  const handler = instance as { reset?: () => unknown };
  if (typeof handler.reset === 'function') await handler.reset();
  await checkpoints.resetCheckpoint(name, 0);
}
