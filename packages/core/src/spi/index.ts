// First: a missing peer dependency is reported by name, before anything tries to load it.
import '../peers/check-core-peers';

// The entry point for store and plugin authors: the contracts a store or a handler plugin
// implements, and the tools that make every store refuse bad input alike. Applications
// import from `@edict/core`; errors (ConcurrencyError, InvalidArgumentError…) are there too.

// Store contracts
export type { EventStore } from '../contracts/event-store';
export type { EventLog } from '../contracts/event-log';
export type { HandlerStateStore } from '../contracts/handler-state-store';
export type { AggregateStateStore } from '../contracts/aggregate-state-store';
export type { SubjectKeyStore, StoredSubjectKey } from '../contracts/subject-key-store';
export type { TruncationStore } from '../contracts/truncation-store';
export type { LeaseStore } from '../contracts/lease-store';
export type {
  LeaseError,
  LeaseFence,
  LeaseOwner,
  LeaseRecord,
  LeaseState,
  ProcessMember,
  ProcessRecord,
} from '../contracts/lease-records';
export type {
  AppendRequest,
  AppendResult,
  DeadLetter,
  EventMetadata,
  ExpectedVersion,
  HandlerLease,
  JsonObject,
  JsonValue,
  NewEvent,
  PartitionRange,
  PartitionRead,
  ProcessState,
  RecordedEvent,
  Snapshot,
  StoredCheckpoint,
  StoredCommand,
  StreamEventData,
  TruncateRequest,
  Truncation,
} from '../contracts/store-records';

// The validating layer and what a store is built from
export { CheckedEventStore } from '../store/checked-event-store';
export type { EventStoreParts } from '../store/checked-event-store';
export { checkAppend, checkStreamId, checkName, checkCount, checkTruncate } from '../store/store-arguments';
export { LocalLeases } from '../store/local-leases';
export { partitionOf } from '../util/partition-of';
export { CheckedLeaseStore } from '../store/checked-lease-store';
// A layer over a whole store: every member passed through, the layer overrides what it changes
export { EventStoreLayer } from '../store/event-store-layer';
export { encodeJson, decodeJson } from '../serialization/json-codec';

// Handler plugins
export type { HandlerPlugin, PluginHandler, PluginEnvironment } from '../contracts/handler-plugin';
export type { EventProcessor, ProcessItem } from '../contracts/event-processor';
export { MAX_PROCESS_BATCH } from '../contracts/event-processor';
export type { EventContext } from '../contracts/event-context';
export type { Class } from '../contracts/class';

// Packages built on core
export { checkOptionKeys } from '../validation/rules';
export { checkPeerDependencies } from '../peers/check-peer-dependencies';
export type { Logger } from '../contracts/logger';
export { consoleLogger } from '../util/console-logger';
export { groupCommitRecorder } from '../telemetry/group-commit';
