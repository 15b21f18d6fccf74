/**
 * Handler leases as the store keeps them: one row per (handler, partition), held by one
 * process at a time until it expires, each acquisition numbered by a fencing token.
 */

/** The process that holds leases: one running instance of the application. */
export interface LeaseOwner {
  /** Unique to this run of the process (a uuid): a restarted process is a new owner. */
  readonly id: string;
  readonly host: string;
  readonly pid: number;
}

/** A process as its membership row shows it: which handlers it runs (holding or on standby). */
export interface ProcessMember extends LeaseOwner {
  readonly handlers: readonly string[];
}

/**
 * A lease as granted. A write made under a lease carries its fence; the store refuses it
 * (`LeaseLostError`, nothing written) once another acquisition has moved the token.
 */
export interface LeaseFence {
  readonly handler: string;
  /** 0 for an unpartitioned handler. */
  readonly partition: number;
  readonly ownerId: string;
  /** Grows at every acquisition of (handler, partition) by a new holder. */
  readonly token: number;
}

/** What a holder says it is doing, written into its lease row on each transition. */
export type LeaseState = 'active' | 'catching-up' | 'live' | 'retrying' | 'failed';

/** The holder's last error, as recorded in the lease row. */
export interface LeaseError {
  readonly message: string;
  readonly code?: string;
  /** Global position of the event that failed, if an event did. */
  readonly position?: number;
  readonly at: Date;
}

/** One lease row, for operators (`edict status`) and for rebalancing. */
export interface LeaseRecord {
  readonly handler: string;
  readonly partition: number;
  /** Undefined once released. */
  readonly owner?: LeaseOwner;
  readonly token: number;
  readonly state: LeaseState | 'released';
  readonly acquiredAt?: Date;
  readonly renewedAt?: Date;
  readonly expiresAt: Date;
  /** By the database's clock: the lease may be taken by anyone. */
  readonly expired: boolean;
  readonly lastError?: LeaseError;
}

/** A live process (its membership not expired), by the database's clock. */
export interface ProcessRecord extends ProcessMember {
  readonly startedAt: Date;
  readonly heartbeatAt: Date;
  readonly expiresAt: Date;
}
