import type { AggregateStateStore } from '../contracts/aggregate-state-store';
import type { EventLog } from '../contracts/event-log';
import type { HandlerStateStore } from '../contracts/handler-state-store';
import type { SubjectKeyStore } from '../contracts/subject-key-store';
import type { TruncationStore } from '../contracts/truncation-store';

/** What a store is made of: its three contracts, unchecked, and how it closes. */
export interface EventStoreParts {
  readonly log: EventLog;
  readonly handlerState: HandlerStateStore;
  readonly aggregateState: AggregateStateStore;
  /** The subjects' data keys, when the store keeps them (personal data). */
  readonly subjectKeys?: SubjectKeyStore;
  readonly truncations: TruncationStore;
  /** Releases what the parts hold; called once per `close()` of the store. */
  close(): Promise<void>;
}
