/** Where a handler stands. */
export type HandlerState =
  /** Not yet running. */
  | 'starting'
  /** Another process holds this handler's lease; this one waits to take over. */
  | 'standby'
  /** Replaying stored events from its checkpoint. */
  | 'catching-up'
  /** Caught up; processing new events as they are appended. */
  | 'live'
  /** The last event failed; retrying according to the error policy. */
  | 'retrying'
  /**
   * Stopped on an event by its error policy; restart the application to resume from it. It
   * keeps its lease meanwhile, so no other process runs the handler either.
   */
  | 'failed'
  | 'stopped';

export interface HandlerErrorInfo {
  readonly message: string;
  readonly code?: string;
  /** Global position of the event that failed. */
  readonly position: number;
  readonly attempts: number;
  readonly at: Date;
}

/** A handler's progress and health, as `edict.status()` reports it. */
export interface HandlerStatus {
  readonly name: string;
  /** For a partitioned handler: which partition this entry is (one entry per partition). */
  readonly partition?: number;
  /** For a partitioned handler: how many partitions it has. */
  readonly partitions?: number;
  /** For a partition: the process that holds its lease (this one or another), if any. */
  readonly owner?: { readonly id: string; readonly host: string; readonly pid: number };
  readonly state: HandlerState;
  /** Position of the last event processed (or skipped as not handled). */
  readonly position: number;
  /** Highest position in the store. */
  readonly headPosition: number;
  /** `headPosition - position`. */
  readonly lag: number;
  /** True once the handler has caught up with the log in this process. */
  readonly caughtUp: boolean;
  /** Events recorded as dead letters by this process since it started. */
  readonly deadLettered: number;
  readonly lastError?: HandlerErrorInfo;
}

/** Progress of a rebuild, in events of the log. */
export interface RebuildProgress {
  readonly handlerName: string;
  /** Events replayed so far. */
  readonly done: number;
  /** Positions in the log when the rebuild started (its head position). */
  readonly total: number;
  /**
   * Of those, the events `edict.truncate` removed: the replay never sees them (it starts from
   * the snapshots' side of history), so `done` ends at `total - truncated`. `edict.truncations()`
   * says which streams, and up to which version.
   */
  readonly truncated: number;
}

/** What `edict.repartition` did. */
export interface RepartitionResult {
  readonly handler: string;
  /** The partition count the checkpoints were of (1: unpartitioned); absent when the handler had none. */
  readonly from?: number;
  readonly to: number;
  /** The barrier: the old partitions processed every event up to it, the new ones start after it. */
  readonly position: number;
  /** The old partitions that were behind the barrier and caught up to it, each with where it stood. */
  readonly caughtUp: readonly { readonly name: string; readonly from: number }[];
}
