import type { HandlerStateStore } from '../contracts/handler-state-store';
import type { DeadLetter, HandlerLease } from '../contracts/store-records';
import { LocalLeases } from './local-leases';

/** Checkpoints, leases and dead letters in memory: the in-memory store's `HandlerStateStore`. */
export class InMemoryHandlerState implements HandlerStateStore {
  private readonly checkpoints = new Map<string, number>();
  private deadLetters: DeadLetter[] = [];
  private lastDeadLetterId = 0;
  private readonly leases = new LocalLeases();

  loadCheckpoint(name: string): Promise<number | undefined> {
    return Promise.resolve().then(() => this.checkpoints.get(name));
  }

  saveCheckpoint(name: string, position: number): Promise<void> {
    return Promise.resolve().then(() => {
      // A consumer that lost its lease must not move the shared checkpoint back.
      if ((this.checkpoints.get(name) ?? -1) < position) this.checkpoints.set(name, position);
    });
  }

  resetCheckpoint(name: string, position: number): Promise<void> {
    return Promise.resolve().then(() => {
      this.checkpoints.set(name, position);
    });
  }

  tryLockHandler(name: string): Promise<HandlerLease | undefined> {
    return Promise.resolve().then(() => this.leases.tryLock(name));
  }

  addDeadLetter(entry: DeadLetter): Promise<void> {
    return Promise.resolve().then(() => {
      const { retryRequestedAt: _, ...recorded } = structuredClone(entry);
      this.deadLetters.push({ ...recorded, id: ++this.lastDeadLetterId });
    });
  }

  readDeadLetters(handler: string): Promise<DeadLetter[]> {
    return Promise.resolve().then(() =>
      this.deadLetters.filter((d) => d.handler === handler).map((d) => structuredClone(d)),
    );
  }

  retryDeadLetters(handler: string, ids?: readonly number[]): Promise<number> {
    return Promise.resolve().then(() => {
      const at = new Date();
      let marked = 0;
      this.deadLetters = this.deadLetters.map((d) => {
        if (!selected(d, handler, ids)) return d;
        marked++;
        return { ...d, retryRequestedAt: d.retryRequestedAt ?? at };
      });
      return marked;
    });
  }

  readDeadLetterRetries(handler: string): Promise<DeadLetter[]> {
    return this.readDeadLetters(handler).then((all) => all.filter((d) => d.retryRequestedAt !== undefined));
  }

  purgeDeadLetters(handler: string, ids?: readonly number[]): Promise<number> {
    return Promise.resolve().then(() => {
      const before = this.deadLetters.length;
      this.deadLetters = this.deadLetters.filter((d) => !selected(d, handler, ids));
      return before - this.deadLetters.length;
    });
  }
}

/** Whether an operation on `handler`'s dead letters `ids` (all when none given) takes `d`. */
function selected(d: DeadLetter, handler: string, ids: readonly number[] | undefined): boolean {
  return d.handler === handler && (ids === undefined || ids.includes(d.id!));
}
