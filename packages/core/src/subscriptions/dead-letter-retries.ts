import type { HandlerStateStore } from '../contracts/handler-state-store';
import type { RecordedEvent } from '../contracts/store-records';

type RetryStore = Pick<HandlerStateStore, 'readDeadLetterRetries' | 'purgeDeadLetters'>;

/**
 * The dead letters an operator asked to retry (`edict.retryDeadLetters`, `edict dead-letters
 * retry`), taken up by the running handler once it is live: each event goes through delivery
 * again, under the error policy, and its dead letter is removed once it went through (or was
 * dead-lettered anew, with the new error). Looked for at most once per poll interval.
 */
export class DeadLetterRetries {
  private checkedAt = 0;

  constructor(
    private readonly store: RetryStore,
    private readonly handlerName: string,
    private readonly intervalMs: number,
  ) {}

  /** Redelivers the dead letters marked for a retry, oldest first, if a look is due. */
  async take(deliver: (recorded: RecordedEvent) => Promise<unknown>, goOn: () => boolean): Promise<void> {
    if (Date.now() - this.checkedAt < this.intervalMs) return;
    this.checkedAt = Date.now();
    for (const letter of await this.store.readDeadLetterRetries(this.handlerName)) {
      if (!goOn()) return;
      await deliver(letter.event);
      await this.store.purgeDeadLetters(this.handlerName, [letter.id!]);
    }
  }
}
