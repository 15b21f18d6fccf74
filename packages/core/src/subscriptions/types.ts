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

/** What a handler's `@On` method receives besides the event. */
export interface EventContext {
  readonly handlerName: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  /** The event's version in its stream. */
  readonly version: number;
  /** The event's global position. */
  readonly position: number;
  readonly createdAt: Date;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** The metadata given at dispatch. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface SubscriptionSettings {
  /** Events read per query. */
  readonly batchSize: number;
  /** How often a live handler polls the store when no wake-up came (safety net). */
  readonly pollIntervalMs: number;
  /** How often a standby handler tries to take the lease. */
  readonly standbyRetryMs: number;
}

export interface Logger {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
