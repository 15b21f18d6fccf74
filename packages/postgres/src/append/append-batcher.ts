import type { AppendRequest, AppendResult } from '@edict/core/spi';
import { groupCommitRecorder } from '@edict/core/spi';
import { isConnectionError } from '../errors/is-connection-error';

/** `edict.store.group_commit.size`: appends per transaction, when an OpenTelemetry SDK is registered. */
const recordGroupCommit = groupCommitRecorder('@edict/postgres');

interface Pending {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** What two requests in flight at once must not share: their stream, their command id. */
const keysOf = (request: AppendRequest): string[] =>
  request.commandId === undefined ? [`s:${request.streamId}`] : [`s:${request.streamId}`, `c:${request.commandId}`];

/**
 * Group commit. Appends that arrive while `maxInFlight` transactions are in flight wait, then
 * go together in the next one: no added latency when idle, one commit for many commands under
 * load. Each command keeps its own outcome (a conflict or duplicate fails only that command).
 *
 * Transactions in flight at once never share a stream or a command id: a request waits while
 * an earlier one on its stream (or with its command id) is in flight, so the appends to one
 * stream run in arrival order, and the overlapping transactions contend only for the head row,
 * which orders their commits (they prepare their streams while the previous one commits).
 */
export class AppendBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;
  /** Streams and command ids of the transactions in flight. */
  private readonly busy = new Set<string>();
  /** A pump is due after the current callbacks: requests gather until then. */
  private deferred = false;

  constructor(
    private readonly one: (request: AppendRequest) => Promise<AppendResult>,
    /** One outcome per request, in order: a result, or the error of that request alone. */
    private readonly many: (requests: readonly AppendRequest[]) => Promise<(AppendResult | Error)[]>,
    private readonly maxBatch = 256,
    private readonly maxInFlight = 2,
  ) {}

  append(request: AppendRequest): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (!this.deferred) this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch: Pending[] = [];
      const waiting: Pending[] = [];
      // Keys of the requests that wait: a later request sharing one waits too (arrival order).
      const held = new Set<string>();
      const keys = new Set<string>();
      for (const p of this.queue) {
        const own = keysOf(p.request);
        if (batch.length < this.maxBatch && !own.some((k) => this.busy.has(k) || held.has(k))) {
          batch.push(p);
          for (const k of own) keys.add(k);
        } else {
          waiting.push(p);
          for (const k of own) held.add(k);
        }
      }
      if (batch.length === 0) return; // what waits goes when a transaction in flight ends
      this.queue = waiting;
      for (const k of keys) this.busy.add(k);
      this.inFlight++;
      void this.send(batch).finally(() => {
        for (const k of keys) this.busy.delete(k);
        this.inFlight--;
        // The callers whose appends just settled are about to send their next ones: wait for
        // them (they come within this turn of the event loop) rather than send the one or two
        // stragglers already queued alone and make the others wait a whole commit. After a
        // lone append there is nobody to wait for: its caller's next append goes at once.
        if (batch.length === 1) {
          this.pump();
        } else if (!this.deferred) {
          this.deferred = true;
          setImmediate(() => {
            this.deferred = false;
            this.pump();
          });
        }
      });
    }
  }

  private async send(batch: Pending[]): Promise<void> {
    recordGroupCommit(batch.length);
    if (batch.length === 1) return this.sendOne(batch[0]!);
    let outcomes: (AppendResult | Error)[];
    try {
      outcomes = await this.many(batch.map((p) => p.request));
    } catch (error) {
      if (isConnectionError(error) || (error as { code?: string }).code === 'STORE_UNAVAILABLE') {
        for (const p of batch) p.reject(error);
        return;
      }
      // A deadlock, or one request the database refused: go one by one, so that only the
      // faulty request fails (the batch's transaction wrote nothing).
      for (const p of batch) await this.sendOne(p);
      return;
    }
    outcomes.forEach((outcome, i) =>
      outcome instanceof Error ? batch[i]!.reject(outcome) : batch[i]!.resolve(outcome),
    );
  }

  private async sendOne(p: Pending): Promise<void> {
    try {
      p.resolve(await this.one(p.request));
    } catch (error) {
      p.reject(error);
    }
  }
}
