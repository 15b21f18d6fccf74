import type {
  LeaseError,
  LeaseFence,
  LeaseOwner,
  LeaseRecord,
  LeaseState,
  ProcessMember,
  ProcessRecord,
} from '../contracts/lease-records';
import type { LeaseStore } from '../contracts/lease-store';
import {
  checkFence,
  checkLeaseKey,
  checkLeaseState,
  checkMember,
  checkOwner,
  checkOwnerId,
  checkPeriod,
} from './lease-arguments';
import { checked } from './checked';

/**
 * The lease half of `CheckedEventStore`: every lease method checks its arguments (an
 * `InvalidArgumentError` naming the argument, nothing written) before the store's part runs.
 */
export class CheckedLeaseStore implements LeaseStore {
  constructor(private readonly leasePart: LeaseStore) {}

  acquireLease(
    owner: LeaseOwner,
    handler: string,
    partition: number,
    periodMs: number,
  ): Promise<LeaseFence | undefined> {
    return checked(
      () => (checkOwner(owner), checkLeaseKey(handler, partition), checkPeriod(periodMs)),
      () => this.leasePart.acquireLease(owner, handler, partition, periodMs),
    );
  }

  renewLeases(member: ProcessMember, held: readonly LeaseFence[], periodMs: number): Promise<LeaseFence[]> {
    return checked(
      () => checkMember(member, held, periodMs),
      () => this.leasePart.renewLeases(member, held, periodMs),
    );
  }

  releaseLease(fence: LeaseFence): Promise<void> {
    return checked(
      () => checkFence(fence),
      () => this.leasePart.releaseLease(fence),
    );
  }

  recordLeaseState(fence: LeaseFence, state: LeaseState, lastError?: LeaseError): Promise<void> {
    return checked(
      () => (checkFence(fence), checkLeaseState(state)),
      () => this.leasePart.recordLeaseState(fence, state, lastError),
    );
  }

  readLeases(): Promise<LeaseRecord[]> {
    return this.leasePart.readLeases();
  }

  readProcesses(): Promise<ProcessRecord[]> {
    return this.leasePart.readProcesses();
  }

  leaveProcesses(ownerId: string): Promise<void> {
    return checked(
      () => checkOwnerId(ownerId),
      () => this.leasePart.leaveProcesses(ownerId),
    );
  }
}
