import type { AppendRequest, AppendResult } from '@edict/core';
import { isConnectionError } from './map-error';

interface Pending {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit. Appends that arrive while a transaction is in flight wait for it, then go
 * together in the next one: no added latency when idle, one commit for many commands under
 * load. Each command keeps its own outcome (a conflict or duplicate fails only that command).
 */
export class AppendBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;

  constructor(
    private readonly one: (request: AppendRequest) => Promise<AppendResult>,
    /** One outcome per request, in order: a result, or the error of that request alone. */
    private readonly many: (requests: readonly AppendRequest[]) => Promise<(AppendResult | Error)[]>,
    private readonly maxBatch = 256,
    private readonly maxInFlight = 1,
  ) {}

  append(request: AppendRequest): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.send(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async send(batch: Pending[]): Promise<void> {
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
