import type { HandlerStateStore } from '../contracts/handler-state-store';
import type {
  LeaseError,
  LeaseFence,
  LeaseOwner,
  LeaseRecord,
  LeaseState,
  ProcessMember,
  ProcessRecord,
} from '../contracts/lease-records';
import type { DeadLetter, StoredCheckpoint } from '../contracts/store-records';
import { ownsCheckpoint } from '../metadata/partitioning';
import { LeaseLostError } from '../errors/lease-lost-error';
import { LocalLeases } from './local-leases';

/** Checkpoints, leases (with fencing) and dead letters in memory: the in-memory store's `HandlerStateStore`. */
export class InMemoryHandlerState implements HandlerStateStore {
  private readonly checkpoints = new Map<string, number>();
  private deadLetters: DeadLetter[] = [];
  private lastDeadLetterId = 0;
  private readonly leases = new LocalLeases();

  loadCheckpoint(name: string): Promise<number | undefined> {
    return Promise.resolve().then(() => this.checkpoints.get(name));
  }

  saveCheckpoint(name: string, position: number, fence?: LeaseFence): Promise<void> {
    return Promise.resolve().then(() => {
      if (fence && !this.leases.holds(fence)) throw new LeaseLostError(fence.handler, fence.partition, fence.token);
      // A consumer that lost its lease must not move the shared checkpoint back.
      if ((this.checkpoints.get(name) ?? -1) < position) this.checkpoints.set(name, position);
    });
  }

  resetCheckpoint(name: string, position: number): Promise<void> {
    return Promise.resolve().then(() => {
      this.checkpoints.set(name, position);
    });
  }

  readHandlerCheckpoints(handler: string): Promise<StoredCheckpoint[]> {
    return Promise.resolve().then(() =>
      [...this.checkpoints]
        .filter(([name]) => ownsCheckpoint(handler, name))
        .map(([name, position]) => ({ name, position }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    );
  }

  replaceCheckpoints(
    remove: readonly string[],
    write: readonly string[],
    position: number,
    fences: readonly LeaseFence[],
  ): Promise<void> {
    return Promise.resolve().then(() => {
      const lost = fences.find((fence) => !this.leases.holds(fence));
      if (lost) throw new LeaseLostError(lost.handler, lost.partition, lost.token);
      for (const name of remove) this.checkpoints.delete(name);
      for (const name of write) this.checkpoints.set(name, position);
    });
  }

  acquireLease(
    owner: LeaseOwner,
    handler: string,
    partition: number,
    periodMs: number,
  ): Promise<LeaseFence | undefined> {
    return this.leases.acquireLease(owner, handler, partition, periodMs);
  }

  renewLeases(member: ProcessMember, held: readonly LeaseFence[], periodMs: number): Promise<LeaseFence[]> {
    return this.leases.renewLeases(member, held, periodMs);
  }

  releaseLease(fence: LeaseFence): Promise<void> {
    return this.leases.releaseLease(fence);
  }

  recordLeaseState(fence: LeaseFence, state: LeaseState, lastError?: LeaseError): Promise<void> {
    return this.leases.recordLeaseState(fence, state, lastError);
  }

  readLeases(): Promise<LeaseRecord[]> {
    return this.leases.readLeases();
  }

  readProcesses(): Promise<ProcessRecord[]> {
    return this.leases.readProcesses();
  }

  leaveProcesses(ownerId: string): Promise<void> {
    return this.leases.leaveProcesses(ownerId);
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
