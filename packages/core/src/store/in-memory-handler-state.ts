import type { HandlerStateStore } from '../contracts/handler-state-store';
import type { DeadLetter, HandlerLease } from '../contracts/store-records';
import { LocalLeases } from './local-leases';

/** Checkpoints, leases and dead letters in memory: the in-memory store's `HandlerStateStore`. */
export class InMemoryHandlerState implements HandlerStateStore {
  private readonly checkpoints = new Map<string, number>();
  private readonly deadLetters: DeadLetter[] = [];
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
      this.deadLetters.push(structuredClone(entry));
    });
  }

  readDeadLetters(handler: string): Promise<DeadLetter[]> {
    return Promise.resolve().then(() =>
      this.deadLetters.filter((d) => d.handler === handler).map((d) => structuredClone(d)),
    );
  }
}
