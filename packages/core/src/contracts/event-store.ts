import type { AggregateStateStore } from './aggregate-state-store';
import type { EventLog } from './event-log';
import type { HandlerStateStore } from './handler-state-store';
import type { SubjectKeyStore } from './subject-key-store';
import type { TruncationStore } from './truncation-store';

/**
 * The whole store an application runs on: the log, the handler state and the aggregate and
 * process state, which one database keeps together. The in-memory store in core, PostgreSQL
 * and PGlite in `@edict/postgres` implement it; the contract suite in `@edict/core/testing`
 * checks them, and `CheckedEventStore` (`@edict/core/spi`) gives each the same argument rules.
 */
export interface EventStore extends EventLog, HandlerStateStore, AggregateStateStore, TruncationStore {
  /** Releases what the store holds (connections); the store refuses requests afterwards. */
  close(): Promise<void>;
  /** The subjects' data keys, for personal data (`@Event(..., { personalData })`); absent on a store without them. */
  readonly subjectKeys?: SubjectKeyStore;
}
