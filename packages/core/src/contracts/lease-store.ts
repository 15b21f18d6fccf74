import type {
  LeaseError,
  LeaseFence,
  LeaseOwner,
  LeaseRecord,
  LeaseState,
  ProcessMember,
  ProcessRecord,
} from './lease-records';

/**
 * Handler leases kept by the store, with expiry by the store's own clock (never the
 * processes'), so that they hold across processes, through a transaction-mode pooler, and a
 * holder that dies loses them after `periodMs`. Each method is one statement.
 */
export interface LeaseStore {
  /**
   * Takes (handler, partition) for `owner` for `periodMs`, if free, expired, released or
   * already `owner`'s; each acquisition moves the fencing token on. Undefined while another
   * owner holds it.
   */
  acquireLease(
    owner: LeaseOwner,
    handler: string,
    partition: number,
    periodMs: number,
  ): Promise<LeaseFence | undefined>;
  /**
   * Extends the leases of `held` that `member` still holds by `periodMs` and renews its
   * membership row, in one statement. Returns the fences still held: one missing was taken.
   */
  renewLeases(member: ProcessMember, held: readonly LeaseFence[], periodMs: number): Promise<LeaseFence[]>;
  /** Lets go of a lease at once (state `released`); a fence that moved changes nothing. */
  releaseLease(fence: LeaseFence): Promise<void>;
  /** Records the holder's state (and last error) in the lease row; a fence that moved changes nothing. */
  recordLeaseState(fence: LeaseFence, state: LeaseState, lastError?: LeaseError): Promise<void>;
  /** Every lease row, by handler and partition. */
  readLeases(): Promise<LeaseRecord[]>;
  /** The live processes (membership not expired), oldest first. */
  readProcesses(): Promise<ProcessRecord[]>;
  /** Removes a process's membership row (on a graceful stop). */
  leaveProcesses(ownerId: string): Promise<void>;
}
